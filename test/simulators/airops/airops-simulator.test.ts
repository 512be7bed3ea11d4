import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/simulators/kit/index.js';
import {
  createAiropsSimulator,
  type AiropsApp,
  type AiropsExecutionWire,
  type AiropsSimulator,
  type AiropsSimulatorOptions,
} from '../../../src/simulators/airops/index.js';
import { requestSimulator, type SimulatorAnswer } from '../../helpers/simulator-answer.js';
import { simulatorStarter } from '../../helpers/simulator-starter.js';

const key = 'test-workspace-key';
const base = '/public_api/airops_apps';
const wireFields = [
  'id', 'uuid', 'status', 'airops_apps_version_id', 'conversation_id', 'credits_used', 'error_code', 'error_message',
  'feedback', 'inputs', 'output', 'runtime', 'source', 'workspace_id', 'createdAt', 'updatedAt',
];

const startOnManualClock = simulatorStarter<AiropsSimulator>();

async function start(options: AiropsSimulatorOptions = {}): Promise<{ sim: AiropsSimulator; clock: ManualClock }> {
  const { simulator: sim, clock } = await startOnManualClock((clock) => createAiropsSimulator({ clock, apiKeys: [key], ...options }));
  return { sim, clock };
}

type Answer = SimulatorAnswer<any>;

async function call(
  sim: AiropsSimulator,
  method: 'GET' | 'POST' | 'PATCH',
  path: string,
  options: { body?: unknown; rawBody?: string; auth?: string | null } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  const auth = options.auth === undefined ? `Bearer ${key}` : options.auth;
  if (auth !== null) headers.authorization = auth;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] = 'application/json';
  return requestSimulator(`${sim.url}${path}`, { method, headers, body });
}

const get = (sim: AiropsSimulator, uuid: string) => call(sim, 'GET', `${base}/executions/${uuid}`);
const asyncExecute = (sim: AiropsSimulator, app: string | number, body: unknown = { inputs: { topic: 'x' } }) =>
  call(sim, 'POST', `${base}/${app}/async_execute`, { body });

/** Real-time wait for the simulator to receive a request; asserts nothing about speed. */
async function eventually(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 2000; attempt++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('condition never held');
}

/** Starts a held (sync) request and returns it once the simulator has created its execution. */
async function holdSync(sim: AiropsSimulator, path: string, body: unknown): Promise<{ answer: Promise<Answer>; uuid: string }> {
  const before = new Set(sim.executionUuids());
  let settled = false;
  const answer = call(sim, 'POST', path, { body }).finally(() => {
    settled = true;
  });
  await eventually(() => sim.executionUuids().some((uuid) => !before.has(uuid)));
  const uuid = sim.executionUuids().find((candidate) => !before.has(candidate))!;
  await new Promise((resolve) => setTimeout(resolve, 40));
  expect(settled).toBe(false);
  return { answer, uuid };
}

function definitionBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    inputs: { topic: 'Tea' },
    inputs_schema: [
      {
        interface: 'short_text', label: 'Topic', name: 'topic', hint: 'What about', required: true,
        group_id: 'no-group', action_id: 'a1', placeholder: 'tea', options: [],
      },
    ],
    definition: [
      { name: 'intro', type: 'text', config: { template: 'About {{topic}}' } },
      {
        name: 'write', type: 'llm',
        config: {
          model: 'gpt-4o', soft_fail: false,
          config: {
            prompt: '', messages: [{ role: 'user', content: 'Write' }], request_consistent_results: false, response_format: 'text',
            stream: false, temperature: 0.5, note: '', model_source: 'airops', max_tokens: null,
          },
        },
      },
      {
        name: 'branch', type: 'conditional',
        config: { condition: 'true', if_branch: [{ name: 'call', type: 'fetch_api', config: { method: 'get', url: 'https://x' } }], else_branch: [] },
      },
    ],
    ...overrides,
  };
}

describe('AirOps simulator: auth', () => {
  it('accepts the workspace key as a bearer token and rejects anything else with 401 {error}', async () => {
    const { sim } = await start();
    const app = sim.addApp({ name: 'A' });
    const path = `${base}/:airops_app_id/executions?airops_app_id=${app.id}`;
    expect((await call(sim, 'GET', path)).status).toBe(200);
    expect((await call(sim, 'GET', path, { auth: `bearer ${key}` })).status).toBe(200);
    for (const auth of [null, 'Bearer wrong', `Token ${key}`, key, 'Bearer ']) {
      const answer = await call(sim, 'GET', path, { auth });
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual({ error: 'Unauthorized' });
    }
    expect(sim.apiKey).toBe(key);
  });

  it('refuses every bearer route without the key, writes included', async () => {
    const { sim } = await start();
    const app = sim.addApp();
    const { uuid } = sim.addExecution({ app: app.id, status: 'running' });
    const attempts: [method: 'GET' | 'POST' | 'PATCH', path: string][] = [
      ['GET', `${base}`],
      ['GET', `${base}/executions/${uuid}`],
      ['POST', `${base}/${app.uuid}/execute`],
      ['POST', `${base}/${app.uuid}/async_execute`],
      ['POST', `${base}/${app.uuid}/execute_definition`],
      ['POST', `${base}/${app.uuid}/async_execute_definition`],
      ['PATCH', `${base}/executions/${uuid}/cancel`],
      ['POST', `${base}/executions/${uuid}/retry`],
      ['PATCH', `${base}/executions/${uuid}/feedback`],
    ];
    for (const [method, path] of attempts) {
      const answer = await call(sim, method, path, { auth: null, body: { inputs: {} } });
      expect(answer.status, `${method} ${path}`).toBe(401);
    }
    expect(sim.statusOf(uuid)).toBe('running');
  });
});

