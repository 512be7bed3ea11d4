import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { executionGlobalId } from '../../../src/model/global-id.js';
import type { ExecutionRecord } from '../../../src/model/execution-record.js';
import type { CallOptions } from '../../../src/providers/provider.js';
import { hasOperation } from '../../../src/providers/require-operation.js';
import type { Fault } from '../../../src/simulators/kit/index.js';
import type { ConformanceDriver, ConformanceStack, MutationName } from './conformance-driver.js';
import { airopsDriver } from './drivers/airops.js';
import { flowsDriver } from './drivers/flows.js';
import { nestedDriver } from './drivers/nested.js';
import { workflowRunsDriver } from './drivers/workflow-runs.js';

/**
 * One suite, every adapter: each upstream kind runs the same checks against its simulator,
 * through the production gateway over loopback. Quirks only one upstream has live in that
 * kind's own tests.
 */
const drivers: ConformanceDriver[] = [airopsDriver, flowsDriver, nestedDriver, workflowRunsDriver];

const isoUtc = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

const mutations: Record<MutationName, string> = {
  startExecution: `mutation ($provider: String!) { startExecution(input: { provider: $provider, target: "t", inputs: {} }) { id } }`,
  cancelExecution: `mutation ($id: ID!) { cancelExecution(id: $id) { id } }`,
  retryExecution: `mutation ($id: ID!) { retryExecution(id: $id) { id } }`,
  rateExecution: `mutation ($id: ID!) { rateExecution(id: $id, feedback: POSITIVE) { id } }`,
};

const capabilityOf: Record<MutationName, string> = {
  startExecution: 'start',
  cancelExecution: 'cancel',
  retryExecution: 'retry',
  rateExecution: 'rate',
};

