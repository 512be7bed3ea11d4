import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { executionGlobalId } from '../../../src/model/global-id.js';
import type { AiropsApp } from '../../../src/simulators/airops/index.js';
import { startAirOpsStack, type AirOpsStack } from '../../helpers/airops-stack.js';
import { whileAdvancing } from '../../helpers/gateway-harness.js';
import { ReadOnlyProvider } from '../../helpers/read-only-provider.js';
import { scriptedRecord } from '../../helpers/scripted-provider.js';

const readOnlyRecord = scriptedRecord('archive', 'archived-1', {
  status: 'FAILED',
  nativeStatus: 'error',
  error: { code: null, message: 'failed', details: null },
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: null,
});

let stack: AirOpsStack;
let readOnly: ReadOnlyProvider;
let app: AiropsApp;

const fields = `id nativeId status nativeStatus isTerminal output error { code message } ... on AirOpsExecution { feedback appId }`;

beforeAll(async () => {
  stack = await startAirOpsStack({
    harness: { extraProviders: () => [(readOnly = new ReadOnlyProvider('archive', [readOnlyRecord]))] },
  });
  app = stack.simulator.addApp({ name: 'mutations', inputNames: ['topic'] });
});

afterAll(() => stack.close());

beforeEach(() => {
  stack.simulator.server.faults.clear();
  stack.simulator.server.counters.reset();
  stack.simulator.clearScriptedRuns();
});

const startMutation = `mutation ($input: StartExecutionInput!) { startExecution(input: $input) { ${fields} } }`;

function start(input: Record<string, unknown>) {
  return stack.gateway.graphql<{ startExecution: Record<string, unknown> }>(startMutation, {
    input: { provider: 'airops', target: app.uuid, inputs: { topic: 'gateways' }, ...input },
  });
}

function command(name: 'cancelExecution' | 'retryExecution', uuid: string) {
  return stack.gateway.graphql<Record<string, Record<string, unknown>>>(`mutation ($id: ID!) { ${name}(id: $id) { ${fields} } }`, {
    id: executionGlobalId('airops', uuid),
  });
}

function rate(uuid: string, feedback = 'POSITIVE') {
  return stack.gateway.graphql<{ rateExecution: Record<string, unknown> }>(`mutation ($id: ID!, $feedback: Feedback!) { rateExecution(id: $id, feedback: $feedback) { ${fields} } }`, {
    id: executionGlobalId('airops', uuid),
    feedback,
  });
}

const counters = () => stack.simulator.server.counters;