describe('AirOps simulator: GET execution', () => {
  it('answers the bare Execution with exactly the documented fields', async () => {
    const { sim } = await start();
    const app = sim.addApp();
    const added = sim.addExecution({ app: app.id, status: 'success', output: { text: 'hi' }, runtime: 4, creditsUsed: 7 });
    const answer = await get(sim, added.uuid);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/application\/json/);
    expect(Object.keys(answer.json)).toEqual(wireFields);
    expect(answer.json).toMatchObject({ uuid: added.uuid, status: 'success', output: { text: 'hi' }, runtime: 4, credits_used: 7, workspace_id: 1207 });
    expect(answer.json.uuid).toHaveLength(36);
    expect(answer.json).not.toHaveProperty('airops_app_execution');
    expect(answer.json).toEqual(sim.wireExecution(added.uuid));
  });

  it('answers 404 {"error":"Not found"} for an unknown uuid (A1), or an empty 404 when configured', async () => {
    const { sim } = await start();
    const answer = await get(sim, '00000000-0000-4000-8000-000000000000');
    expect(answer.status).toBe(404);
    expect(answer.json).toEqual({ error: 'Not found' });
    const other = await start({ notFoundBody: 'empty' });
    const empty = await get(other.sim, '00000000-0000-4000-8000-000000000000');
    expect(empty.status).toBe(404);
    expect(empty.text).toBe('');
  });

  it('finds a uuid case-insensitively', async () => {
    const { sim } = await start();
    const { uuid } = sim.addExecution({ app: sim.addApp().id, status: 'success' });
    expect((await get(sim, uuid.toUpperCase())).json.uuid).toBe(uuid);
  });
});

describe('AirOps simulator: async execute and the lifecycle', () => {
  it('starts pending, runs and succeeds on the simulator clock; updatedAt follows every change', async () => {
    const { sim, clock } = await start();
    const app = sim.addApp({ name: 'Writer', versions: 2 });
    const started = await asyncExecute(sim, app.uuid, { inputs: { topic: 'Tea ☕' } });
    expect(started.status).toBe(200);
    const execution: AiropsExecutionWire = started.json.airops_app_execution;
    expect(Object.keys(execution)).toEqual(wireFields);
    expect(execution).toMatchObject({
      status: 'pending', inputs: { topic: 'Tea ☕' }, output: null, source: 'api', airops_apps_version_id: app.id * 100 + 2,
      error_code: null, error_message: null, feedback: null, runtime: null, conversation_id: null,
    });
    expect(execution.createdAt).toBe('2026-01-15T12:00:00.000Z');
    expect(execution.updatedAt).toBe(execution.createdAt);

    clock.advance(499);
    expect((await get(sim, execution.uuid)).json.status).toBe('pending');
    clock.advance(1);
    const runningNow = (await get(sim, execution.uuid)).json;
    expect(runningNow.status).toBe('running');
    expect(runningNow.updatedAt).toBe('2026-01-15T12:00:00.500Z');
    clock.advance(1500);
    const done = (await get(sim, execution.uuid)).json;
    expect(done).toMatchObject({ status: 'success', runtime: 2, createdAt: execution.createdAt, updatedAt: '2026-01-15T12:00:02.000Z' });
    expect(done.output).toMatchObject({ received_inputs: ['topic'] });
    expect(done.credits_used).toBeGreaterThan(0);
  });

  it('accepts the numeric app id in place of the uuid (A2) unless switched off', async () => {
    const { sim } = await start();
    const app = sim.addApp();
    expect((await asyncExecute(sim, app.id)).status).toBe(200);
    const strict = await start({ acceptNumericAppIds: false });
    const strictApp = strict.sim.addApp();
    expect((await asyncExecute(strict.sim, strictApp.id)).status).toBe(404);
    expect((await asyncExecute(strict.sim, strictApp.uuid)).status).toBe(200);
  });

  it('refuses an unknown app (404), an unpublished app (400, A3) and bad inputs (400 {error})', async () => {
    const { sim } = await start();
    const app = sim.addApp({ versions: 2, requiredInputs: ['topic'] });
    const draft = sim.addApp({ published: false });
    const unknown = await asyncExecute(sim, '11111111-1111-4111-8111-111111111111');
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ error: 'App not found' });
    const unpublished = await asyncExecute(sim, draft.uuid);
    expect(unpublished.status).toBe(400);
    expect(unpublished.json).toEqual({ error: 'App is not published' });
    const bodies: unknown[] = [
      {},
      { inputs: [] },
      { inputs: 'x' },
      { inputs: null },
      [1],
      { inputs: { topic: 'x' }, version_slug: 'one' },
      { inputs: { topic: 'x' }, version_slug: 3 },
      { inputs: { other: 'x' } },
    ];
    for (const body of bodies) {
      const answer = await asyncExecute(sim, app.uuid, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(typeof answer.json.error).toBe('string');
    }
    const malformed = await call(sim, 'POST', `${base}/${app.uuid}/async_execute`, { rawBody: '{"inputs":' });
    expect(malformed.status).toBe(400);
    expect(malformed.json).toEqual({ error: 'Invalid JSON body' });
    expect(sim.executionUuids()).toHaveLength(0);
    const other = await start({ unpublishedAppStatus: 422 });
    expect((await asyncExecute(other.sim, other.sim.addApp({ published: false }).uuid)).status).toBe(422);
  });

  it('runs each scripted lifecycle in order, then falls back to the default', async () => {
    const { sim, clock } = await start();
    const app = sim.addApp();
    sim.scriptNextRuns([
      { outcome: 'error', pendingMs: 0, runningMs: 1000, errorCode: 'llm_error', errorMessage: { step: 'write' } },
      { outcome: 'paused_by_admin', pendingMs: 100, runningMs: 100 },
    ]);
    const first = (await asyncExecute(sim, app.uuid)).json.airops_app_execution;
    const second = (await asyncExecute(sim, app.uuid)).json.airops_app_execution;
    const third = (await asyncExecute(sim, app.uuid)).json.airops_app_execution;
    expect(first.status).toBe('running');
    clock.advance(2000);
    expect((await get(sim, first.uuid)).json).toMatchObject({ status: 'error', error_code: 'llm_error', error_message: { step: 'write' }, runtime: 1 });
    expect((await get(sim, second.uuid)).json.status).toBe('paused_by_admin');
    expect((await get(sim, third.uuid)).json.status).toBe('success');
  });
});

