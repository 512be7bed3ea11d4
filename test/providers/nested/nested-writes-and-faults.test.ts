import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { executionGlobalId } from '../../../src/model/global-id.js';
import { nestedKey, startNestedStack, type NestedStack } from '../../helpers/nested-stack.js';

let stack: NestedStack;
let rootId: string;
let id: string;

const executionRoute = '/api/v1/executions/:id';
const nestingsRoute = '/api/v1/executions/nestings';

beforeAll(async () => {
  // Reads here must reflect the simulator's clock at once, not the short cache of finished executions.
  stack = await startNestedStack({ config: { cache: { finishedTtlMs: 0 } } });
  const tree = stack.simulator.addExecutionTree({ lifecycle: { pendingMs: 0, runningMs: 100, outcome: 'failed' }, children: [{ lifecycle: { pendingMs: 0, runningMs: 50 } }] });
  rootId = tree.id;
  id = executionGlobalId('zaia', rootId);
  stack.clock.advance(1000);
});

afterAll(async () => {
  for (const text of [...stack.gateway.responses, ...stack.gateway.logs]) {
    expect(text).not.toContain(nestedKey);
    // The Zaia envelope never reaches a client or a log line.
    expect(text).not.toContain('support-contact');
    expect(text).not.toContain('Muitas requisições');
  }
  await stack.close();
});

beforeEach(() => {
  stack.simulator.server.faults.clear();
  stack.simulator.server.counters.reset();
});

describe('Zaia is read-only: every write is NOT_SUPPORTED, before any upstream call', () => {
  it.each([
    ['startExecution', `mutation { startExecution(input: { provider: "zaia", target: "a3c1e2f4-5b6d-4e7f-8a9b-0c1d2e3f4a5b", inputs: {}, wait: true }) { id } }`],
    ['cancelExecution', `mutation ($id: ID!) { cancelExecution(id: $id) { id } }`],
    ['retryExecution', `mutation ($id: ID!) { retryExecution(id: $id) { id } }`],
    ['rateExecution', `mutation ($id: ID!) { rateExecution(id: $id, feedback: NEGATIVE) { id } }`],
    [
      'executeAirOpsWorkflowDefinition',
      `mutation { executeAirOpsWorkflowDefinition(input: { provider: "zaia", target: "x", inputs: {}, inputsSchema: [], definition: [] }) { id } }`,
    ],
    ['executeAirOpsWebhook', `mutation { executeAirOpsWebhook(input: { provider: "zaia", target: "x", inputs: {} }) { id } }`],
  ])('%s', async (operation, document) => {
    const response = await stack.gateway.graphql(document, document.includes('$id') ? { id } : undefined);
    expect(response.body.data ?? null).toBeNull();
    expect(response.body.errors).toHaveLength(1);
    expect(response.body.errors![0]!.extensions).toEqual({ code: 'NOT_SUPPORTED', provider: 'zaia' });
    expect(response.body.errors![0]!.message).toContain(operation);
    expect(stack.simulator.server.counters.total()).toBe(0);
  });

  it('refuses a write to an id that does not exist the same way, without a call', async () => {
    const response = await stack.gateway.graphql(`mutation ($id: ID!) { cancelExecution(id: $id) { id } }`, {
      id: executionGlobalId('zaia', '0badc0de-0000-4000-8000-000000000000'),
    });
    expect(response.body.errors![0]!.extensions!.code).toBe('NOT_SUPPORTED');
    expect(stack.simulator.server.counters.total()).toBe(0);
  });
});

describe('Zaia error envelope and faults', () => {
  const read = () =>
    stack.gateway.graphql<{ execution: { status: string; children: { edges: unknown[] } } | null }>(
      `query ($id: ID!) { execution(id: $id) { status children(first: 5) { edges { node { nativeId } } } } }`,
      { id },
    );

  it('reports rejected credentials as UPSTREAM_ERROR 401, not as the client’s problem', async () => {
    stack.simulator.server.faults.inject({ kind: 'status', status: 401 }, { times: 5 });
    const response = await read();
    expect(response.body.errors![0]!.extensions).toEqual({ code: 'UPSTREAM_ERROR', provider: 'zaia', httpStatus: 401 });
    expect(response.body.errors![0]!.message).toMatch(/rejected the gateway's credentials/);
  });

  it('maps a 429 envelope with Retry-After to RATE_LIMITED on the children call, keeping the rest of the answer', async () => {
    stack.simulator.server.faults.inject({ kind: 'rate-limit', retryAfterSeconds: 120 }, { times: 5, path: '/api/v1/executions/nestings' });
    const response = await read();
    expect(response.body.data).toEqual({ execution: null });
    expect(response.body.errors![0]!.path).toEqual(['execution', 'children']);
    expect(response.body.errors![0]!.extensions).toEqual({ code: 'RATE_LIMITED', provider: 'zaia', httpStatus: 429, retryAfterSeconds: 120 });
  });

  it('retries a read through a short outage', async () => {
    stack.simulator.server.faults.inject({ kind: 'status', status: 503 }, { times: 2, path: `/api/v1/executions/${rootId}` });
    const response = await read();
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.execution!.status).toBe('FAILED');
    expect(stack.simulator.server.counters.count('GET', executionRoute)).toBe(3);
    expect(stack.simulator.server.counters.count('GET', nestingsRoute)).toBe(1);
  });

  it('says so when a success status carries an error envelope, without repeating it', async () => {
    const envelope = JSON.stringify({ code: 'internal', cta: { type: 'support-contact', url: 'https://x' }, feedback: { enUs: 'a', esEs: 'b', ptBr: 'c' }, message: `leak ${nestedKey}`, name: 'Oops' });
    stack.simulator.server.faults.inject({ kind: 'status', status: 200, body: envelope }, { times: 5 });
    const response = await read();
    expect(response.body.errors![0]!.extensions).toEqual({ code: 'UPSTREAM_ERROR', provider: 'zaia', httpStatus: 200 });
    expect(response.body.errors![0]!.message).toMatch(/error envelope/);
    expect(response.text).not.toContain('leak');
  });

  it('fails a listing call with the upstream code', async () => {
    stack.simulator.server.faults.inject({ kind: 'status', status: 500 }, { times: 5, path: '/api/v1/executions' });
    await expect(stack.provider.operations.list!.page({ stream: 'workspace', pageSize: 5, position: null, targetIds: null, statuses: null }, {})).rejects.toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      provider: 'zaia',
      httpStatus: 500,
    });
    stack.simulator.server.faults.inject({ kind: 'malformed' }, { times: 5, path: '/api/v1/executions' });
    await expect(stack.provider.operations.list!.page({ stream: 'workspace', pageSize: 5, position: null, targetIds: null, statuses: null }, {})).rejects.toMatchObject({
      code: 'UPSTREAM_ERROR',
    });
  });

  it('reads 404 and 400 with empty bodies (the A12 alternative) as "no such execution"', async () => {
    const other = await startNestedStack({ simulator: { errorBodies: 'empty' } });
    try {
      const response = await other.gateway.graphql(
        `{ a: executionByNativeId(provider: "zaia", nativeId: "0badc0de-0000-4000-8000-000000000000") { id } b: executionByNativeId(provider: "zaia", nativeId: "0badc0de-0000-1000-8000-000000000000") { id } c: nestedExecutionByChatMessage(provider: "zaia", chatMessageId: "0badc0de-0000-4000-8000-000000000000") { id } }`,
      );
      expect(response.body).toEqual({ data: { a: null, b: null, c: null } });
      expect(other.simulator.server.counters.total()).toBe(3);
    } finally {
      await other.close();
    }
  });
});
