import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAirOpsStack, type AirOpsStack } from '../helpers/airops-stack.js';
import { scrapeMetrics } from '../helpers/metrics-scrape.js';

const clientKey = 'operations-client-key-31';
const metricsToken = 'metrics-scrape-token-8c2e';

async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string | undefined; text: string }> {
  const response = await request(url, { headers });
  return { status: response.statusCode, type: response.headers['content-type'] as string | undefined, text: await response.body.text() };
}

describe('/health and /readiness', () => {
  let stack: AirOpsStack;

  beforeAll(async () => {
    stack = await startAirOpsStack({ config: { auth: { apiKeys: [{ key: clientKey }] } } });
  });

  afterAll(() => stack.close());

  it('answers /health with 200 {"status":"ok"}, with no client key', async () => {
    const health = await get(`${stack.gateway.origin}/health`);
    expect(health).toEqual({ status: 200, type: 'application/json; charset=utf-8', text: '{"status":"ok"}' });
  });

  it('answers /readiness with 200 {"status":"ready"} once listening, with no client key', async () => {
    expect(await get(`${stack.gateway.origin}/readiness`)).toEqual({ status: 200, type: 'application/json; charset=utf-8', text: '{"status":"ready"}' });
  });

  it('answers 503 with the reasons while a module reports one (the hook a Redis connection will use), and 200 again once resolved', async () => {
    const { readiness } = stack.gateway.gateway;
    readiness.notReady('redis unreachable');
    const unready = await get(`${stack.gateway.origin}/readiness`);
    expect(unready.status).toBe(503);
    expect(JSON.parse(unready.text)).toEqual({ status: 'not ready', reasons: ['redis unreachable'] });
    // Health is about the process serving HTTP, not about traffic.
    expect((await get(`${stack.gateway.origin}/health`)).status).toBe(200);
    readiness.resolved('redis unreachable');
    expect((await get(`${stack.gateway.origin}/readiness`)).status).toBe(200);
  });

  it('stays ready while an upstream fails (a partial outage, not a reason to take no traffic)', async () => {
    stack.simulator.server.faults.inject({ kind: 'status', status: 503 }, { times: 20 });
    const answer = await stack.gateway.graphql(`{ executionByNativeId(provider: "airops", nativeId: "00000000-0000-4000-8000-000000000001") { id } }`, undefined, {
      authorization: `Bearer ${clientKey}`,
    });
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect((await get(`${stack.gateway.origin}/readiness`)).status).toBe(200);
    stack.simulator.server.faults.clear();
  });

  it('is not ready before the server listens, and says why', async () => {
    const { Readiness } = await import('../../src/server/readiness.js');
    const fresh = new Readiness();
    expect(fresh.ready).toBe(false);
    expect(fresh.reasons()).toEqual(['starting']);
  });
});

describe('/metrics with metrics.bearerToken', () => {
  let stack: AirOpsStack;

  beforeAll(async () => {
    stack = await startAirOpsStack({ config: { metrics: { bearerToken: { env: 'RUNQL_METRICS_TOKEN' } } }, harness: { env: { RUNQL_METRICS_TOKEN: metricsToken } } });
  });

  afterAll(() => stack.close());

  it('answers 401 without the token or with a wrong one, and the metrics with it', async () => {
    const without = await get(`${stack.gateway.origin}/metrics`);
    const wrong = await get(`${stack.gateway.origin}/metrics`, { authorization: `Bearer ${metricsToken}x` });
    const notBearer = await get(`${stack.gateway.origin}/metrics`, { authorization: metricsToken });
    const right = await scrapeMetrics(stack.gateway.origin, { authorization: `Bearer ${metricsToken}` });
    for (const refused of [without, wrong, notBearer]) {
      expect(refused.status).toBe(401);
      expect(JSON.parse(refused.text).errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(refused.text).not.toContain(metricsToken);
      stack.gateway.responses.push(refused.text);
    }
    stack.gateway.responses.push(right.text);
    expect(right.status).toBe(200);
    expect(right.families.has('runql_upstream_requests_total')).toBe(true);
    expect(right.text).not.toContain(metricsToken);
    // /health and /readiness stay open.
    expect((await get(`${stack.gateway.origin}/health`)).status).toBe(200);
    expect(stack.gateway.logs.join('\n')).not.toContain(metricsToken);
  });
});

describe('metrics.enabled: false', () => {
  let stack: AirOpsStack;

  beforeAll(async () => {
    stack = await startAirOpsStack({ config: { metrics: { enabled: false } } });
  });

  afterAll(() => stack.close());

  it('counts nothing and has no /metrics', async () => {
    expect(stack.gateway.gateway.metrics).toBeNull();
    expect((await stack.gateway.graphql(`{ providers { name } }`)).status).toBe(200);
    const metrics = await get(`${stack.gateway.origin}/metrics`);
    expect(metrics.status).toBe(404);
    expect(JSON.parse(metrics.text).errors[0].extensions.code).toBe('NOT_FOUND');
    expect((await get(`${stack.gateway.origin}/health`)).status).toBe(200);
  });
});
