import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { executionGlobalId } from '../../../src/model/global-id.js';
import { catalogWorkflowIds } from '../../../src/simulators/workflow-runs/index.js';
import { whileAdvancing } from '../../helpers/gateway-harness.js';
import { ReadOnlyProvider } from '../../helpers/read-only-provider.js';
import { startWorkflowRunsStack, type WorkflowRunsStack } from '../../helpers/workflow-runs-stack.js';

const fields = `
  id nativeId status nativeStatus isTerminal output error { message }
  ... on WorkflowRun { workflowId runId origin discoverable stale workflowAppId steps { key status } retention { maxAgeSeconds keepForever preserveOnFailure dueAt } }
`;
const market = catalogWorkflowIds.marketEnrich;

let stack: WorkflowRunsStack;

beforeAll(async () => {
  stack = await startWorkflowRunsStack({ harness: { extraProviders: () => [new ReadOnlyProvider('archive', [])] } });
  stack.simulator.seedWorkflows();
});

afterAll(() => stack.close());

beforeEach(() => {
  stack.simulator.server.faults.clear();
  stack.simulator.server.counters.reset();
  stack.proxy.requests.length = 0;
});

const counters = () => stack.simulator.server.counters;
const runsRoute = '/apps/:app_id/workflows/:workflow_id/runs';

function start(input: Record<string, unknown>) {
  return stack.gateway.graphql<{ startExecution: Record<string, any> }>(`mutation ($input: StartExecutionInput!) { startExecution(input: $input) { ${fields} } }`, {
    input: { provider: 'cortex', target: 'wf_1', inputs: { text: 'Grüß Gott 👋' }, ...input },
  });
}

function command(name: 'cancelExecution' | 'retryExecution' | 'cancelDiscoverableWorkflowRun', nativeId: string) {
  return stack.gateway.graphql<Record<string, Record<string, any>>>(`mutation ($id: ID!) { ${name}(id: $id) { ${fields} } }`, {
    id: executionGlobalId('cortex', nativeId),
  });
}

function read(nativeId: string) {
  return stack.gateway.graphql<{ executionByNativeId: Record<string, any> | null }>(
    `query ($nativeId: String!) { executionByNativeId(provider: "cortex", nativeId: $nativeId) { ${fields} } }`,
    { nativeId },
  );
}

function bodyOf(path: string, method = 'POST'): Record<string, unknown> {
  const [request] = stack.proxy.to(path, method).slice(-1);
  return JSON.parse(request!.body) as Record<string, unknown>;
}