describe('AirOps simulator: sync execute', () => {
  it('holds the request until the run is terminal on the simulator clock and answers {airops_app_execution}', async () => {
    const { sim, clock } = await start();
    const app = sim.addApp();
    const { answer, uuid } = await holdSync(sim, `${base}/${app.uuid}/execute`, { inputs: { topic: 'x' } });
    expect(sim.statusOf(uuid)).toBe('pending');
    clock.advance(600);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(sim.statusOf(uuid)).toBe('running');
    clock.advance(1400);
    const done = await answer;
    expect(done.status).toBe(200);
    expect(done.json.airops_app_execution).toMatchObject({ uuid, status: 'success' });
  });

  it('answers as soon as the run needs review', async () => {
    const { sim, clock } = await start();
    const app = sim.addApp();
    sim.scriptNextRuns([{ outcome: 'review_needed', pendingMs: 0, runningMs: 300 }]);
    const { answer } = await holdSync(sim, `${base}/${app.id}/execute`, { inputs: {} });
    clock.advance(300);
    expect((await answer).json.airops_app_execution.status).toBe('review_needed');
  });

  it('fails a run that takes longer than the sync limit', async () => {
    const { sim, clock } = await start();
    const app = sim.addApp();
    sim.scriptNextRuns([{ pendingMs: 0, runningMs: 20 * 60_000 }]);
    const { answer, uuid } = await holdSync(sim, `${base}/${app.uuid}/execute`, { inputs: {} });
    clock.advance(15 * 60_000);
    const done = (await answer).json.airops_app_execution;
    expect(done).toMatchObject({ uuid, status: 'error', error_code: 'execution_timeout', runtime: 600 });
    clock.advance(10 * 60_000);
    expect(sim.statusOf(uuid)).toBe('error');
  });

  it('at capacity (A4) answers 200 with status error and an error_code; async runs wait in pending', async () => {
    const { sim, clock } = await start({ atCapacity: true });
    const app = sim.addApp();
    const sync = await call(sim, 'POST', `${base}/${app.uuid}/execute`, { body: { inputs: {} } });
    expect(sync.status).toBe(200);
    expect(sync.json.airops_app_execution).toMatchObject({ status: 'error', error_code: 'capacity_exceeded' });
    const queued = (await asyncExecute(sim, app.uuid)).json.airops_app_execution;
    clock.advance(60_000);
    expect(sim.statusOf(queued.uuid)).toBe('pending');
    sim.setAtCapacity(false);
    expect(sim.statusOf(queued.uuid)).toBe('running');
    clock.advance(1500);
    expect(sim.statusOf(queued.uuid)).toBe('success');
  });

  it('execute_definition validates inputs, inputs_schema and definition, then runs like execute', async () => {
    const { sim, clock } = await start();
    const app = sim.addApp();
    const { answer } = await holdSync(sim, `${base}/${app.uuid}/execute_definition`, definitionBody());
    clock.advance(2000);
    expect((await answer).json.airops_app_execution.status).toBe('success');

    const asyncStart = await call(sim, 'POST', `${base}/${app.uuid}/async_execute_definition`, { body: definitionBody() });
    expect(asyncStart.status).toBe(200);
    expect(asyncStart.json.airops_app_execution.status).toBe('pending');

    const invalid: Record<string, unknown>[] = [
      { inputs: undefined },
      { inputs_schema: undefined },
      { definition: undefined },
      { definition: {} },
      { inputs: {} },
      { inputs_schema: [{ interface: 'long_text', label: 'x' }] },
      { inputs_schema: [{ ...(definitionBody().inputs_schema as object[])[0], interface: 'checkbox' }] },
      { definition: [{ name: 'x', type: 'teleport', config: {} }] },
      { definition: [{ name: 'x', type: 'llm', config: { model: 'm', soft_fail: false, config: { prompt: '' } } }] },
      { definition: [{ name: 'x', type: 'fetch_api', config: { method: 'put', url: 'https://x' } }] },
      { definition: [{ name: 'x', type: 'app', config: { app_id: 'seven', inputs: {} } }] },
      { definition: [{ name: 'x', type: 'code', config: { config: { language: 'ruby', function: 'f' } } }] },
      { definition: [{ name: 'x', type: 'iteration', config: { config: { iterator: 'i', step_function: [{ name: 'y', type: 'text', config: {} }] } } }] },
    ];
    for (const overrides of invalid) {
      for (const endpoint of ['execute_definition', 'async_execute_definition']) {
        const answer = await call(sim, 'POST', `${base}/${app.uuid}/${endpoint}`, { body: definitionBody(overrides) });
        expect(answer.status, `${endpoint} ${JSON.stringify(overrides)}`).toBe(400);
        expect(typeof answer.json.error).toBe('string');
      }
    }
  });

  it('switches the envelope between wrapped, bare and alternate (D1)', async () => {
    const { sim } = await start({ envelope: 'bare' });
    const app = sim.addApp();
    const bare = await asyncExecute(sim, app.uuid);
    expect(Object.keys(bare.json)).toEqual(wireFields);
    sim.setEnvelope('alternate');
    const shapes: string[] = [];
    for (let index = 0; index < 4; index++) {
      const answer = await asyncExecute(sim, app.uuid);
      shapes.push('airops_app_execution' in answer.json ? 'wrapped' : 'bare');
    }
    expect(shapes).toEqual(['wrapped', 'bare', 'wrapped', 'bare']);
    sim.setEnvelope('wrapped');
    expect(Object.keys((await asyncExecute(sim, app.uuid)).json)).toEqual(['airops_app_execution']);
  });
});

