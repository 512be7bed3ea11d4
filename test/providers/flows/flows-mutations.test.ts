import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { executionGlobalId } from '../../../src/model/global-id.js';
import { whileAdvancing } from '../../helpers/gateway-harness.js';
import { flowsKey, startFlowsStack, type FlowsStack } from '../../helpers/flows-stack.js';

let stack: FlowsStack;
const flowId = 'text-summary-flow';
const postRoute = '/api/v1/executions';

const fields = `id nativeId status nativeStatus isTerminal input output error { code message } createdAt startedAt endedAt updatedAt
  ... on FlowExecution { flowId retryOf { nativeId status } }`;

beforeAll(async () => {
  stack = await startFlowsStack();
  stack.simulator.addFlow({ id: flowId, bricks: ['OpenAi'], behaviour: { runningMs: 1500, output: { summary: 'short' } } });
});

afterAll(async () => {
  for (const text of [...stack.gateway.responses, ...stack.gateway.logs]) expect(text).not.toContain(flowsKey);
  await stack.close();
});

beforeEach(() => {
  stack.simulator.server.faults.clear();
  stack.simulator.server.counters.reset();
  stack.simulator.setFailureMode('code');
});

const startMutation = `mutation ($input: StartExecutionInput!) { startExecution(input: $input) { ${fields} } }`;

function start(input: Record<string, unknown> = {}) {
  return stack.gateway.graphql<{ startExecution: Record<string, unknown> }>(startMutation, {
    input: { provider: 'flows', target: flowId, inputs: { text: 'a long text' }, ...input },
  });
}

function command(name: 'cancelExecution' | 'retryExecution', nativeId: string) {
  return stack.gateway.graphql<Record<string, Record<string, unknown>>>(`mutation ($id: ID!) { ${name}(id: $id) { ${fields} } }`, {
    id: executionGlobalId('flows', nativeId),
  });
}

const posts = () => stack.simulator.server.counters.count('POST', postRoute);
const advance = () => stack.clock.advance(100);