describe('startExecution', () => {
  it('starts in the background with wait: false and answers at once', async () => {
    const response = await start({});
    expect(response.body.errors).toBeUndefined();
    const run = response.body.data!.startExecution;
    expect(run).toMatchObject({ status: 'PENDING', isTerminal: false, workflowId: 'wf_1', origin: 'API' });
    expect(run.nativeId).toBe(`wf_1/${run.runId}`);
    expect(bodyOf('/apps/c/workflows/wf_1/runs')).toEqual({ input: { text: 'Grüß Gott 👋' }, background: true });
    expect(counters().count('POST', runsRoute)).toBe(1);
  });

  it('with wait: true starts in the background and polls until the run is terminal', async () => {
    stack.simulator.scriptNextRuns([{ outcome: 'success', pendingMs: 300, runningMs: 1200 }]);
    const response = await whileAdvancing(start({ wait: true }), () => stack.clock.advance(100));
    expect(response.body.data!.startExecution).toMatchObject({ status: 'SUCCEEDED', isTerminal: true });
    expect(bodyOf('/apps/c/workflows/wf_1/runs').background).toBe(true);
    expect(counters().count('POST', runsRoute)).toBe(1);
    expect(counters().count('GET', `${runsRoute}/:run_id`)).toBeGreaterThan(0);
  });

  it('with wait: true answers the current state when waitTimeoutMs runs out', async () => {
    stack.simulator.scriptNextRuns([{ pendingMs: 0, runningMs: 60_000_000 }]);
    const response = await start({ wait: true, waitTimeoutMs: 100 });
    expect(response.body.data!.startExecution).toMatchObject({ status: 'RUNNING', isTerminal: false });
  });

  it('sends the version as Cortex’s workflow_version_id: a number, draft or latest', async () => {
    for (const [version, expected] of [['1', 1], ['draft', 'draft'], ['latest', 'latest']] as const) {
      const response = await start({ version });
      expect(response.body.errors).toBeUndefined();
      expect(bodyOf('/apps/c/workflows/wf_1/runs').workflow_version_id).toBe(expected);
    }
  });

  it('starts workflows whose ids hold dots and non-ASCII', async () => {
    for (const target of [catalogWorkflowIds.ingest, catalogWorkflowIds.translate]) {
      const response = await start({ target });
      expect(response.body.data!.startExecution).toMatchObject({ workflowId: target, status: 'PENDING' });
    }
  });

  it('rejects inputs that are not an object before any call', async () => {
    for (const inputs of [[1, 2], 'text', 3]) {
      const response = await start({ inputs });
      expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect(counters().total()).toBe(0);
  });

  it('says a refused start created no run, so the same idempotencyKey may send it again', async () => {
    const missing = await start({ target: 'wf_nope', idempotencyKey: 'refused-1' });
    expect(missing.body.errors?.[0]?.extensions).toEqual({ code: 'NOT_FOUND', provider: 'cortex', httpStatus: 404 });
    expect(missing.body.errors?.[0]?.message).toMatch(/no run was created/);
    const invalid = await start({ version: '99' });
    expect(invalid.body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', httpStatus: 404 });
    stack.simulator.server.faults.inject({ kind: 'rate-limit', retryAfterSeconds: 2 }, { method: 'POST' });
    const limited = await start({ idempotencyKey: 'limited-1' });
    expect(limited.body.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 2 });
    expect(limited.body.errors?.[0]?.message).toMatch(/no run was created/);
    const again = await start({ idempotencyKey: 'limited-1' });
    expect(again.body.data!.startExecution.status).toBe('PENDING');
    expect(counters().count('POST', runsRoute)).toBe(4);
  });

  it('sends a start that fails without a clear answer exactly once, and says the run may exist', async () => {
    stack.simulator.server.faults.inject({ kind: 'status', status: 503 }, { times: 5, method: 'POST' });
    const failed = await start({ idempotencyKey: 'flaky-1' });
    expect(failed.body.errors?.[0]?.extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', provider: 'cortex', httpStatus: 503 });
    expect(failed.body.errors?.[0]?.message).toMatch(/may or may not have been applied/);
    const again = await start({ idempotencyKey: 'flaky-1' });
    expect(again.body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(counters().count('POST', runsRoute)).toBe(1);
  });
});

describe('retryExecution: replay from the first failed step', () => {
  it('replays a FAILED run from its failed step under the same run id', async () => {
    const runId = stack.simulator.addRun({ workflowId: 'wf_1', status: 'FAILED', script: { failStepKey: 'classify' } });
    stack.simulator.scriptNextRuns([{ outcome: 'success', runningMs: 1000 }]);
    const response = await command('retryExecution', `wf_1/${runId}`);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.retryExecution).toMatchObject({ nativeId: `wf_1/${runId}`, status: 'RUNNING', isTerminal: false });
    expect(bodyOf(`/apps/c/workflows/wf_1/runs/${runId}/replay`)).toEqual({ stepKey: 'classify', background: true });
    stack.clock.advance(1000);
    const done = await read(`wf_1/${runId}`);
    expect(done.body.data!.executionByNativeId).toMatchObject({ status: 'SUCCEEDED' });
    expect(done.body.data!.executionByNativeId!.steps.map((step: { key: string }) => step.key)).toEqual(['input', 'prepare', 'classify', 'format']);
  });

  it('replays from the first failed step by start, when a child run failed too', async () => {
    const runId = stack.simulator.addRun({ workflowId: catalogWorkflowIds.summarize, status: 'FAILED', script: { failStepKey: 'classify_doc' } });
    const response = await command('retryExecution', `${catalogWorkflowIds.summarize}/${runId}`);
    expect(response.body.errors).toBeUndefined();
    expect(bodyOf(`/apps/c/workflows/${catalogWorkflowIds.summarize}/runs/${runId}/replay`).stepKey).toBe('classify_doc');
  });

  it('replays a run whose steps are gone from the first step of its version', async () => {
    const runId = stack.simulator.addRun({ workflowId: 'wf_1', status: 'FAILED', retention: { max_age_in_seconds: 1, preserve_on_failure: false } });
    stack.clock.advance(5000);
    expect(stack.simulator.readRun(runId)!.output).toBeNull();
    const response = await command('retryExecution', `wf_1/${runId}`);
    expect(response.body.errors).toBeUndefined();
    expect(bodyOf(`/apps/c/workflows/wf_1/runs/${runId}/replay`).stepKey).toBe('input');
  });

  it('refuses to replay a run that did not fail, before any write', async () => {
    for (const status of ['COMPLETED', 'RUNNING', 'CANCELLED']) {
      const runId = stack.simulator.addRun({ workflowId: 'wf_1', status });
      const response = await command('retryExecution', `wf_1/${runId}`);
      expect(response.body.errors?.[0]?.extensions).toEqual({ code: 'PRECONDITION_FAILED', provider: 'cortex' });
    }
    expect(counters().count('POST', `${runsRoute}/:run_id/replay`)).toBe(0);
  });

  it('maps Cortex’s 400 on a replay (another client got there first) to PRECONDITION_FAILED', async () => {
    const runId = stack.simulator.addRun({ workflowId: 'wf_1', status: 'FAILED' });
    stack.simulator.server.faults.inject({ kind: 'status', status: 400 }, { method: 'POST' });
    const response = await command('retryExecution', `wf_1/${runId}`);
    expect(response.body.errors?.[0]?.extensions).toEqual({ code: 'PRECONDITION_FAILED', provider: 'cortex', httpStatus: 400 });
  });
});

describe('cancelExecution and rateExecution', () => {
  it('cancels PENDING and RUNNING runs, children included', async () => {
    const pending = stack.simulator.addRun({ workflowId: 'wf_1', status: 'PENDING' });
    expect((await command('cancelExecution', `wf_1/${pending}`)).body.data!.cancelExecution).toMatchObject({ status: 'CANCELLED', isTerminal: true });
    stack.simulator.scriptNextRuns([{ pendingMs: 0, runningMs: 10_000 }]);
    const started = await start({ target: catalogWorkflowIds.summarize });
    stack.clock.advance(5000);
    const parent = started.body.data!.startExecution;
    const cancelled = await command('cancelExecution', parent.nativeId);
    expect(cancelled.body.data!.cancelExecution).toMatchObject({ status: 'CANCELLED' });
    const [childId] = stack.simulator.childRunIds(parent.runId);
    expect(stack.simulator.readRun(childId!)!.status).toBe('CANCELLED');
    expect(counters().count('POST', `${runsRoute}/:run_id/cancel`)).toBe(2);
  });

  it('refuses to cancel a finished run or one in a status Cortex does not cancel, before any write', async () => {
    const finished = stack.simulator.addRun({ workflowId: 'wf_1', status: 'COMPLETED' });
    const paused = stack.simulator.addRun({ workflowId: 'wf_1', status: 'RUNNING', frozen: true });
    stack.simulator.forceStatus(paused, 'PAUSED');
    for (const runId of [finished, paused]) {
      const response = await command('cancelExecution', `wf_1/${runId}`);
      expect(response.body.errors?.[0]?.extensions).toEqual({ code: 'PRECONDITION_FAILED', provider: 'cortex' });
    }
    expect(counters().count('POST', `${runsRoute}/:run_id/cancel`)).toBe(0);
  });

  it('maps Cortex’s 400 on a cancel (the run ended meanwhile) to PRECONDITION_FAILED', async () => {
    const runId = stack.simulator.addRun({ workflowId: 'wf_1', status: 'RUNNING' });
    stack.simulator.server.faults.inject({ kind: 'status', status: 400 }, { method: 'POST' });
    const response = await command('cancelExecution', `wf_1/${runId}`);
    expect(response.body.errors?.[0]?.extensions).toEqual({ code: 'PRECONDITION_FAILED', provider: 'cortex', httpStatus: 400 });
  });

  it('answers NOT_SUPPORTED for rating, and NOT_FOUND for a run that does not exist', async () => {
    const runId = stack.simulator.addRun({ workflowId: 'wf_1', status: 'COMPLETED' });
    const rate = await stack.gateway.graphql(`mutation ($id: ID!) { rateExecution(id: $id, feedback: POSITIVE) { id } }`, { id: executionGlobalId('cortex', `wf_1/${runId}`) });
    expect(rate.body.errors?.[0]?.extensions).toEqual({ code: 'NOT_SUPPORTED', provider: 'cortex' });
    expect(counters().total()).toBe(0);
    const missing = await command('cancelExecution', 'wf_1/run_missing');
    expect(missing.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('updateWorkflowRunRetention', () => {
  const mutation = `mutation ($id: ID!, $retention: WorkflowRunRetentionInput!) { updateWorkflowRunRetention(id: $id, retention: $retention) { ${fields} } }`;
  const update = (nativeId: string, retention: Record<string, unknown>, provider = 'cortex') =>
    stack.gateway.graphql<{ updateWorkflowRunRetention: Record<string, any> }>(mutation, { id: executionGlobalId(provider, nativeId), retention });

  it('patches a run’s retention, in seconds or forever, and answers the recomputed due date', async () => {
    const runId = stack.simulator.addRun({ workflowId: 'wf_1', status: 'COMPLETED' });
    const wire = stack.simulator.readRun(runId)!;
    const timed = await update(`wf_1/${runId}`, { maxAgeSeconds: 3600, preserveOnFailure: false });
    expect(timed.body.errors).toBeUndefined();
    expect(bodyOf(`/apps/c/workflows/wf_1/runs/${runId}/retention`, 'PATCH')).toEqual({ retention: { max_age_in_seconds: 3600, preserve_on_failure: false } });
    const retention = timed.body.data!.updateWorkflowRunRetention.retention;
    expect(retention).toMatchObject({ maxAgeSeconds: 3600, keepForever: false, preserveOnFailure: false });
    expect(Date.parse(retention.dueAt) - Date.parse(wire.created_at!)).toBeLessThanOrEqual(3600_000);
    const forever = await update(`wf_1/${runId}`, { keepForever: true });
    expect(bodyOf(`/apps/c/workflows/wf_1/runs/${runId}/retention`, 'PATCH')).toEqual({ retention: { max_age_in_seconds: -1 } });
    expect(forever.body.data!.updateWorkflowRunRetention.retention).toMatchObject({ maxAgeSeconds: null, keepForever: true, dueAt: null });
    expect(counters().count('PATCH', `${runsRoute}/:run_id/retention`)).toBe(2);
  });

  it('rejects an ambiguous or impossible retention before any call, and other kinds with NOT_SUPPORTED', async () => {
    const runId = stack.simulator.addRun({ workflowId: 'wf_1', status: 'COMPLETED' });
    for (const retention of [{}, { maxAgeSeconds: 0 }, { maxAgeSeconds: 10, keepForever: true }, { preserveOnFailure: true }]) {
      const response = await update(`wf_1/${runId}`, retention);
      expect(response.body.errors?.[0]?.extensions?.code, JSON.stringify(retention)).toBe('BAD_USER_INPUT');
    }
    expect(counters().total()).toBe(0);
    const other = await update('archived-1', { keepForever: true }, 'archive');
    expect(other.body.errors?.[0]?.extensions).toEqual({ code: 'NOT_SUPPORTED', provider: 'archive' });
    const missing = await update('wf_1/run_missing', { keepForever: true });
    expect(missing.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('discoverable workflows', () => {
  const startDiscoverable = (input: Record<string, unknown>) =>
    stack.gateway.graphql<{ startDiscoverableWorkflowRun: Record<string, any> }>(
      `mutation ($input: StartDiscoverableWorkflowRunInput!) { startDiscoverableWorkflowRun(input: $input) { ${fields} } }`,
      { input: { provider: 'cortex', workflowId: market, inputs: { text: 'ACME GmbH — Köln' }, ...input } },
    );

  it('runs another app’s workflow, and remembers that Cortex has no read for it', async () => {
    const started = await startDiscoverable({ retention: { maxAgeSeconds: 600 } });
    expect(started.body.errors).toBeUndefined();
    const run = started.body.data!.startDiscoverableWorkflowRun;
    expect(run).toMatchObject({ status: 'PENDING', discoverable: true, stale: false, workflowId: market, workflowAppId: 'app_market' });
    expect(bodyOf(`/apps/c/workflows/discover/${market}/runs`)).toEqual({ input: { text: 'ACME GmbH — Köln' }, background: true, retention: { max_age_in_seconds: 600 } });
    stack.clock.advance(1000);
    const first = await read(run.nativeId);
    expect(first.body.data!.executionByNativeId).toMatchObject({ nativeId: run.nativeId, status: 'PENDING', stale: true, discoverable: true });
    await read(run.nativeId);
    // One GET learnt it is unreadable (A22); later reads answer from memory.
    expect(counters().count('GET', `${runsRoute}/:run_id`)).toBe(1);
  });

  it('cancels a run it started through the discover routes', async () => {
    const started = await startDiscoverable({});
    const run = started.body.data!.startDiscoverableWorkflowRun;
    const cancelled = await command('cancelExecution', run.nativeId);
    expect(cancelled.body.errors).toBeUndefined();
    expect(cancelled.body.data!.cancelExecution).toMatchObject({ status: 'CANCELLED', discoverable: true });
    expect(stack.proxy.to(`/apps/c/workflows/discover/${market}/runs/${run.runId}/cancel`, 'POST')).toHaveLength(1);
    expect((await read(run.nativeId)).body.data!.executionByNativeId).toMatchObject({ status: 'CANCELLED', stale: true });
  });

  it('cancels a discover run it does not remember through cancelDiscoverableWorkflowRun', async () => {
    const runId = stack.simulator.addRun({ workflowId: market, appId: 'app_1', family: 'discover', status: 'RUNNING' });
    const generic = await command('cancelExecution', `${market}/${runId}`);
    expect(generic.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const response = await command('cancelDiscoverableWorkflowRun', `${market}/${runId}`);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.cancelDiscoverableWorkflowRun).toMatchObject({ status: 'CANCELLED', discoverable: true });
    const again = await command('cancelDiscoverableWorkflowRun', `${market}/${runId}`);
    expect(again.body.errors?.[0]?.extensions).toEqual({ code: 'PRECONDITION_FAILED', provider: 'cortex', httpStatus: 400 });
  });

  it('with wait: true answers at once for a run Cortex cannot show, and polls one it can', async () => {
    const foreign = await startDiscoverable({ wait: true, waitTimeoutMs: 60_000 });
    expect(foreign.body.data!.startDiscoverableWorkflowRun).toMatchObject({ status: 'PENDING', stale: true });
    stack.simulator.scriptNextRuns([{ pendingMs: 200, runningMs: 800 }]);
    const own = await whileAdvancing(startDiscoverable({ workflowId: catalogWorkflowIds.summarize, wait: true }), () => stack.clock.advance(100));
    expect(own.body.errors).toBeUndefined();
    expect(own.body.data!.startDiscoverableWorkflowRun).toMatchObject({ status: 'SUCCEEDED', stale: false, discoverable: true, workflowAppId: 'app_1' });
  });

  it('starts once per idempotencyKey', async () => {
    const [first, second] = await Promise.all([startDiscoverable({ idempotencyKey: 'disc-1' }), startDiscoverable({ idempotencyKey: 'disc-1' })]);
    expect(first.body.data!.startDiscoverableWorkflowRun.nativeId).toBe(second.body.data!.startDiscoverableWorkflowRun.nativeId);
    expect(counters().count('POST', '/apps/:app_id/workflows/discover/:workflow_id/runs')).toBe(1);
  });
});