describe('AirOps simulator: webhook_async_execute', () => {
  it('authenticates with the auth_token query parameter only', async () => {
    const { sim } = await start();
    const app = sim.addApp({ inputNames: ['payload', 'other'] });
    const path = `${base}/${app.uuid}/webhook_async_execute`;
    const ok = await call(sim, 'POST', `${path}?auth_token=${key}`, { auth: null, body: { inputs: { payload: 'x' } } });
    expect(ok.status).toBe(200);
    expect(ok.json.airops_app_execution).toMatchObject({ status: 'pending', inputs: { payload: 'x' }, source: 'webhook' });
    for (const query of ['', '?auth_token=', '?auth_token=nope']) {
      const refused = await call(sim, 'POST', `${path}${query}`, { body: { inputs: {} } });
      expect(refused.status, query).toBe(401);
      expect(refused.json).toEqual({ error: 'Unauthorized' });
    }
  });

  it('wraps a body without inputs as the first input (A5), or refuses it when switched off', async () => {
    const { sim } = await start();
    const app = sim.addApp({ inputNames: ['payload', 'other'] });
    const path = `${base}/${app.id}/webhook_async_execute?auth_token=${key}`;
    const event = { event: 'order.created', order: { id: 7, note: 'ünïcode ✓' } };
    const wrapped = await call(sim, 'POST', path, { auth: null, body: event });
    expect(wrapped.json.airops_app_execution.inputs).toEqual({ payload: event });
    const list = await call(sim, 'POST', path, { auth: null, body: [1, 2] });
    expect(list.json.airops_app_execution.inputs).toEqual({ payload: [1, 2] });
    expect((await call(sim, 'POST', path, { auth: null, body: { inputs: 'no' } })).status).toBe(400);
    expect((await call(sim, 'POST', path, { auth: null, rawBody: 'not json' })).status).toBe(400);
    const draft = sim.addApp({ published: false });
    expect((await call(sim, 'POST', `${base}/${draft.uuid}/webhook_async_execute?auth_token=${key}`, { auth: null, body: {} })).status).toBe(400);

    const strict = await start({ webhookWrapsBody: false });
    const strictApp = strict.sim.addApp();
    const refused = await call(strict.sim, 'POST', `${base}/${strictApp.uuid}/webhook_async_execute?auth_token=${key}`, { auth: null, body: event });
    expect(refused.status).toBe(400);
  });
});

