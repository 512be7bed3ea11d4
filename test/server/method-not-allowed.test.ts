import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAirOpsStack, type AirOpsStack } from '../helpers/airops-stack.js';

let stack: AirOpsStack;

beforeAll(async () => {
  stack = await startAirOpsStack({ config: { cors: { origins: ['https://app.example.com'] } } });
});

afterAll(async () => {
  await stack.close();
});

interface ErrorBody {
  errors: { message: string; extensions?: { code?: string; http?: unknown } }[];
}

async function send(method: string, url: string, body?: string) {
  const response = await request(url, {
    method: method as 'PUT',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
    ...(body !== undefined ? { body } : {}),
  });
  const text = await response.body.text();
  return { status: response.statusCode, allow: response.headers.allow, text, json: JSON.parse(text) as ErrorBody };
}

describe('405 Method Not Allowed on /graphql', () => {
  for (const method of ['PUT', 'DELETE', 'PATCH']) {
    it(`answers ${method} with 405, Allow: GET, POST and a GraphQL error`, async () => {
      const response = await send(method, stack.gateway.url, method === 'DELETE' ? undefined : JSON.stringify({ query: '{ providers { name } }' }));
      expect(response.status).toBe(405);
      expect(response.allow).toBe('GET, POST');
      expect(response.json.errors).toHaveLength(1);
      expect(response.json.errors[0]!.message).toBe('GraphQL only supports GET and POST requests.');
      expect(response.json.errors[0]!.extensions?.code).toBe('BAD_USER_INPUT');
      // Yoga reads the status and headers off the error; they are not part of the body.
      expect(response.json.errors[0]!.extensions?.http).toBeUndefined();
    });
  }

  it('answers a mutation over GET with 405, Allow: POST and a GraphQL error', async () => {
    const url = `${stack.gateway.url}?query=${encodeURIComponent('mutation { cancelExecution(id: "x") { id } }')}`;
    const response = await send('GET', url);
    expect(response.status).toBe(405);
    expect(response.allow).toBe('POST');
    expect(response.json.errors[0]!.message).toBe('Can only perform a mutation operation from a POST request.');
    expect(response.json.errors[0]!.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.json.errors[0]!.extensions?.http).toBeUndefined();
  });

  it('still serves queries over GET and POST without an Allow header', async () => {
    const get = await send('GET', `${stack.gateway.url}?query=${encodeURIComponent('{ providers { name } }')}`);
    expect(get.status).toBe(200);
    expect(get.allow).toBeUndefined();
    const post = await send('POST', stack.gateway.url, JSON.stringify({ query: '{ providers { name } }' }));
    expect(post.status).toBe(200);
    expect(post.allow).toBeUndefined();
  });

  it('keeps answering CORS preflights (OPTIONS) as before', async () => {
    const response = await request(stack.gateway.url, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    await response.body.dump();
    expect(response.statusCode).toBeLessThan(300);
    expect(response.headers['access-control-allow-origin']).toBe('https://app.example.com');
  });
});