describe('startExecution', () => {
  it('blocks for the run even with wait: false (FlowMason runs the flow inside its POST), and answers it finished', async () => {
    const response = await whileAdvancing(start({ wait: false }), advance);
    expect(response.body.errors).toBeUndefined();
    const execution = response.body.data!.startExecution;
    expect(execution).toMatchObject({
      status: 'SUCCEEDED',
      nativeStatus: 'completed',
      isTerminal: true,
      input: { text: 'a long text' },
      output: { summary: 'short' },
      error: null,
      updatedAt: null,
      flowId,
      retryOf: null,
    });
    expect(execution.createdAt).toBe(execution.startedAt);
    expect(Date.parse(execution.endedAt as string) - Date.parse(execution.startedAt as string)).toBe(1500);
    expect(posts()).toBe(1);
    expect(stack.simulator.getExecution(execution.nativeId as string)).toMatchObject({ flow_id: flowId, input_payload: { text: 'a long text' } });
  });

  it('shows the run RUNNING to readers while its start is held', async () => {
    const pending = start();
    const [nativeId] = await stack.simulator.waitForInFlightRuns(1);
    const during = await stack.gateway.graphql<{ executionByNativeId: Record<string, unknown> }>(
      `query ($id: String!) { executionByNativeId(provider: "flows", nativeId: $id) { status isTerminal endedAt } }`,
      { id: nativeId },
    );
    expect(during.body.data!.executionByNativeId).toEqual({ status: 'RUNNING', isTerminal: false, endedAt: null });
    const response = await whileAdvancing(pending, advance);
    expect(response.body.data!.startExecution).toMatchObject({ nativeId, status: 'SUCCEEDED' });
  });

  it('gives the start at least 35 s, whatever the provider timeoutMs (600 ms here)', async () => {
    stack.simulator.scriptNextRuns([{ runningMs: 1000 }]);
    const pending = start();
    await stack.simulator.waitForInFlightRuns(1);
    // Held past timeoutMs in real time: an ordinary deadline would have cut it.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    stack.clock.advance(1000);
    const response = await pending;
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.startExecution).toMatchObject({ status: 'SUCCEEDED' });
  });

  it('answers a run that failed (empty 500) with an error saying no execution exists, and lets the same idempotencyKey send it again', async () => {
    stack.simulator.scriptNextRuns([{ outcome: 'failed', runningMs: 500 }]);
    const failed = await whileAdvancing(start({ idempotencyKey: 'failed-once' }), advance);
    expect(failed.body.data).toBeNull();
    expect(failed.body.errors?.[0]?.extensions).toEqual({ code: 'UPSTREAM_ERROR', provider: 'flows', httpStatus: 500 });
    expect(failed.body.errors?.[0]?.message).toMatch(/no execution exists/);
    expect(stack.simulator.listExecutions(flowId).filter((execution) => execution.status === 'failed')).toEqual([]);
    expect(posts()).toBe(1);

    const again = await whileAdvancing(start({ idempotencyKey: 'failed-once' }), advance);
    expect(again.body.data!.startExecution).toMatchObject({ status: 'SUCCEEDED' });
    expect(posts()).toBe(2);
  });

  it('answers a run cut at 30 s (empty 408) with UPSTREAM_TIMEOUT saying no execution exists, never sent twice', async () => {
    stack.simulator.scriptNextRuns([{ runningMs: 45_000 }]);
    const timedOut = await whileAdvancing(start({ idempotencyKey: 'slow-one' }), () => stack.clock.advance(1000));
    expect(timedOut.body.errors?.[0]?.extensions).toEqual({ code: 'UPSTREAM_TIMEOUT', provider: 'flows', httpStatus: 408 });
    expect(timedOut.body.errors?.[0]?.message).toMatch(/30 s limit.*no execution exists/);
    // Its steps ran for 30 s: the same key answers the same failure instead of running them again.
    const replay = await start({ idempotencyKey: 'slow-one' });
    expect(replay.body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT', httpStatus: 408 });
    expect(replay.body.errors?.[0]?.message).toMatch(/not sent again/);
    expect(posts()).toBe(1);
  });

  it('returns a failed run as FAILED when FlowMason stores it (the documented behaviour)', async () => {
    stack.simulator.setFailureMode('docs');
    stack.simulator.scriptNextRuns([{ outcome: 'failed', runningMs: 300, error: 'API key invalid' }]);
    const response = await whileAdvancing(start(), advance);
    expect(response.body.data!.startExecution).toMatchObject({
      status: 'FAILED',
      nativeStatus: 'failed',
      isTerminal: true,
      output: null,
      error: { code: null, message: 'API key invalid' },
    });
  });

  it('answers an unknown flow with NOT_FOUND naming it', async () => {
    const response = await start({ target: 'no-such-flow ✨' });
    expect(response.body.errors?.[0]?.extensions).toEqual({ code: 'NOT_FOUND', provider: 'flows', httpStatus: 404 });
    expect(response.body.errors?.[0]?.message).toMatch(/no flow "no-such-flow ✨"/);
  });

  it.each([
    [400, 'Failed to parse the request body as JSON: expected value at line 1 column 1'],
    [415, 'Expected request with `Content-Type: application/json`'],
    [422, 'Failed to deserialize the JSON body into the target type: missing field `flow_id` at line 1 column 2'],
  ])('maps a text/plain %i rejection to BAD_USER_INPUT without echoing it', async (status, body) => {
    stack.simulator.server.faults.inject({ kind: 'status', status, body, contentType: 'text/plain; charset=utf-8' }, { method: 'POST' });
    const response = await start();
    expect(response.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', provider: 'flows', httpStatus: status });
    expect(response.text).not.toContain('deserialize');
    expect(response.text).not.toContain('Content-Type');
    expect(posts()).toBe(1);
  });

  it('refuses a version (FlowMason flows have none) before any call', async () => {
    const response = await start({ version: '2' });
    expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.simulator.server.counters.total()).toBe(0);
  });

  it('passes any JSON as input_payload, not only objects', async () => {
    const response = await whileAdvancing(start({ inputs: 'just text' }), advance);
    expect(response.body.data!.startExecution).toMatchObject({ input: 'just text', status: 'SUCCEEDED' });
    const unicode = await whileAdvancing(start({ inputs: ['résumé ✨', { 客户: 1 }] }), advance);
    expect(unicode.body.data!.startExecution).toMatchObject({ input: ['résumé ✨', { 客户: 1 }] });
  });
});