describe('AirOps simulator: cancel, retry, feedback, review', () => {
  it('cancels pending and running executions with 204 and refuses other statuses with 400 {error} (A6)', async () => {
    const { sim, clock } = await start();
    const app = sim.addApp();
    const pending = (await asyncExecute(sim, app.uuid)).json.airops_app_execution;
    const cancel = await call(sim, 'PATCH', `${base}/executions/${pending.uuid}/cancel`);
    expect(cancel.status).toBe(204);
    expect(cancel.text).toBe('');
    clock.advance(5000);
    expect((await get(sim, pending.uuid)).json).toMatchObject({ status: 'cancelled', runtime: null });

    const runningRun = (await asyncExecute(sim, app.uuid)).json.airops_app_execution;
    clock.advance(1500);
    expect((await call(sim, 'PATCH', `${base}/executions/${runningRun.uuid}/cancel`)).status).toBe(204);
    expect((await get(sim, runningRun.uuid)).json).toMatchObject({ status: 'cancelled', runtime: 1 });

    for (const status of ['success', 'error', 'cancelled', 'review_needed', 'paused_by_admin']) {
      const { uuid } = sim.addExecution({ app: app.id, status });
      const refused = await call(sim, 'PATCH', `${base}/executions/${uuid}/cancel`);
      expect(refused.status, status).toBe(400);
      expect(refused.json).toEqual({ error: 'Execution is not in pending or running status' });
      expect(sim.statusOf(uuid)).toBe(status);
    }
    expect((await call(sim, 'PATCH', `${base}/executions/00000000-0000-4000-8000-000000000000/cancel`)).status).toBe(404);
  });

  it('retries an error execution under the same uuid and refuses other statuses', async () => {
    const { sim, clock } = await start();
    const app = sim.addApp();
    sim.scriptNextRuns([{ outcome: 'error', pendingMs: 0, runningMs: 1000 }]);
    const failed = (await asyncExecute(sim, app.uuid)).json.airops_app_execution;
    clock.advance(1000);
    expect(sim.statusOf(failed.uuid)).toBe('error');
    const refusedBefore = await call(sim, 'POST', `${base}/executions/${failed.uuid}/retry`, { auth: 'Bearer nope' });
    expect(refusedBefore.status).toBe(401);

    sim.scriptNextRuns([{ outcome: 'success', pendingMs: 200, runningMs: 800, output: { retried: true } }]);
    const retry = await call(sim, 'POST', `${base}/executions/${failed.uuid}/retry`);
    expect(retry.status).toBe(204);
    expect(retry.text).toBe('');
    expect(sim.statusOf(failed.uuid)).toBe('pending');
    clock.advance(200);
    expect(sim.statusOf(failed.uuid)).toBe('running');
    clock.advance(800);
    expect((await get(sim, failed.uuid)).json).toMatchObject({ uuid: failed.uuid, id: failed.id, status: 'success', output: { retried: true }, error_code: null });
    expect(sim.executionUuids()).toHaveLength(1);

    for (const status of ['success', 'pending', 'running', 'cancelled', 'review_needed']) {
      const { uuid } = sim.addExecution({ app: app.id, status });
      const refused = await call(sim, 'POST', `${base}/executions/${uuid}/retry`);
      expect(refused.status, status).toBe(400);
      expect(refused.json).toEqual({ error: 'Execution is not in error status' });
    }
    expect((await call(sim, 'POST', `${base}/executions/00000000-0000-4000-8000-000000000000/retry`)).json).toEqual({ error: 'Not found' });
  });

  it('rates a successful execution (204, sets feedback, moves updatedAt) and refuses anything else', async () => {
    const { sim, clock } = await start();
    const app = sim.addApp();
    const done = sim.addExecution({ app: app.id, status: 'success' });
    clock.advance(60_000);
    const rate = await call(sim, 'PATCH', `${base}/executions/${done.uuid}/feedback`, { body: { feedback: 'negative' } });
    expect(rate.status).toBe(204);
    const after = (await get(sim, done.uuid)).json;
    expect(after.feedback).toBe('negative');
    expect(after.updatedAt).toBe('2026-01-15T12:01:00.000Z');
    for (const body of [{}, { feedback: 'great' }, { feedback: 1 }]) {
      expect((await call(sim, 'PATCH', `${base}/executions/${done.uuid}/feedback`, { body })).status).toBe(400);
    }
    const failed = sim.addExecution({ app: app.id, status: 'error' });
    const refused = await call(sim, 'PATCH', `${base}/executions/${failed.uuid}/feedback`, { body: { feedback: 'positive' } });
    expect(refused.status).toBe(400);
    expect(refused.json).toEqual({ error: 'Execution is not in success status' });
    expect(sim.wireExecution(failed.uuid)!.feedback).toBeNull();

    const other = await start({ preconditionStatus: 422 });
    const otherRun = other.sim.addExecution({ app: other.sim.addApp().id, status: 'running' });
    expect((await call(other.sim, 'PATCH', `${base}/executions/${otherRun.uuid}/feedback`, { body: { feedback: 'positive' } })).status).toBe(422);
  });

  it('moves review_needed → running → success after approval (A17)', async () => {
    const { sim, clock } = await start();
    const app = sim.addApp();
    sim.scriptNextRuns([{ outcome: 'review_needed', pendingMs: 0, runningMs: 500, afterReview: { runningMs: 2000, output: { approved: true } } }]);
    const run = (await asyncExecute(sim, app.uuid)).json.airops_app_execution;
    clock.advance(500);
    expect(sim.statusOf(run.uuid)).toBe('review_needed');
    clock.advance(3_600_000);
    expect(sim.statusOf(run.uuid)).toBe('review_needed');
    expect(() => sim.approveReview(sim.addExecution({ app: app.id, status: 'success' }).uuid)).toThrow(/not review_needed/);
    sim.approveReview(run.uuid);
    expect((await get(sim, run.uuid)).json.status).toBe('running');
    clock.advance(2000);
    expect((await get(sim, run.uuid)).json).toMatchObject({ status: 'success', output: { approved: true }, runtime: 2 });
  });

  it('forces any status, unknown strings included, and shows it on the wire', async () => {
    const { sim, clock } = await start();
    const { uuid } = sim.addExecution({ app: sim.addApp().id, run: { pendingMs: 0, runningMs: 1000 } });
    clock.advance(100);
    sim.forceStatus(uuid, 'paused_by_admin', { errorMessage: ['held'] });
    clock.advance(5000);
    const wire = (await get(sim, uuid)).json;
    expect(wire).toMatchObject({ status: 'paused_by_admin', error_message: ['held'], updatedAt: '2026-01-15T12:00:00.100Z' });
  });
});

