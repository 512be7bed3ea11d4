import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Fault } from '../../../src/simulators/kit/index.js';
import { airopsKey, startAirOpsStack, type AirOpsStack } from '../../helpers/airops-stack.js';

let stack: AirOpsStack;
let uuid: string;
let appUuid: string;

beforeAll(async () => {
  // Reads of one finished execution must each reach the upstream here: no finished-execution cache.
  stack = await startAirOpsStack({ provider: { timeoutMs: 300 }, config: { cache: { finishedTtlMs: 0 } } });
  const app = stack.simulator.addApp({ name: 'faults' });
  appUuid = app.uuid;
  uuid = stack.simulator.addExecution({ app: app.id, status: 'success', output: { fine: true } }).uuid;
});

afterAll(async () => {
  // Secret hygiene over everything this file did: responses and log lines.
  for (const text of [...stack.gateway.responses, ...stack.gateway.logs]) expect(text).not.toContain(airopsKey);
  expect(stack.gateway.logs.length).toBeGreaterThan(0);
  await stack.close();
});

beforeEach(() => {
  stack.simulator.server.faults.clear();
  stack.simulator.server.counters.reset();
});

const read = () =>
  stack.gateway.graphql<{ executionByNativeId: { status: string } | null }>(
    `query ($uuid: String!) { executionByNativeId(provider: "airops", nativeId: $uuid) { status } }`,
    { uuid },
  );

describe('upstream faults on reads', () => {
  it.each<[string, Fault, Record<string, unknown>]>([
    ['HTTP 500', { kind: 'status', status: 500 }, { code: 'UPSTREAM_UNAVAILABLE', httpStatus: 500 }],
    ['HTTP 502', { kind: 'status', status: 502 }, { code: 'UPSTREAM_UNAVAILABLE', httpStatus: 502 }],
    ['HTTP 401', { kind: 'status', status: 401 }, { code: 'UPSTREAM_ERROR', httpStatus: 401 }],
    ['HTTP 403', { kind: 'status', status: 403 }, { code: 'UPSTREAM_ERROR', httpStatus: 403 }],
    ['429 with a long Retry-After', { kind: 'rate-limit', retryAfterSeconds: 90 }, { code: 'RATE_LIMITED', httpStatus: 429, retryAfterSeconds: 90 }],
    ['a delay past the deadline', { kind: 'delay', ms: 2000 }, { code: 'UPSTREAM_TIMEOUT' }],
    ['a connection reset', { kind: 'reset' }, { code: 'UPSTREAM_UNAVAILABLE' }],
    ['a malformed JSON body', { kind: 'malformed' }, { code: 'UPSTREAM_ERROR', httpStatus: 200 }],
    ['an empty body', { kind: 'empty' }, { code: 'UPSTREAM_ERROR', httpStatus: 200 }],
  ])('maps %s to its code with the provider, and keeps serving', async (_name, fault, extensions) => {
    stack.simulator.server.faults.inject(fault, { times: 10 });
    const failed = await read();
    expect(failed.status).toBe(200);
    expect(failed.body.data).toEqual({ executionByNativeId: null });
    expect(failed.body.errors).toHaveLength(1);
    expect(failed.body.errors![0]!.path).toEqual(['executionByNativeId']);
    expect(failed.body.errors![0]!.extensions).toEqual({ provider: 'airops', ...extensions });
    stack.simulator.server.faults.clear();
    expect((await read()).body).toEqual({ data: { executionByNativeId: { status: 'SUCCEEDED' } } });
  });

  it('says the gateway credentials were rejected, not that the client is unauthenticated', async () => {
    stack.simulator.server.faults.inject({ kind: 'status', status: 401 }, { times: 10 });
    const failed = await read();
    expect(failed.body.errors![0]!.message).toMatch(/rejected the gateway's credentials/);
    expect(failed.body.errors![0]!.extensions!.code).not.toBe('UNAUTHENTICATED');
  });

  it('retries a read through a short outage', async () => {
    stack.simulator.server.faults.inject({ kind: 'status', status: 503 }, { times: 2 });
    expect((await read()).body).toEqual({ data: { executionByNativeId: { status: 'SUCCEEDED' } } });
    expect(stack.simulator.server.counters.count('GET', '/public_api/airops_apps/executions/:execution_uuid')).toBe(3);
  });

  it('never carries the upstream body in an error', async () => {
    stack.simulator.server.faults.inject({ kind: 'status', status: 500, body: `{"error":"leaked ${airopsKey}"}` }, { times: 10 });
    const failed = await read();
    expect(failed.text).not.toContain('leaked');
  });
});

describe('upstream faults on writes', () => {
  it.each<[string, Fault, string]>([
    ['HTTP 500', { kind: 'status', status: 500 }, 'UPSTREAM_UNAVAILABLE'],
    ['429', { kind: 'rate-limit', retryAfterSeconds: 1 }, 'RATE_LIMITED'],
    ['a delay past the deadline', { kind: 'delay', ms: 2000 }, 'UPSTREAM_TIMEOUT'],
    ['a connection reset', { kind: 'reset' }, 'UPSTREAM_UNAVAILABLE'],
    ['a malformed body', { kind: 'malformed' }, 'UPSTREAM_ERROR'],
  ])('a start that meets %s is reported as %s and reaches the upstream exactly once', async (_name, fault, code) => {
    stack.simulator.server.faults.inject(fault, { times: 10, method: 'POST' });
    const response = await stack.gateway.graphql(
      `mutation ($app: String!) { startExecution(input: { provider: "airops", target: $app, inputs: { topic: "x" } }) { id } }`,
      { app: appUuid },
    );
    expect(response.body.errors?.[0]?.extensions).toMatchObject({ code, provider: 'airops' });
    expect(stack.simulator.server.counters.count('POST', '/public_api/airops_apps/:app_uuid/async_execute')).toBe(1);
  });

  it('keeps the webhook key out of responses and logs', async () => {
    stack.simulator.server.faults.inject({ kind: 'reset' }, { method: 'POST' });
    const response = await stack.gateway.graphql(
      `mutation ($app: String!) { executeAirOpsWebhook(input: { provider: "airops", target: $app, inputs: {} }) { id } }`,
      { app: appUuid },
    );
    expect(response.body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(response.text).not.toContain(airopsKey);
    expect(stack.gateway.logs.some((line) => line.includes('start webhook execution'))).toBe(true);
  });
});