describe.each(drivers)('adapter conformance: $kind', (driver) => {
  let stack: ConformanceStack;

  beforeAll(async () => {
    stack = await driver.start();
  });

  afterAll(() => stack.close());

  beforeEach(() => {
    stack.server.faults.clear();
  });

  const read = (nativeId: string) =>
    stack.gateway.graphql<{ executionByNativeId: Record<string, unknown> | null }>(
      `query ($provider: String!, $nativeId: String!) {
        executionByNativeId(provider: $provider, nativeId: $nativeId) {
          id nativeId status nativeStatus isTerminal createdAt updatedAt startedAt endedAt provider { name }
        }
      }`,
      { provider: stack.providerName, nativeId },
    );

  it('reads an execution by native id, with a stable global id that reads it again', async () => {
    const [first] = stack.statusCases;
    const response = await read(first!.nativeId);
    expect(response.body.errors).toBeUndefined();
    const execution = response.body.data!.executionByNativeId!;
    expect(execution).toMatchObject({ nativeId: first!.nativeId, provider: { name: stack.providerName } });
    expect(execution.id).toBe(executionGlobalId(stack.providerName, first!.nativeId));
    const again = await stack.gateway.graphql<{ execution: { nativeId: string } }>(`query ($id: ID!) { execution(id: $id) { nativeId } }`, {
      id: execution.id,
    });
    expect(again.body.data!.execution.nativeId).toBe(first!.nativeId);
  });

  it('answers null for a missing execution', async () => {
    const response = await read(stack.missingNativeId);
    expect(response.body).toEqual({ data: { executionByNativeId: null } });
  });

  it('maps every native status, case-insensitively, and an unknown one to UNKNOWN', async () => {
    expect(stack.statusCases.some((entry) => entry.status === 'UNKNOWN')).toBe(true);
    for (const entry of stack.statusCases) {
      const execution = (await read(entry.nativeId)).body.data!.executionByNativeId;
      expect(execution, entry.nativeStatus).toMatchObject({ status: entry.status, nativeStatus: entry.nativeStatus, isTerminal: entry.isTerminal });
    }
  });

  it('normalizes every timestamp to ISO 8601 UTC', async () => {
    for (const entry of stack.statusCases) {
      const execution = (await read(entry.nativeId)).body.data!.executionByNativeId!;
      expect(execution.createdAt).toMatch(isoUtc);
      for (const field of ['updatedAt', 'startedAt', 'endedAt']) {
        if (execution[field] !== null) expect(execution[field], field).toMatch(isoUtc);
      }
    }
  });

  it('walks its listing to the end, each execution exactly once, newest first', async () => {
    const provider = stack.provider;
    expect(hasOperation(provider, 'list')).toBe(true);
    const streams = await provider.operations.list!.streams({ targetIds: null, statuses: null }, {});
    const seen: ExecutionRecord[] = [];
    for (const stream of streams) {
      const inStream: ExecutionRecord[] = [];
      let position: unknown = null;
      for (let page = 0; page < 1000; page++) {
        const result = await provider.operations.list!.page({ stream, targetIds: null, statuses: null, pageSize: 7, position }, {});
        inStream.push(...result.records);
        if (result.next === null) break;
        position = result.next;
      }
      for (let index = 1; index < inStream.length; index++) {
        expect(inStream[index - 1]!.createdAt >= inStream[index]!.createdAt).toBe(true);
      }
      seen.push(...inStream);
    }
    const ids = seen.map((record) => record.nativeId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(stack.listedNativeIds));
  });

  it('sends the upstream credentials in its documented shape (a wrong key is the gateway’s problem, not the client’s)', async () => {
    const wrong = await stack.gatewayWithWrongKey();
    const response = await wrong.graphql<{ executionByNativeId: unknown }>(
      `query ($provider: String!, $nativeId: String!) { executionByNativeId(provider: $provider, nativeId: $nativeId) { id } }`,
      { provider: stack.providerName, nativeId: stack.statusCases[0]!.nativeId },
    );
    expect(response.body.errors?.[0]?.extensions).toEqual({ code: 'UPSTREAM_ERROR', provider: stack.providerName, httpStatus: 401 });
    expect(response.body.errors?.[0]?.message).toMatch(/credentials/);
  });

  it.each<[string, Fault, Record<string, unknown> | null]>([
    ['401', { kind: 'status', status: 401 }, { code: 'UPSTREAM_ERROR', httpStatus: 401 }],
    ['404', { kind: 'status', status: 404 }, null],
    ['429', { kind: 'rate-limit', retryAfterSeconds: 300 }, { code: 'RATE_LIMITED', httpStatus: 429, retryAfterSeconds: 300 }],
    ['500', { kind: 'status', status: 500 }, { code: 'UPSTREAM_UNAVAILABLE', httpStatus: 500 }],
    ['503', { kind: 'status', status: 503 }, { code: 'UPSTREAM_UNAVAILABLE', httpStatus: 503 }],
    ['a deadline', { kind: 'delay', ms: 3000 }, { code: 'UPSTREAM_TIMEOUT' }],
    ['a reset', { kind: 'reset' }, { code: 'UPSTREAM_UNAVAILABLE' }],
    ['a malformed body', { kind: 'malformed' }, { code: 'UPSTREAM_ERROR', httpStatus: 200 }],
  ])('maps %s on a read to its contract code', async (_name, fault, extensions) => {
    stack.server.faults.inject(fault, { times: 10, method: stack.getRoute.method });
    const response = await read(stack.statusCases[0]!.nativeId);
    if (extensions === null) {
      expect(response.body).toEqual({ data: { executionByNativeId: null } });
    } else {
      expect(response.body.data).toEqual({ executionByNativeId: null });
      expect(response.body.errors?.[0]?.extensions).toEqual({ provider: stack.providerName, ...extensions });
    }
    stack.server.faults.clear();
    expect((await read(stack.statusCases[0]!.nativeId)).body.data!.executionByNativeId).not.toBeNull();
  });

  /**
   * Upstream attempts one call makes while every GET fails (503): the poller's reads
   * (`retry: false`) must make exactly one, a client's may retry up to the client's bound (3).
   */
  const attemptsAgainstFailingUpstream = async (call: (options: CallOptions) => Promise<unknown>, options: CallOptions): Promise<number> => {
    stack.server.faults.inject({ kind: 'status', status: 503 }, { times: 10, method: 'GET' });
    const before = stack.server.counters.total();
    await expect(call(options)).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', provider: stack.providerName });
    const attempts = stack.server.counters.total() - before;
    stack.server.faults.clear();
    return attempts;
  };

  it('makes one upstream attempt for a poll-style read of a failing upstream, and lets a client read retry', async () => {
    const nativeId = stack.statusCases[0]!.nativeId;
    const get = (options: CallOptions) => stack.provider.operations.get(nativeId, options);
    expect(await attemptsAgainstFailingUpstream(get, { retry: false })).toBe(1);
    const clientAttempts = await attemptsAgainstFailingUpstream(get, {});
    expect(clientAttempts).toBeGreaterThan(1);
    expect(clientAttempts).toBeLessThanOrEqual(3);
    // A healthy read closes the circuit breaker again for the tests after this one.
    expect(await get({})).not.toBeNull();
  });

  it('makes one upstream attempt for a batch poll of a failing upstream, and lets a client call retry', async (context) => {
    const { batch, list } = stack.provider.operations;
    if (!batch || !list) return context.skip();
    // A listed record names its scope (an AirOps record read by id alone does not know its app).
    const [stream] = await list.streams({ targetIds: null, statuses: null }, {});
    const { records } = await list.page({ stream: stream!, targetIds: null, statuses: null, pageSize: 20, position: null }, {});
    const record = records.find((candidate) => batch.scopeOf(candidate) !== null);
    expect(record).toBeDefined();
    const poll = (options: CallOptions) => batch.poll(batch.scopeOf(record!)!, [record!.nativeId], options);
    expect(await attemptsAgainstFailingUpstream(poll, { retry: false })).toBe(1);
    const clientAttempts = await attemptsAgainstFailingUpstream(poll, {});
    expect(clientAttempts).toBeGreaterThan(1);
    expect(clientAttempts).toBeLessThanOrEqual(3);
    expect((await poll({})).map((polled) => polled.nativeId)).toEqual([record!.nativeId]);
  });

  it('answers NOT_SUPPORTED for each operation it lacks, before any upstream call', async () => {
    // What it lacks is what `providers { capabilities }` leaves out (AirOps lacks nothing).
    const listed = await stack.gateway.graphql<{ providers: { name: string; capabilities: string[] }[] }>('{ providers { name capabilities } }');
    const capabilities = listed.body.data!.providers.find((provider) => provider.name === stack.providerName)!.capabilities;
    const lacking = (Object.keys(mutations) as MutationName[]).filter((name) => !capabilities.includes(capabilityOf[name]));
    expect(lacking.sort()).toEqual([...stack.unsupported].sort());
    const id = executionGlobalId(stack.providerName, stack.statusCases[0]!.nativeId);
    for (const name of stack.unsupported) {
      const before = stack.server.counters.total();
      const response = await stack.gateway.graphql(mutations[name], { id, provider: stack.providerName });
      expect(response.body.errors?.[0]?.extensions, name).toEqual({ code: 'NOT_SUPPORTED', provider: stack.providerName });
      expect(stack.server.counters.total(), name).toBe(before);
    }
  });

  it('sends a failed start to the upstream exactly once', async (context) => {
    if (!stack.start) return context.skip();
    const { target, inputs, route } = stack.start;
    const before = stack.server.counters.count(route.method, route.template);
    stack.server.faults.inject({ kind: 'status', status: 500 }, { times: 5, method: route.method });
    const response = await stack.gateway.graphql(
      `mutation ($input: StartExecutionInput!) { startExecution(input: $input) { id } }`,
      { input: { provider: stack.providerName, target, inputs } },
    );
    expect(response.body.errors?.[0]?.extensions).toMatchObject({ provider: stack.providerName });
    expect(['UPSTREAM_UNAVAILABLE', 'UPSTREAM_ERROR']).toContain(response.body.errors?.[0]?.extensions?.code);
    expect(stack.server.counters.count(route.method, route.template) - before).toBe(1);
  });
});