describe('AirOps simulator: listing executions', () => {
  async function walk(sim: AiropsSimulator, appId: number | string, items?: number, segment = ':airops_app_id'): Promise<{ pages: Answer[]; uuids: string[] }> {
    const pages: Answer[] = [];
    const uuids: string[] = [];
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams({ airops_app_id: String(appId) });
      if (items !== undefined) query.set('items', String(items));
      if (cursor) query.set('cursor', cursor);
      const page = await call(sim, 'GET', `${base}/${segment}/executions?${query}`);
      expect(page.status).toBe(200);
      pages.push(page);
      uuids.push(...page.json.data.map((execution: AiropsExecutionWire) => execution.uuid));
      cursor = page.json.meta.has_more ? page.json.meta.cursor : null;
      if (page.json.meta.has_more) expect(typeof page.json.meta.cursor).toBe('string');
    } while (cursor);
    return { pages, uuids };
  }

  it('pages one app newest first, with count over all pages, to the end', async () => {
    const { sim, clock } = await start();
    const app = sim.addApp();
    const other = sim.addApp();
    for (let index = 0; index < 45; index++) {
      sim.addExecution({ app: index % 3 === 0 ? other.id : app.id, status: 'success' });
      if (index % 5 !== 0) clock.advance(1000); // some share a createdAt: ties are broken consistently
    }
    const { pages, uuids } = await walk(sim, app.id, 7);
    expect(uuids).toEqual(sim.executionUuids(app.id));
    expect(uuids).toHaveLength(30);
    expect(new Set(uuids).size).toBe(30);
    expect(pages).toHaveLength(5);
    expect(pages.map((page) => page.json.data.length)).toEqual([7, 7, 7, 7, 2]);
    for (const page of pages) expect(page.json.meta.count).toBe(30);
    expect(pages.at(-1)!.json.meta).toEqual({ count: 30, has_more: false, cursor: null });
    const created = uuids.map((uuid) => Date.parse(sim.wireExecution(uuid)!.createdAt));
    expect([...created].sort((left, right) => right - left)).toEqual(created);
    for (const execution of pages[0]!.json.data) expect(Object.keys(execution)).toEqual(wireFields);
  });

  it('uses 20 items by default and refuses items outside 1..100 (A7), or clamps when configured', async () => {
    const { sim } = await start();
    const app = sim.addApp();
    for (let index = 0; index < 25; index++) sim.addExecution({ app: app.id, status: 'success' });
    const first = await call(sim, 'GET', `${base}/${app.id}/executions?airops_app_id=${app.id}`);
    expect(first.json.data).toHaveLength(20);
    expect(first.json.meta).toMatchObject({ count: 25, has_more: true });
    expect((await call(sim, 'GET', `${base}/${app.id}/executions?airops_app_id=${app.id}&items=100`)).json.data).toHaveLength(25);
    for (const items of ['0', '101', '-1', 'abc', '2.5']) {
      const answer = await call(sim, 'GET', `${base}/${app.id}/executions?airops_app_id=${app.id}&items=${items}`);
      expect(answer.status, items).toBe(400);
      expect(typeof answer.json.error).toBe('string');
    }
    const clamping = await start({ itemsOutOfRange: 'clamp', defaultItems: 5 });
    const clampApp = clamping.sim.addApp();
    for (let index = 0; index < 8; index++) clamping.sim.addExecution({ app: clampApp.id, status: 'success' });
    const defaulted = await call(clamping.sim, 'GET', `${base}/x/executions?airops_app_id=${clampApp.id}`);
    expect(defaulted.json.data).toHaveLength(5);
    const clamped = await call(clamping.sim, 'GET', `${base}/x/executions?airops_app_id=${clampApp.id}&items=0`);
    expect(clamped.json.data).toHaveLength(1);
  });

  it('requires airops_app_id as the integer app id, whatever the path segment says', async () => {
    const { sim } = await start();
    const app = sim.addApp();
    sim.addExecution({ app: app.id, status: 'success' });
    for (const segment of [':airops_app_id', String(app.id), app.uuid, 'anything']) {
      const answer = await call(sim, 'GET', `${base}/${segment}/executions?airops_app_id=${app.id}`);
      expect(answer.status, segment).toBe(200);
      expect(answer.json.data).toHaveLength(1);
    }
    for (const query of ['', '?airops_app_id=', `?airops_app_id=${app.uuid}`, '?airops_app_id=1.5', '?airops_app_id=abc']) {
      const answer = await call(sim, 'GET', `${base}/${app.id}/executions${query}`);
      expect(answer.status, query).toBe(400);
      expect(typeof answer.json.error).toBe('string');
    }
    expect((await call(sim, 'GET', `${base}/:airops_app_id/executions?airops_app_id=999999`)).status).toBe(404);
    expect((await call(sim, 'GET', `${base}/:airops_app_id/executions?airops_app_id=${app.id}&cursor=garbage`)).json).toEqual({ error: 'Invalid cursor' });
  });

  it('keeps the cursor stable while new executions appear between pages', async () => {
    const { sim, clock } = await start();
    const app = sim.addApp();
    for (let index = 0; index < 12; index++) {
      sim.addExecution({ app: app.id, status: 'success' });
      clock.advance(1000);
    }
    const expected = sim.executionUuids(app.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let page = 0;
    do {
      const query: string = `airops_app_id=${app.id}&items=5${cursor ? `&cursor=${cursor}` : ''}`;
      const answer = await call(sim, 'GET', `${base}/:airops_app_id/executions?${query}`);
      seen.push(...answer.json.data.map((execution: AiropsExecutionWire) => execution.uuid));
      cursor = answer.json.meta.has_more ? answer.json.meta.cursor : null;
      page += 1;
      // new runs arrive between pages, through the API and directly
      clock.advance(10);
      await asyncExecute(sim, app.uuid);
      sim.addExecution({ app: app.id, status: 'running' });
      if (page === 1) sim.addExecution({ app: app.id, status: 'success', createdAt: clock.now() - 9_500 });
    } while (cursor);
    // the one added between pages with an old createdAt sorts after the cursor, so it is seen too
    expect(seen).toHaveLength(13);
    expect(seen.filter((uuid) => expected.includes(uuid))).toEqual(expected);
    expect(new Set(seen).size).toBe(seen.length);
  });
});