describe('retryExecution', () => {
  it('runs the flow again with the same input: a new execution, linked to the one it retries', async () => {
    const failed = stack.simulator.addExecution({ flowId, status: 'failed', inputPayload: { text: 'try me again' }, error: 'boom' });
    const response = await whileAdvancing(command('retryExecution', failed), advance);
    expect(response.body.errors).toBeUndefined();
    const rerun = response.body.data!.retryExecution!;
    expect(rerun.nativeId).not.toBe(failed);
    expect(rerun).toMatchObject({ status: 'SUCCEEDED', input: { text: 'try me again' }, flowId, retryOf: { nativeId: failed, status: 'FAILED' } });
    expect(posts()).toBe(1);
    expect(stack.simulator.getExecution(rerun.nativeId as string)).toMatchObject({ flow_id: flowId, input_payload: { text: 'try me again' } });

    // The link outlives the mutation: a later read still knows what the re-run retried.
    const later = await stack.gateway.graphql<{ execution: Record<string, unknown> }>(`query ($id: ID!) { execution(id: $id) { ${fields} } }`, {
      id: rerun.id,
    });
    expect(later.body.data!.execution).toMatchObject({ retryOf: { nativeId: failed } });
  });

  it('refuses an execution that did not fail, before any write', async () => {
    const done = stack.simulator.addExecution({ flowId, status: 'completed' });
    const response = await command('retryExecution', done);
    expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: 'PRECONDITION_FAILED', provider: 'flows' });
    expect(posts()).toBe(0);
  });

  it('says no execution exists when the re-run fails too', async () => {
    const failed = stack.simulator.addExecution({ flowId, status: 'failed', inputPayload: { n: 1 } });
    stack.simulator.scriptNextRuns([{ outcome: 'failed', runningMs: 200 }]);
    const response = await whileAdvancing(command('retryExecution', failed), advance);
    expect(response.body.errors?.[0]?.extensions).toEqual({ code: 'UPSTREAM_ERROR', provider: 'flows', httpStatus: 500 });
    expect(response.body.errors?.[0]?.message).toMatch(/no execution exists/);
    expect(posts()).toBe(1);
  });
});

describe('what FlowMason cannot do', () => {
  it('answers cancelExecution and rateExecution with NOT_SUPPORTED before any call', async () => {
    const id = executionGlobalId('flows', stack.simulator.addExecution({ flowId, status: 'running' }));
    const cancel = await stack.gateway.graphql(`mutation ($id: ID!) { cancelExecution(id: $id) { id } }`, { id });
    const rate = await stack.gateway.graphql(`mutation ($id: ID!) { rateExecution(id: $id, feedback: POSITIVE) { id } }`, { id });
    expect(cancel.body.errors?.[0]?.extensions).toEqual({ code: 'NOT_SUPPORTED', provider: 'flows' });
    expect(rate.body.errors?.[0]?.extensions).toEqual({ code: 'NOT_SUPPORTED', provider: 'flows' });
    expect(stack.simulator.server.counters.total()).toBe(0);
  });

  it('declares exactly what it can do', async () => {
    const response = await stack.gateway.graphql<{ providers: unknown[] }>(`{ providers { name kind capabilities } }`);
    expect(response.body.data!.providers).toEqual([{ name: 'flows', kind: 'FLOWS', capabilities: ['get', 'list', 'retry', 'start'] }]);
  });
});