describe('startExecution', () => {
  it('starts in the background and returns at once with wait: false', async () => {
    const response = await start({});
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.startExecution).toMatchObject({ status: 'PENDING', isTerminal: false, appId: app.uuid });
    expect(counters().count('POST', '/public_api/airops_apps/:app_uuid/async_execute')).toBe(1);
    expect(counters().count('POST', '/public_api/airops_apps/:app_uuid/execute')).toBe(0);
  });

  it('with wait: true polls a background run until it is terminal', async () => {
    stack.simulator.scriptNextRuns([{ outcome: 'success', pendingMs: 500, runningMs: 1500, output: { summary: 'done' } }]);
    const response = await whileAdvancing(start({ wait: true }), () => stack.clock.advance(100));
    expect(response.body.data!.startExecution).toMatchObject({ status: 'SUCCEEDED', isTerminal: true, output: { summary: 'done' } });
    expect(counters().count('POST', '/public_api/airops_apps/:app_uuid/async_execute')).toBe(1);
  });

  it('with wait: true returns the current state when waitTimeoutMs runs out', async () => {
    stack.simulator.scriptNextRuns([{ outcome: 'success', pendingMs: 0, runningMs: 60_000_000 }]);
    const response = await start({ wait: true, waitTimeoutMs: 100 });
    expect(response.body.data!.startExecution).toMatchObject({ status: 'RUNNING', isTerminal: false });
  });

  it('uses the synchronous endpoint when its 10-minute bound fits waitTimeoutMs', async () => {
    stack.simulator.scriptNextRuns([{ outcome: 'error', pendingMs: 0, runningMs: 2000, errorMessage: { step: 'llm', reason: 'quota' } }]);
    const response = await whileAdvancing(start({ wait: true, waitTimeoutMs: 600_000 }), () => stack.clock.advance(200));
    expect(response.body.data!.startExecution).toMatchObject({ status: 'FAILED', error: { message: '{"step":"llm","reason":"quota"}' } });
    expect(counters().count('POST', '/public_api/airops_apps/:app_uuid/execute')).toBe(1);
    expect(counters().count('POST', '/public_api/airops_apps/:app_uuid/async_execute')).toBe(0);
  });

  it('starts one execution for the same idempotencyKey twice, even concurrently', async () => {
    const input = { idempotencyKey: 'order-1234', inputs: { topic: 'once' } };
    const [first, second] = await Promise.all([start(input), start(input)]);
    const third = await start(input);
    const ids = [first, second, third].map((response) => response.body.data!.startExecution.nativeId);
    expect(new Set(ids).size).toBe(1);
    expect(counters().count('POST', '/public_api/airops_apps/:app_uuid/async_execute')).toBe(1);
    const other = await start({ idempotencyKey: 'order-1234', inputs: { topic: 'different' } });
    expect(other.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('sends a failed start to the upstream exactly once, and a retry with the same key does not send it again', async () => {
    stack.simulator.server.faults.inject({ kind: 'status', status: 503 }, { times: 5 });
    const failed = await start({ idempotencyKey: 'flaky-1' });
    expect(failed.body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', provider: 'airops', httpStatus: 503 });
    expect(failed.body.errors?.[0]?.message).toMatch(/may or may not have been applied/);
    const again = await start({ idempotencyKey: 'flaky-1' });
    expect(again.body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(counters().count('POST', '/public_api/airops_apps/:app_uuid/async_execute')).toBe(1);
  });

  it('lets a client retry a start the upstream clearly refused', async () => {
    const refused = await start({ idempotencyKey: 'bad-input', target: '999999' });
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', httpStatus: 404 });
    stack.simulator.server.faults.inject({ kind: 'rate-limit', retryAfterSeconds: 30 });
    const limited = await start({ idempotencyKey: 'limited' });
    expect(limited.body.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 30 });
    const retried = await start({ idempotencyKey: 'limited' });
    expect(retried.body.data!.startExecution).toMatchObject({ status: 'PENDING' });
  });

  it('rejects inputs that are not an object, an empty target and a bad waitTimeoutMs before any call', async () => {
    for (const input of [{ inputs: [1, 2] }, { target: '  ' }, { waitTimeoutMs: -5 }, { version: 'v2' }]) {
      const response = await start(input);
      expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect(counters().total()).toBe(0);
  });

  it('maps an upstream 400 (unpublished app) to BAD_USER_INPUT', async () => {
    const unpublished = stack.simulator.addApp({ name: 'draft', published: false });
    const response = await start({ target: unpublished.uuid });
    expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', provider: 'airops', httpStatus: 400 });
  });
});

describe('cancel, retry and rate', () => {
  it('cancels a running execution and returns the re-read state', async () => {
    const wire = stack.simulator.addExecution({ app: app.id, run: { outcome: 'success', pendingMs: 0, runningMs: 100_000 } });
    const response = await command('cancelExecution', wire.uuid);
    expect(response.body.data!.cancelExecution).toMatchObject({ status: 'CANCELLED', isTerminal: true });
    expect(counters().count('PATCH', '/public_api/airops_apps/executions/:execution_uuid/cancel')).toBe(1);
  });

  it('refuses to cancel a finished or review_needed execution before any write', async () => {
    for (const status of ['success', 'review_needed']) {
      const wire = stack.simulator.addExecution({ app: app.id, status });
      const response = await command('cancelExecution', wire.uuid);
      expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: 'PRECONDITION_FAILED', provider: 'airops' });
    }
    expect(counters().count('PATCH', '/public_api/airops_apps/executions/:execution_uuid/cancel')).toBe(0);
  });

  it('maps an upstream 400 on cancel (a race with another client) to PRECONDITION_FAILED', async () => {
    const wire = stack.simulator.addExecution({ app: app.id, status: 'running' });
    stack.simulator.server.faults.inject({ kind: 'status', status: 400 }, { method: 'PATCH' });
    const response = await command('cancelExecution', wire.uuid);
    expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: 'PRECONDITION_FAILED', httpStatus: 400 });
  });

  it('retries a failed execution with the same uuid', async () => {
    const wire = stack.simulator.addExecution({ app: app.id, status: 'error', errorMessage: 'boom' });
    const response = await command('retryExecution', wire.uuid);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.retryExecution).toMatchObject({ nativeId: wire.uuid });
    expect(['PENDING', 'RUNNING']).toContain(response.body.data!.retryExecution!.status);
    expect(counters().count('POST', '/public_api/airops_apps/executions/:execution_uuid/retry')).toBe(1);
  });

  it('refuses to retry a successful execution before any write', async () => {
    const wire = stack.simulator.addExecution({ app: app.id, status: 'success' });
    const response = await command('retryExecution', wire.uuid);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('PRECONDITION_FAILED');
    expect(counters().count('POST', '/public_api/airops_apps/executions/:execution_uuid/retry')).toBe(0);
  });

  it('rates a successful execution', async () => {
    const wire = stack.simulator.addExecution({ app: app.id, status: 'success', output: { ok: true } });
    const response = await rate(wire.uuid, 'NEGATIVE');
    expect(response.body.data!.rateExecution).toMatchObject({ status: 'SUCCEEDED', feedback: 'NEGATIVE' });
    expect(stack.simulator.wireExecution(wire.uuid)!.feedback).toBe('negative');
  });

  it('refuses to rate a failed execution before any write', async () => {
    const wire = stack.simulator.addExecution({ app: app.id, status: 'error' });
    const response = await rate(wire.uuid);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('PRECONDITION_FAILED');
    expect(counters().count('PATCH', '/public_api/airops_apps/executions/:execution_uuid/feedback')).toBe(0);
  });

  it('answers NOT_FOUND for a well-formed id that does not exist', async () => {
    const response = await command('cancelExecution', '00000000-0000-4000-8000-00000000dead');
    expect(response.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('capabilities', () => {
  it('answers NOT_SUPPORTED for every operation a provider lacks, before calling it', async () => {
    readOnly.calls.length = 0;
    const id = executionGlobalId('archive', 'archived-1');
    const responses = await Promise.all([
      stack.gateway.graphql(`mutation ($id: ID!) { cancelExecution(id: $id) { id } }`, { id }),
      stack.gateway.graphql(`mutation ($id: ID!) { retryExecution(id: $id) { id } }`, { id }),
      stack.gateway.graphql(`mutation ($id: ID!) { rateExecution(id: $id, feedback: POSITIVE) { id } }`, { id }),
      stack.gateway.graphql(`mutation { startExecution(input: { provider: "archive", target: "x", inputs: {} }) { id } }`),
      stack.gateway.graphql(`mutation { executeAirOpsWebhook(input: { provider: "archive", target: "x", inputs: {} }) { id } }`),
      stack.gateway.graphql(
        `mutation { executeAirOpsWorkflowDefinition(input: { provider: "archive", target: "x", inputs: {}, inputsSchema: [], definition: [] }) { id } }`,
      ),
    ]);
    for (const response of responses) {
      expect(response.body.errors?.[0]?.extensions).toEqual({ code: 'NOT_SUPPORTED', provider: 'archive' });
    }
    expect(readOnly.calls).toEqual([]);
    const read = await stack.gateway.graphql(`query ($id: ID!) { execution(id: $id) { status } }`, { id });
    expect(read.body.data).toEqual({ execution: { status: 'FAILED' } });
  });
});

describe('AirOps-only operations', () => {
  const definition = [{ name: 'greet', type: 'text', config: { template: 'Hello {{name}}' } }];
  const inputsSchema = [
    { interface: 'short_text', label: 'Name', name: 'name', hint: '', required: true, group_id: 'no-group', action_id: 'a1', placeholder: '', options: [] },
  ];

  it('executes a workflow definition asynchronously, and synchronously when the wait allows 10 minutes', async () => {
    const variables = { input: { provider: 'airops', target: app.uuid, inputs: { name: 'Ada' }, inputsSchema, definition } };
    const mutation = `mutation ($input: ExecuteAirOpsDefinitionInput!) { executeAirOpsWorkflowDefinition(input: $input) { status nativeId } }`;
    const asyncResponse = await stack.gateway.graphql<{ executeAirOpsWorkflowDefinition: { status: string } }>(mutation, variables);
    expect(asyncResponse.body.errors).toBeUndefined();
    expect(asyncResponse.body.data!.executeAirOpsWorkflowDefinition.status).toBe('PENDING');
    expect(counters().count('POST', '/public_api/airops_apps/:app_uuid/async_execute_definition')).toBe(1);

    const syncResponse = await whileAdvancing(
      stack.gateway.graphql<{ executeAirOpsWorkflowDefinition: { status: string } }>(mutation, {
        input: { ...variables.input, wait: true, waitTimeoutMs: 600_000 },
      }),
      () => stack.clock.advance(200),
    );
    expect(syncResponse.body.data!.executeAirOpsWorkflowDefinition.status).toBe('SUCCEEDED');
    expect(counters().count('POST', '/public_api/airops_apps/:app_uuid/execute_definition')).toBe(1);
  });

  it('starts through the webhook form with the key in auth_token, not a Bearer header', async () => {
    const response = await stack.gateway.graphql<{ executeAirOpsWebhook: { status: string; nativeId: string } }>(
      `mutation ($app: String!) { executeAirOpsWebhook(input: { provider: "airops", target: $app, inputs: { topic: "webhook" } }) { status nativeId } }`,
      { app: app.uuid },
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.executeAirOpsWebhook.status).toBe('PENDING');
    expect(counters().count('POST', '/public_api/airops_apps/:app_uuid/webhook_async_execute')).toBe(1);
    expect(stack.simulator.wireExecution(response.body.data!.executeAirOpsWebhook.nativeId)!.source).toBe('webhook');
  });
});