describe('AirOps simulator: listing apps', () => {
  it('lists apps with numeric id, uuid, name and published flag, paginated', async () => {
    const { sim, clock } = await start();
    const apps: AiropsApp[] = [];
    for (let index = 0; index < 5; index++) {
      apps.push(sim.addApp({ name: `App ${index} ✓`, published: index !== 2 }));
      clock.advance(1000);
    }
    const first = await call(sim, 'GET', `${base}?items=3`);
    expect(first.status).toBe(200);
    expect(first.json.meta).toMatchObject({ count: 5, has_more: true });
    const second = await call(sim, 'GET', `${base}?items=3&cursor=${first.json.meta.cursor}`);
    expect(second.json.meta).toEqual({ count: 5, has_more: false, cursor: null });
    const listed = [...first.json.data, ...second.json.data];
    expect(listed.map((app: { id: number }) => app.id)).toEqual(apps.map((app) => app.id).reverse());
    const draft = listed.find((app: { id: number }) => app.id === apps[2]!.id);
    expect(draft).toMatchObject({ uuid: apps[2]!.uuid, name: 'App 2 ✓', published: false, workspace_id: 1207 });
    expect(draft.uuid).toHaveLength(36);
    expect((await call(sim, 'GET', `${base}?items=500`)).status).toBe(400);
  });
});

describe('AirOps simulator: fixtures and demo', () => {
  it('seeds apps and ~50 varied executions deterministically', async () => {
    const { sim } = await start();
    const seed = sim.seedDemo();
    expect(seed.apps).toHaveLength(4);
    expect(seed.apps.filter((app) => !app.published)).toHaveLength(1);
    expect(seed.executions).toHaveLength(50);
    const wires = seed.executions.map((uuid) => sim.wireExecution(uuid)!);

    const statuses = new Set(wires.map((wire) => wire.status));
    for (const status of ['success', 'error', 'cancelled', 'review_needed', 'paused_by_admin']) expect(statuses).toContain(status);
    expect(wires.some((wire) => wire.status === 'pending' || wire.status === 'running')).toBe(true);
    expect(wires.some((wire) => typeof wire.id === 'number')).toBe(true);
    expect(wires.some((wire) => typeof wire.id === 'string' && /^\d+$/.test(wire.id))).toBe(true);
    expect(sim.wireExecution(seed.fixtures.unicodeId)!.id).toBe('exec-Ω-18-ünïcode');
    expect(sim.wireExecution(seed.fixtures.upperCaseUuid)!.uuid).toMatch(/^[0-9A-F-]{36}$/);
    expect(sim.wireExecution(seed.fixtures.conversationInt)!.conversation_id).toBe(4711);
    expect(sim.wireExecution(seed.fixtures.conversationString)!.conversation_id).toBe('conv_7f3a-π');
    expect(sim.wireExecution(seed.fixtures.unknownStatus)!.status).toBe('paused_by_admin');
    expect(sim.wireExecution(seed.fixtures.errorCodeNull)!).toMatchObject({ status: 'error', error_code: null });
    expect(sim.wireExecution(seed.fixtures.withFeedback)!.feedback).toBe('positive');
    expect(JSON.stringify(sim.wireExecution(seed.fixtures.unicode)!.output)).toMatch(/ユニコード/);

    const errorTypes = ['errorString', 'errorObject', 'errorArray', 'errorNumber', 'errorBoolean', 'errorNull'] as const;
    const kinds = errorTypes.map((name) => {
      const message = sim.wireExecution(seed.fixtures[name])!.error_message;
      return message === null ? 'null' : Array.isArray(message) ? 'array' : typeof message;
    });
    expect(kinds).toEqual(['string', 'object', 'array', 'number', 'boolean', 'null']);

    const stamps = wires.flatMap((wire) => [wire.createdAt, wire.updatedAt]);
    for (const offset of ['Z', '+00:00', '+05:30', '-08:00']) expect(stamps.some((stamp) => stamp.endsWith(offset))).toBe(true);
    const digits = new Set(stamps.map((stamp) => /\.(\d+)/.exec(stamp)?.[1]?.length ?? 0));
    expect([...digits].sort((left, right) => left - right)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const wire of wires) {
      expect(Number.isNaN(Date.parse(wire.createdAt))).toBe(false);
      expect(wire.uuid).toHaveLength(36);
    }

    const large = await get(sim, seed.fixtures.largeOutput);
    expect(large.status).toBe(200);
    expect(Buffer.byteLength(JSON.stringify(large.json.output))).toBeGreaterThan(1024 * 1024);

    const again = createAiropsSimulator({ clock: new ManualClock(), apiKeys: [key] });
    const secondSeed = again.seedDemo();
    expect(secondSeed.executions).toEqual(seed.executions);
    expect(again.wireExecution(seed.fixtures.errorObject)).toEqual(sim.wireExecution(seed.fixtures.errorObject));
  });

  it('lists seeded executions with parseable createdAt in newest-first order', async () => {
    const { sim } = await start();
    const seed = sim.seedDemo();
    for (const app of seed.apps) {
      const answer = await call(sim, 'GET', `${base}/:airops_app_id/executions?airops_app_id=${app.id}&items=100`);
      const created = answer.json.data.map((wire: AiropsExecutionWire) => Date.parse(wire.createdAt));
      expect([...created].sort((left, right) => right - left)).toEqual(created);
      expect(answer.json.meta.count).toBe(sim.executionUuids(app.id).length);
    }
  });

  it('moves the in-flight demo executions forward and starts demo runs on published apps', async () => {
    const { sim, clock } = await start();
    const seed = sim.seedDemo();
    expect(seed.fixtures.inFlight.some((uuid) => ['pending', 'running'].includes(sim.statusOf(uuid)))).toBe(true);
    const run = sim.startDemoRun();
    expect(run.status).toBe('pending');
    expect(sim.appOfExecution(run.uuid).published).toBe(true);
    expect(sim.executionUuids()[0]).toBe(run.uuid);
    clock.advance(60_000);
    for (const uuid of [...seed.fixtures.inFlight, run.uuid]) expect(['success', 'error', 'review_needed']).toContain(sim.statusOf(uuid));
  });

  it('sends every id as an integer or every id as a string when told', async () => {
    for (const [idStyle, type] of [['int', 'number'], ['string', 'string']] as const) {
      const { sim } = await start({ idStyle });
      const app = sim.addApp();
      for (let index = 0; index < 6; index++) expect(typeof sim.addExecution({ app: app.id, status: 'success' }).id).toBe(type);
    }
  });

  it('varies timestamp formats of API-created runs when told', async () => {
    const { sim } = await start({ varyTimestamps: true });
    const app = sim.addApp();
    const stamps: string[] = [];
    for (let index = 0; index < 4; index++) stamps.push((await asyncExecute(sim, app.uuid)).json.airops_app_execution.createdAt);
    expect(new Set(stamps.map((stamp) => stamp.slice(19))).size).toBeGreaterThan(1);
  });
});

