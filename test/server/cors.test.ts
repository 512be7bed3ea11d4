import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAirOpsStack, type AirOpsStack } from '../helpers/airops-stack.js';

let allowed: AirOpsStack;
let sameOrigin: AirOpsStack;

beforeAll(async () => {
  allowed = await startAirOpsStack({ config: { cors: { origins: ['https://app.example.com'] } } });
  sameOrigin = await startAirOpsStack();
});

afterAll(async () => {
  await allowed.close();
  await sameOrigin.close();
});

async function preflight(url: string, origin: string) {
  const response = await request(url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
  });
  await response.body.dump();
  return response.headers;
}

describe('cors.origins', () => {
  it('lets a configured browser origin call the API, with the Authorization header', async () => {
    const headers = await preflight(allowed.gateway.url, 'https://app.example.com');
    expect(headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(String(headers['access-control-allow-headers']).toLowerCase()).toContain('authorization');
  });

  it('gives other origins no CORS grant', async () => {
    const headers = await preflight(allowed.gateway.url, 'https://evil.example.net');
    expect(headers['access-control-allow-origin']).not.toBe('https://evil.example.net');
    expect(headers['access-control-allow-origin']).not.toBe('*');
  });

  it('grants no origin at all when cors is absent (same origin only)', async () => {
    const headers = await preflight(sameOrigin.gateway.url, 'https://app.example.com');
    expect(headers['access-control-allow-origin']).toBeUndefined();
  });
});