describe('AirOps simulator: faults and counters', () => {
  it('injects status, rate-limit, delay, reset, malformed and empty faults in the AirOps envelope', async () => {
    const { sim } = await start();
    const { uuid } = sim.addExecution({ app: sim.addApp().id, status: 'success' });
    const path = `${base}/executions/${uuid}`;

    sim.server.faults.inject({ kind: 'status', status: 503 }, { method: 'GET', path });
    const unavailable = await call(sim, 'GET', path);
    expect(unavailable.status).toBe(503);
    expect(unavailable.json).toEqual({ error: 'Injected 503' });

    sim.server.faults.inject({ kind: 'rate-limit', retryAfterSeconds: 7 }, { path: /\/executions\// });
    const limited = await call(sim, 'GET', path);
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('7');
    expect(limited.json).toEqual({ error: 'Too many requests' });

    sim.server.faults.inject({ kind: 'delay', ms: 20 });
    expect((await call(sim, 'GET', path)).json.uuid).toBe(uuid);

    sim.server.faults.inject({ kind: 'reset' });
    await expect(call(sim, 'GET', path)).rejects.toThrow();

    sim.server.faults.inject({ kind: 'malformed' });
    const malformed = await call(sim, 'GET', path);
    expect(malformed.status).toBe(200);
    expect(() => JSON.parse(malformed.text)).toThrow();

    sim.server.faults.inject({ kind: 'empty' });
    const empty = await call(sim, 'GET', path);
    expect(empty.status).toBe(200);
    expect(empty.text).toBe('');

    expect((await call(sim, 'GET', path)).status).toBe(200);
    expect(sim.server.faults.pending()).toBe(0);
  });

  it('counts requests by route template and concrete path, unauthorized ones included', async () => {
    const { sim } = await start();
    const app = sim.addApp();
    const { uuid } = sim.addExecution({ app: app.id, status: 'success' });
    await get(sim, uuid);
    await get(sim, uuid);
    await call(sim, 'GET', `${base}/executions/${uuid}`, { auth: null });
    await asyncExecute(sim, app.uuid);
    await call(sim, 'GET', `${base}/:airops_app_id/executions?airops_app_id=${app.id}`);
    await call(sim, 'PATCH', `${base}/executions/${uuid}/feedback`, { body: { feedback: 'neutral' } });
    const counters = sim.server.counters;
    expect(counters.count('GET', `${base}/executions/:execution_uuid`)).toBe(3);
    expect(counters.count('GET', `${base}/executions/${uuid}`)).toBe(3);
    expect(counters.count('POST', `${base}/:app_uuid/async_execute`)).toBe(1);
    expect(counters.count('GET', `${base}/:airops_app_id/executions`)).toBe(1);
    expect(counters.count('PATCH', `${base}/executions/:execution_uuid/feedback`)).toBe(1);
    expect(counters.total()).toBe(6);
  });
});
