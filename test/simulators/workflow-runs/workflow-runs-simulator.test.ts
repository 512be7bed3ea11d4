import { describe, expect, it } from 'vitest';
import type { ManualClock } from '../../../src/simulators/kit/index.js';
import {
  catalogWorkflowIds,
  createWorkflowRunsSimulator,
  type RunWire,
  type StepWire,
  type WorkflowRunsSimulator,
  type WorkflowRunsSimulatorOptions,
} from '../../../src/simulators/workflow-runs/index.js';
import { requestSimulator, type SimulatorAnswer } from '../../helpers/simulator-answer.js';
import { simulatorStarter } from '../../helpers/simulator-starter.js';

type Answer = SimulatorAnswer;

interface Harness {
  sim: WorkflowRunsSimulator;
  clock: ManualClock;
  url: string;
  api(method: string, path: string, options?: { body?: unknown; rawBody?: string; key?: string | null; authorization?: string }): Promise<Answer>;
}

const startOnManualClock = simulatorStarter<WorkflowRunsSimulator>();

async function start(options: WorkflowRunsSimulatorOptions = {}): Promise<Harness> {
  const { simulator: sim, clock } = await startOnManualClock((clock) => createWorkflowRunsSimulator({ clock, ...options }));
  const url = sim.url;
  const api: Harness['api'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = {};
    if (options.authorization !== undefined) headers.authorization = options.authorization;
    else if (options.key !== null) headers.authorization = `Bearer ${options.key ?? sim.apiKey}`;
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers['content-type'] = 'application/json';
    return requestSimulator(`${url}${path}`, { method, headers, body });
  };
  return { sim, clock, url, api };
}

const wf = (id: string) => `/apps/c/workflows/${encodeURIComponent(id)}`;
const runPath = (workflowId: string, runId: string) => `${wf(workflowId)}/runs/${encodeURIComponent(runId)}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Advances the manual clock while a held (synchronous) request is in flight, until it answers. */
async function drive<T>(pending: Promise<T>, clock: ManualClock, stepMs = 250): Promise<T> {
  let done = false;
  void pending.then(
    () => (done = true),
    () => (done = true),
  );
  for (let attempt = 0; attempt < 400 && !done; attempt++) {
    await sleep(15);
    clock.advance(stepMs);
  }
  return pending;
}

function asRun(value: unknown): RunWire {
  return value as RunWire;
}

function stepsOf(run: RunWire): StepWire[] {
  if (run.output === null) return [];
  return Array.isArray(run.output) ? run.output : Object.values(run.output);
}

function expectEnvelope(answer: Answer, status: number): void {
  expect(answer.status).toBe(status);
  const body = answer.json as { status: number; message: string };
  expect(body.status).toBe(status);
  expect(typeof body.message).toBe('string');
}

describe('workflow-runs simulator: auth and apps', () => {
  it('accepts the bearer key and answers 401 in the Cortex envelope otherwise', async () => {
    const { api } = await start();
    expect((await api('GET', '/apps/c/workflows')).status).toBe(200);
    expectEnvelope(await api('GET', '/apps/c/workflows', { key: null }), 401);
    expectEnvelope(await api('GET', '/apps/c/workflows', { key: 'wrong' }), 401);
    expectEnvelope(await api('GET', '/apps/c/workflows', { authorization: 'Token cortex-demo-key' }), 401);
    expect(await api('GET', '/apps/c/workflows', { key: null })).toMatchObject({ json: { status: 401 } });
  });

  it('reads app_id as the key app (`c` or its own id) and hides other apps', async () => {
    const { api, sim } = await start({ appId: 'app_Ω', apiKey: 'key-1', apiKeys: ['key-2'] });
    sim.seedWorkflows();
    expect((await api('GET', '/apps/app_%CE%A9/workflows')).status).toBe(200);
    expect((await api('GET', '/apps/c/workflows', { key: 'key-2' })).status).toBe(200);
    expectEnvelope(await api('GET', '/apps/app_market/workflows'), 404);
    const foreign = await api('GET', '/apps/c/workflows', { key: 'cortex-market-key' });
    expect((foreign.json as Array<{ id: string }>).map((workflow) => workflow.id)).toEqual([catalogWorkflowIds.marketEnrich]);
    expect(sim.apiKeys).toEqual(expect.arrayContaining([{ key: 'key-1', appId: 'app_Ω' }]));
  });
});

describe('workflow-runs simulator: workflows and versions', () => {
  it('lists workflows as a bare array with pagination headers, search and tags', async () => {
    const { api, sim } = await start();
    sim.seedWorkflows();
    const all = await api('GET', '/apps/c/workflows');
    expect(Array.isArray(all.json)).toBe(true);
    expect(all.headers['pagination-count']).toBe('4');
    expect(all.headers['pagination-page']).toBe('1');
    expect(all.headers['pagination-take']).toBe('10');
    const page2 = await api('GET', '/apps/c/workflows?page=2&take=3');
    expect((page2.json as unknown[]).length).toBe(1);
    const searched = await api('GET', `/apps/c/workflows?search=${encodeURIComponent('翻訳')}`);
    expect((searched.json as Array<{ id: string }>).map((workflow) => workflow.id)).toEqual([catalogWorkflowIds.translate]);
    const tagged = await api('GET', '/apps/c/workflows?tags=docs&tags=ingest');
    expect((tagged.json as Array<{ id: string }>).map((workflow) => workflow.id).sort()).toEqual(['wf-summarize', 'wf.v2.ingest']);
    const workflow = (all.json as Array<Record<string, unknown>>)[0]!;
    expect(Object.keys(workflow)).toEqual(expect.arrayContaining(['id', 'name', 'app', 'visibility', 'version', 'tags', 'steps', 'retention', 'created_at']));
  });

  it('gets workflows with every id form, and 404s unknown or foreign ones', async () => {
    const { api, sim } = await start();
    sim.seedWorkflows();
    for (const id of ['wf_1', 'wf-summarize', 'wf.v2.ingest', 'wf_翻訳-ünï']) {
      const answer = await api('GET', wf(id));
      expect(answer.status).toBe(200);
      expect((answer.json as { id: string }).id).toBe(id);
    }
    expectEnvelope(await api('GET', wf('nope')), 404);
    expectEnvelope(await api('GET', wf(catalogWorkflowIds.marketEnrich)), 404);
    const ingest = (await api('GET', wf('wf.v2.ingest'))).json as { retention: unknown; version: { version: number } };
    expect(ingest.retention).toBeNull();
    expect(ingest.version.version).toBe(3);
  });

  it('lists and gets versions by id or number', async () => {
    const { api, sim } = await start();
    sim.seedWorkflows();
    const list = await api('GET', `${wf('wf_1')}/versions?take=2`);
    expect(list.headers['pagination-count']).toBe('3');
    const versions = list.json as Array<{ id: string; version: number; workflow_id: string }>;
    expect(versions.map((version) => version.version)).toEqual([3, 2]);
    const byNumber = await api('GET', `${wf('wf_1')}/versions/2`);
    expect((byNumber.json as { version: number; rollback_version: number }).rollback_version).toBe(1);
    const byId = await api('GET', `${wf('wf_1')}/versions/${versions[0]!.id}`);
    expect((byId.json as { version: number }).version).toBe(3);
    expectEnvelope(await api('GET', `${wf('wf_1')}/versions/9`), 404);
    expectEnvelope(await api('GET', `${wf('missing')}/versions`), 404);
  });

  it('discovers public workflows of every app, not private ones', async () => {
    const { api, sim } = await start();
    sim.seedWorkflows();
    const list = await api('GET', '/apps/c/workflows/discover');
    const ids = (list.json as Array<{ id: string; app: { id: string } }>).map((workflow) => workflow.id).sort();
    expect(ids).toEqual([catalogWorkflowIds.summarize, catalogWorkflowIds.marketEnrich, catalogWorkflowIds.translate].sort());
    expect(list.headers['pagination-count']).toBe('3');
    const foreign = await api('GET', `/apps/c/workflows/discover/${encodeURIComponent(catalogWorkflowIds.marketEnrich)}`);
    expect((foreign.json as { app: { id: string } }).app.id).toBe('app_market');
    expectEnvelope(await api('GET', '/apps/c/workflows/discover/wf_1'), 404);
    const version = await api('GET', `/apps/c/workflows/discover/${encodeURIComponent(catalogWorkflowIds.marketEnrich)}/versions/1`);
    expect((version.json as { version: number; app_id: string })).toMatchObject({ version: 1, app_id: 'app_market' });
    expectEnvelope(await api('GET', '/apps/c/workflows/discover?visibility=SECRET'), 400);
  });

  it('rejects bad paging values with a zod-style 400', async () => {
    const { api, sim } = await start();
    sim.seedWorkflows();
    const tooBig = await api('GET', '/apps/c/workflows?take=101');
    expectEnvelope(tooBig, 400);
    expect((tooBig.json as { errors: unknown[] }).errors[0]).toMatchObject({ code: 'too_big', path: ['take'] });
    const notNumber = await api('GET', '/apps/c/workflows?page=abc');
    expect((notNumber.json as { errors: Array<Record<string, unknown>> }).errors[0]).toMatchObject({ code: 'invalid_type', path: ['page'] });
    expectEnvelope(await api('GET', '/apps/c/workflows?page=0'), 400);
  });
});

describe('workflow-runs simulator: run listings', () => {
  it('walks every page of a workflow newest first, with count headers', async () => {
    const { api, sim } = await start();
    sim.seedDemo();
    const expected = sim.runIds({ workflowId: 'wf_1' });
    const seen: string[] = [];
    for (let page = 1; page < 50; page++) {
      const answer = await api('GET', `${wf('wf_1')}/runs?page=${page}&take=7`);
      expect(answer.status).toBe(200);
      expect(answer.headers['pagination-count']).toBe(String(expected.length));
      expect(answer.headers['pagination-take']).toBe('7');
      const runs = answer.json as RunWire[];
      if (runs.length === 0) break;
      seen.push(...runs.map((run) => run.id));
    }
    expect(seen).toEqual(expected);
    expect(new Set(seen).size).toBe(seen.length);
    const defaults = await api('GET', `${wf('wf_1')}/runs`);
    expect((defaults.json as unknown[]).length).toBe(10);
    expect(defaults.headers['pagination-take']).toBe('10');
  });

  it('filters by one status and one origin, and rejects unknown enum values', async () => {
    const { api, sim } = await start();
    sim.seedDemo();
    for (const status of ['COMPLETED', 'FAILED', 'RUNNING']) {
      const answer = await api('GET', `${wf('wf_1')}/runs?status=${status}&take=100`);
      const runs = answer.json as RunWire[];
      expect(runs.every((run) => run.status === status)).toBe(true);
      expect(answer.headers['pagination-count']).toBe(String(runs.length));
    }
    const all = (await api('GET', `${wf('wf_1')}/runs?status=ALL&origin=ALL&take=100`)).json as RunWire[];
    expect(all.length).toBe(sim.runIds({ workflowId: 'wf_1' }).length);
    const children = (await api('GET', `${wf('wf_1')}/runs?origin=WORKFLOW&take=100`)).json as RunWire[];
    expect(children.length).toBeGreaterThan(0);
    expect(children.every((run) => run.origin === 'WORKFLOW')).toBe(true);
    const bad = await api('GET', `${wf('wf_1')}/runs?status=DONE&origin=API`);
    expectEnvelope(bad, 400);
    const errors = (bad.json as { errors: Array<{ code: string; path: string[]; validation: string; message: string }> }).errors;
    expect(errors.map((error) => error.path)).toEqual([['status'], ['origin']]);
    expect(errors[0]).toMatchObject({ code: 'invalid_enum_value' });
    expect(errors[0]!.message).toContain("received 'DONE'");
  });

  it('includes version objects and step details only with verbose=all', async () => {
    const { api, sim } = await start();
    const runId = sim.addRun({ workflowId: (sim.seedWorkflows(), 'wf_1'), status: 'COMPLETED' });
    const plain = asRun((await api('GET', runPath('wf_1', runId))).json);
    expect(plain.workflow_version).toBeNull();
    expect(plain.workflow_version_draft).toBeNull();
    expect(stepsOf(plain).every((step) => step.logs === undefined && step.calls === undefined)).toBe(true);
    const verbose = asRun((await api('GET', `${runPath('wf_1', runId)}?verbose=all&verbose=all`)).json);
    expect(verbose.workflow_version).toMatchObject({ workflow_id: 'wf_1', version: 3 });
    expect(stepsOf(verbose).every((step) => Array.isArray(step.logs) && Array.isArray(step.calls))).toBe(true);
    expectEnvelope(await api('GET', `${runPath('wf_1', runId)}?verbose=some`), 400);
    const list = (await api('GET', `${wf('wf_1')}/runs?verbose=all`)).json as RunWire[];
    expect(list[0]!.workflow_version).not.toBeNull();
  });

  it('shifts pages when runs are added between page reads', async () => {
    const { api, sim } = await start();
    sim.seedDemo();
    const first = (await api('GET', `${wf('wf_1')}/runs?take=5`)).json as RunWire[];
    await api('POST', `${wf('wf_1')}/runs`, { body: { background: true } });
    const second = (await api('GET', `${wf('wf_1')}/runs?page=2&take=5`)).json as RunWire[];
    expect(second[0]!.id).toBe(first[4]!.id);
  });

  it('404s the runs of unknown and foreign workflows', async () => {
    const { api, sim } = await start();
    sim.seedDemo();
    expectEnvelope(await api('GET', `${wf('missing')}/runs`), 404);
    expectEnvelope(await api('GET', `${wf(catalogWorkflowIds.marketEnrich)}/runs`), 404);
  });
});

describe('workflow-runs simulator: lifecycle on the simulator clock', () => {
  it('moves a background run PENDING → RUNNING → COMPLETED with steps, result and usage', async () => {
    const { api, sim, clock } = await start();
    sim.seedWorkflows();
    const created = await api('POST', `${wf('wf_1')}/runs`, { body: { input: { text: ' Grüß Gott 👋 ' }, background: true } });
    expect(created.status).toBe(200);
    const pending = asRun(created.json);
    expect(pending).toMatchObject({ status: 'PENDING', origin: 'ENDPOINT', app_id: 'app_1', workflow_app_id: 'app_1', workflow_id: 'wf_1', output: null, started_at: null, version: 3 });
    clock.advance(500);
    const runningNow = asRun((await api('GET', runPath('wf_1', pending.id))).json);
    expect(runningNow.status).toBe('RUNNING');
    expect(runningNow.started_at).not.toBeNull();
    expect(stepsOf(runningNow).map((step) => step.status)).toEqual(['RUNNING']);
    clock.advance(800);
    const midway = asRun((await api('GET', runPath('wf_1', pending.id))).json);
    expect(stepsOf(midway).every((step) => step.status !== 'PENDING')).toBe(true);
    clock.advance(700);
    const done = asRun((await api('GET', `${runPath('wf_1', pending.id)}?verbose=all`)).json);
    expect(done.status).toBe('COMPLETED');
    expect(done.ended_at).not.toBeNull();
    expect(Object.keys(done.output as object)).toEqual(['input', 'prepare', 'classify', 'format']);
    const classify = (done.output as Record<string, StepWire>).classify!;
    expect(typeof classify.start).toBe('number');
    expect(typeof classify.end).toBe('number');
    expect(done.result).toEqual((done.output as Record<string, { output: { result: unknown } }>).format!.output.result);
    expect(done.usage.total).toBeGreaterThan(0);
    expect(done.usage.steps.classify!.total).toBe(done.usage.total);
    expect(done.input).toEqual({ text: ' Grüß Gott 👋 ' });
  });

  it('holds a synchronous POST until the run has ended', async () => {
    const { api, sim, clock } = await start();
    sim.seedWorkflows();
    const answer = await drive(api('POST', `${wf('wf_1')}/runs`, { body: { input: { text: 'sync' } } }), clock);
    expect(answer.status).toBe(200);
    expect(asRun(answer.json).status).toBe('COMPLETED');
  });

  it('follows scripts: failure at a chosen step, SKIPPED from PENDING, cancellation, durations', async () => {
    const { api, sim, clock } = await start();
    sim.seedWorkflows();
    sim.scriptNextRuns([
      { outcome: 'error', pendingMs: 0, runningMs: 1000, failStepKey: 'prepare', errorMessage: 'boom — 爆発' },
      { outcome: 'skipped', pendingMs: 300 },
      { outcome: 'cancelled', pendingMs: 0, runningMs: 2000 },
    ]);
    expect(sim.pendingScripts()).toBe(3);
    const failed = asRun((await api('POST', `${wf('wf_1')}/runs`, { body: { background: true } })).json);
    const skipped = asRun((await api('POST', `${wf('wf_1')}/runs`, { body: { background: true } })).json);
    const cancelled = asRun((await api('POST', `${wf('wf_1')}/runs`, { body: { background: true } })).json);
    expect(sim.pendingScripts()).toBe(0);
    clock.advance(299);
    expect(sim.readRun(skipped.id)!.status).toBe('PENDING');
    clock.advance(1);
    expect(sim.readRun(skipped.id)).toMatchObject({ status: 'SKIPPED', started_at: null, output: null });
    clock.advance(2000);
    const failedNow = sim.readRun(failed.id)!;
    expect(failedNow.status).toBe('FAILED');
    expect(failedNow.error).toContain('boom — 爆発');
    expect(stepsOf(failedNow).map((step) => [step.key, step.status])).toEqual([
      ['input', 'COMPLETED'],
      ['prepare', 'FAILED'],
    ]);
    expect(stepsOf(failedNow)[1]!.error).toBe('boom — 爆発');
    expect(failedNow.result).toBeNull();
    const cancelledNow = sim.readRun(cancelled.id)!;
    expect(cancelledNow.status).toBe('CANCELLED');
    expect(stepsOf(cancelledNow).some((step) => step.status === 'CANCELLED')).toBe(true);
  });

  it('forces any status string, including unknown ones', async () => {
    const { api, sim } = await start();
    sim.seedWorkflows();
    const runId = sim.addRun({ workflowId: 'wf_1', status: 'RUNNING' });
    sim.forceStatus(runId, 'PAUSED_BY_ADMIN');
    expect(asRun((await api('GET', runPath('wf_1', runId))).json).status).toBe('PAUSED_BY_ADMIN');
    const seeded = sim.addRun({ workflowId: 'wf_1', status: 'WEIRD' });
    expect(sim.readRun(seeded)).toMatchObject({ status: 'WEIRD' });
    expect(sim.readRun(seeded)!.ended_at).not.toBeNull();
  });

  it('seeds explicit fields and frozen lifecycles', async () => {
    const { sim, clock } = await start();
    sim.seedWorkflows();
    const runId = sim.addRun({
      workflowId: 'wf_1',
      id: 'run_explicit',
      status: 'RUNNING',
      frozen: true,
      origin: 'RECORD',
      collectionId: 'col_1',
      recordId: 'rec_1',
      input: { text: 'x' },
      createdAt: '2026-01-15T11:59:00Z',
    });
    clock.advance(3_600_000);
    expect(sim.readRun(runId)).toMatchObject({ id: 'run_explicit', status: 'RUNNING', origin: 'RECORD', collection_id: 'col_1', record_id: 'rec_1' });
    const later = sim.addRun({ workflowId: 'wf_1', script: { pendingMs: 100, runningMs: 100 }, createdAt: clock.now() + 1000 });
    expect(sim.readRun(later)).toBeUndefined();
    clock.advance(1000);
    expect(sim.readRun(later)!.status).toBe('PENDING');
  });

  it('creates child runs for workflow steps, several levels deep', async () => {
    const { api, sim, clock } = await start();
    sim.seedWorkflows();
    sim.scriptNextRuns([{ pendingMs: 0, runningMs: 4000 }]);
    const parent = asRun((await api('POST', `${wf('wf.v2.ingest')}/runs`, { body: { input: { text: 'Ünïcödé page' }, background: true } })).json);
    clock.advance(4000);
    const done = asRun((await api('GET', runPath('wf.v2.ingest', parent.id))).json);
    expect(done.status).toBe('COMPLETED');
    const link = (done.output as Record<string, StepWire>).summarize_page!.output as Record<string, unknown>;
    expect(link).toMatchObject({ workflow_id: 'wf-summarize', workflow_app_id: 'app_1', app_id: 'app_1', status: 'COMPLETED', origin: 'WORKFLOW' });
    expect(Object.keys(link)).toEqual(expect.arrayContaining(['run_id', 'error', 'usage', 'result', 'output', 'date']));
    const child = asRun((await api('GET', runPath('wf-summarize', link.run_id as string))).json);
    expect(child.status).toBe('COMPLETED');
    const grandchildId = ((child.output as Record<string, StepWire>).classify_doc!.output as { run_id: string }).run_id;
    expect(sim.childRunIds(child.id)).toEqual([grandchildId]);
    const grandchild = asRun((await api('GET', runPath('wf_1', grandchildId))).json);
    expect(grandchild).toMatchObject({ status: 'COMPLETED', origin: 'WORKFLOW' });
    expect(done.usage.steps.summarize_page!.total).toBe(child.usage.total);
    expect(done.result).toEqual((done.output as Record<string, StepWire>).store!.output);
  });

  it('fails the parent step when the child run fails', async () => {
    const { api, sim, clock } = await start();
    sim.seedWorkflows();
    sim.scriptNextRuns([{ outcome: 'error', pendingMs: 0, runningMs: 1000, failStepKey: 'classify_doc' }]);
    const parent = asRun((await api('POST', `${wf('wf-summarize')}/runs`, { body: { background: true } })).json);
    clock.advance(1000);
    const done = sim.readRun(parent.id)!;
    expect(done.status).toBe('FAILED');
    const step = (done.output as Record<string, StepWire>).classify_doc!;
    expect(step.status).toBe('FAILED');
    expect(sim.readRun((step.output as { run_id: string }).run_id)!.status).toBe('FAILED');
  });
});

describe('workflow-runs simulator: cancel, replay, retention', () => {
  it('cancels PENDING and RUNNING runs (children too) and 400s terminal ones', async () => {
    const { api, sim, clock } = await start();
    sim.seedWorkflows();
    const pending = asRun((await api('POST', `${wf('wf_1')}/runs`, { body: { background: true } })).json);
    const cancelled = await api('POST', `${runPath('wf_1', pending.id)}/cancel`);
    expect(asRun(cancelled.json)).toMatchObject({ status: 'CANCELLED', output: null });
    expect(asRun(cancelled.json).ended_at).not.toBeNull();
    const again = await api('POST', `${runPath('wf_1', pending.id)}/cancel`);
    expectEnvelope(again, 400);
    sim.scriptNextRuns([{ pendingMs: 0, runningMs: 5000 }]);
    const parent = asRun((await api('POST', `${wf('wf-summarize')}/runs`, { body: { background: true } })).json);
    clock.advance(2500);
    const [childId] = sim.childRunIds(parent.id);
    expect(sim.readRun(childId!)!.status).toBe('RUNNING');
    const stopped = asRun((await api('POST', `${runPath('wf-summarize', parent.id)}/cancel`)).json);
    expect(stopped.status).toBe('CANCELLED');
    expect((stopped.output as Record<string, StepWire>).classify_doc!.status).toBe('CANCELLED');
    expect(sim.readRun(childId!)!.status).toBe('CANCELLED');
    clock.advance(10_000);
    expect(sim.readRun(parent.id)!.status).toBe('CANCELLED');
    expect(Object.keys(sim.readRun(parent.id)!.output as object)).not.toContain('summarize');
    expectEnvelope(await api('POST', `${runPath('wf_1', 'run_missing')}/cancel`), 404);
  });

  it('replays a finished run from a step under the same id, and refuses live runs and unknown steps', async () => {
    const { api, sim, clock } = await start();
    sim.seedWorkflows();
    sim.scriptNextRuns([{ outcome: 'error', pendingMs: 0, runningMs: 1000, failStepKey: 'classify' }]);
    const run = asRun((await api('POST', `${wf('wf_1')}/runs`, { body: { background: true } })).json);
    const live = await api('POST', `${runPath('wf_1', run.id)}/replay`, { body: { stepKey: 'classify' } });
    expectEnvelope(live, 400);
    clock.advance(1000);
    const failed = sim.readRun(run.id, { verbose: false })!;
    const failedStep = stepsOf(failed).find((step) => step.status === 'FAILED')!;
    expect(failedStep.key).toBe('classify');
    const unknown = await api('POST', `${runPath('wf_1', run.id)}/replay`, { body: { stepKey: 'nope' } });
    expect((unknown.json as { errors: Array<{ path: string[] }> }).errors[0]!.path).toEqual(['stepKey']);
    const missing = await api('POST', `${runPath('wf_1', run.id)}/replay`, { body: { step_key: 'classify' } });
    expect((missing.json as { errors: Array<{ message: string; path: string[] }> }).errors[0]).toMatchObject({ message: 'Required', path: ['stepKey'] });
    const replayed = asRun((await api('POST', `${runPath('wf_1', run.id)}/replay`, { body: { stepKey: failedStep.key, background: true } })).json);
    expect(replayed.id).toBe(run.id);
    expect(replayed.status).toBe('RUNNING');
    expect(replayed.ended_at).toBeNull();
    expect(replayed.started_at).toBe(failed.started_at);
    const keptPrepare = (replayed.output as Record<string, StepWire>).prepare!;
    expect(keptPrepare).toEqual((failed.output as Record<string, StepWire>).prepare);
    clock.advance(1500);
    const done = sim.readRun(run.id)!;
    expect(done.status).toBe('COMPLETED');
    expect(done.error).toBeUndefined();
    expect(stepsOf(done).map((step) => step.key)).toEqual(['input', 'prepare', 'classify', 'format']);
    const sync = await drive(api('POST', `${runPath('wf_1', run.id)}/replay`, { body: { stepKey: 'format' } }), clock);
    expect(asRun(sync.json).status).toBe('COMPLETED');
  });

  it('patches retention and recomputes retention_due_at', async () => {
    const { api, sim } = await start();
    sim.seedWorkflows();
    const runId = sim.addRun({ workflowId: 'wf_1', status: 'COMPLETED', dateFormat: { kind: 'date-time', offsetMinutes: 0, fractionDigits: 3, zulu: true } });
    const created = Date.parse(sim.readRun(runId)!.created_at!);
    const patched = asRun((await api('PATCH', `${runPath('wf_1', runId)}/retention`, { body: { retention: 7200 } })).json);
    expect(patched.retention).toEqual({ max_age_in_seconds: 7200 });
    expect(Date.parse(patched.retention_due_at!)).toBe(created + 7_200_000);
    const forever = asRun((await api('PATCH', `${runPath('wf_1', runId)}/retention`, { body: { retention: { max_age_in_seconds: -1, preserve_on_failure: true } } })).json);
    expect(forever).toMatchObject({ retention: { max_age_in_seconds: -1, preserve_on_failure: true }, retention_due_at: null });
    const reset = asRun((await api('PATCH', `${runPath('wf_1', runId)}/retention`, { body: { retention: null } })).json);
    expect(reset.retention).toEqual({ max_age_in_seconds: 2_592_000, preserve_on_failure: true });
    const bad = await api('PATCH', `${runPath('wf_1', runId)}/retention`, { body: { retention: { max_age_in_seconds: 'soon' } } });
    expect((bad.json as { errors: Array<{ path: string[] }> }).errors[0]!.path).toEqual(['retention', 'max_age_in_seconds']);
    expectEnvelope(await api('PATCH', `${runPath('wf_1', runId)}/retention`, { body: { retention: 1.5 } }), 400);
  });

  it('purges input, output and result once retention is due (A20), except preserved failures', async () => {
    const { api, sim, clock } = await start();
    sim.seedWorkflows();
    const created = asRun((await api('POST', `${wf('wf_1')}/runs`, { body: { background: true, retention: 60 } })).json);
    clock.advance(2000);
    expect(sim.readRun(created.id)!.result).not.toBeNull();
    clock.advance(58_000);
    expect(sim.readRun(created.id)).toMatchObject({ input: null, output: null, result: null, status: 'COMPLETED' });
    sim.scriptNextRuns([{ outcome: 'error' }]);
    const failed = asRun((await api('POST', `${wf('wf_1')}/runs`, { body: { background: true, retention: { max_age_in_seconds: 1, preserve_on_failure: true } } })).json);
    clock.advance(10_000);
    expect(sim.readRun(failed.id)).toMatchObject({ status: 'FAILED', retention_due_at: null });
    expect(sim.readRun(failed.id)!.output).not.toBeNull();
  });
});

describe('workflow-runs simulator: create options', () => {
  it('starts a NEW run from a step with from_step_key and validates it', async () => {
    const { api, sim, clock } = await start();
    sim.seedWorkflows();
    const run = asRun((await api('POST', `${wf('wf_1')}/runs`, { body: { background: true, from_step_key: 'classify' } })).json);
    clock.advance(2000);
    expect(stepsOf(sim.readRun(run.id)!).map((step) => step.key)).toEqual(['classify', 'format']);
    const bad = await api('POST', `${wf('wf_1')}/runs`, { body: { from_step_key: 'ghost' } });
    expect((bad.json as { errors: Array<{ path: string[] }> }).errors[0]!.path).toEqual(['from_step_key']);
  });

  it('runs drafts, version numbers, version ids and latest', async () => {
    const { api, sim } = await start();
    sim.seedWorkflows();
    const draft = asRun((await api('POST', `${wf('wf_1')}/runs?verbose=all`, { body: { background: true, workflow_version_id: 'draft' } })).json);
    expect(draft.version).toBeUndefined();
    expect(draft.workflow_version).toBeNull();
    expect(draft.workflow_version_draft).toMatchObject({ key: 'wf_1-key' });
    const first = asRun((await api('POST', `${wf('wf_1')}/runs`, { body: { background: true, workflow_version_id: 1 } })).json);
    expect(first.version).toBe(1);
    expect(sim.stepKeys(first.id)).toEqual(['input', 'prepare', 'format']);
    const versions = (await api('GET', `${wf('wf_1')}/versions`)).json as Array<{ id: string; version: number }>;
    const byId = asRun((await api('POST', `${wf('wf_1')}/runs`, { body: { background: true, workflow_version_id: versions[1]!.id } })).json);
    expect(byId.version).toBe(versions[1]!.version);
    const latest = asRun((await api('POST', `${wf('wf_1')}/runs`, { body: { background: true, workflow_version_id: 'latest' } })).json);
    expect(latest.version).toBe(3);
    expectEnvelope(await api('POST', `${wf('wf_1')}/runs`, { body: { workflow_version_id: 42 } }), 404);
  });

  it('validates create bodies', async () => {
    const { api, sim } = await start();
    sim.seedWorkflows();
    const broken = await api('POST', `${wf('wf_1')}/runs`, { rawBody: '{"input": ' });
    expectEnvelope(broken, 400);
    const wrongTypes = await api('POST', `${wf('wf_1')}/runs`, { body: { input: 'text', background: 'yes' } });
    expect((wrongTypes.json as { errors: Array<{ path: string[] }> }).errors.map((error) => error.path)).toEqual([['input'], ['background']]);
    expectEnvelope(await api('POST', `${wf('missing')}/runs`, { body: {} }), 404);
  });

  it('streams run, step and chunk events as SSE', async () => {
    const { api, sim, clock } = await start();
    sim.seedWorkflows();
    const answer = await drive(api('POST', `${wf('wf_1')}/runs`, { body: { stream: true, input: { text: 'stream me' } } }), clock);
    expect(answer.status).toBe(200);
    expect(String(answer.headers['content-type'])).toContain('text/event-stream');
    const events = answer.text
      .trim()
      .split('\n\n')
      .map((block) => {
        const [eventLine, dataLine] = block.split('\n');
        return { event: eventLine!.replace('event: ', ''), data: JSON.parse(dataLine!.replace('data: ', '')) as Record<string, unknown> };
      });
    expect(events[0]).toMatchObject({ event: 'run', data: { status: 'PENDING' } });
    expect(events[events.length - 1]).toMatchObject({ event: 'run', data: { status: 'COMPLETED' } });
    expect(events.filter((event) => event.event === 'step').map((event) => event.data.key)).toEqual(
      expect.arrayContaining(['input', 'prepare', 'classify', 'format']),
    );
    expect(events.some((event) => event.event === 'chunk' && event.data.key === 'classify')).toBe(true);
  });
});

describe('workflow-runs simulator: discover runs (A22)', () => {
  it('creates and cancels discover runs of a foreign workflow that the plain GET cannot read', async () => {
    const { api, sim } = await start();
    sim.seedWorkflows();
    const path = `/apps/c/workflows/discover/${encodeURIComponent(catalogWorkflowIds.marketEnrich)}/runs`;
    const run = asRun((await api('POST', path, { body: { background: true, input: { text: 'ACME' } } })).json);
    expect(run).toMatchObject({ app_id: 'app_1', workflow_app_id: 'app_market', origin: 'ENDPOINT', status: 'PENDING' });
    expectEnvelope(await api('GET', runPath(catalogWorkflowIds.marketEnrich, run.id)), 404);
    expectEnvelope(await api('GET', path), 404);
    const cancelled = await api('POST', `${path}/${run.id}/cancel`);
    expect(asRun(cancelled.json).status).toBe('CANCELLED');
    expectEnvelope(await api('POST', `${path}/${run.id}/cancel`), 400);
    const otherKey = await api('POST', `${path}/${run.id}/cancel`, { key: 'nobody' });
    expect(otherKey.status).toBe(401);
  });

  it('can make discover runs readable through the plain GET', async () => {
    const { api, sim } = await start({ discoverRunsReadableViaPlainGet: true });
    sim.seedWorkflows();
    const path = `/apps/c/workflows/discover/${encodeURIComponent(catalogWorkflowIds.marketEnrich)}/runs`;
    const run = asRun((await api('POST', path, { body: { background: true } })).json);
    expect((await api('GET', runPath(catalogWorkflowIds.marketEnrich, run.id))).status).toBe(200);
  });

  it('lists runs other apps started on a public workflow of ours', async () => {
    const { api, sim } = await start();
    sim.seedWorkflows();
    const run = asRun(
      (await api('POST', `/apps/c/workflows/discover/${encodeURIComponent(catalogWorkflowIds.translate)}/runs`, { key: 'cortex-market-key', body: { background: true } })).json,
    );
    expect(run).toMatchObject({ app_id: 'app_market', workflow_app_id: 'app_1' });
    const ours = (await api('GET', `${wf(catalogWorkflowIds.translate)}/runs`)).json as RunWire[];
    expect(ours.map((item) => item.id)).toContain(run.id);
  });
});

describe('workflow-runs simulator: fixtures', () => {
  it('seeds a varied demo: every status, date forms, odd ids, a huge output, purged and draft runs', async () => {
    const { api, sim } = await start();
    const summary = sim.seedDemo();
    expect(summary.runIds.length).toBeGreaterThanOrEqual(50);
    expect(summary.workflowIds).toEqual(['wf_1', 'wf-summarize', 'wf.v2.ingest', 'wf_翻訳-ünï']);
    const runs = sim.runIds().map((id) => sim.readRun(id)!);
    const statuses = new Set(runs.map((run) => run.status));
    for (const status of ['PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED', 'SKIPPED', 'ARCHIVED']) expect(statuses).toContain(status);
    const dates = runs.map((run) => run.created_at!);
    expect(dates.some((date) => /^\d{4}-\d{2}-\d{2}$/.test(date))).toBe(true);
    expect(dates.some((date) => date.endsWith('Z'))).toBe(true);
    for (const offset of ['+00:00', '+05:30', '-08:00']) expect(dates.some((date) => date.endsWith(offset))).toBe(true);
    const digits = new Set(dates.map((date) => /\.(\d+)/.exec(date)?.[1]?.length ?? 0));
    for (let count = 0; count <= 9; count++) expect(digits).toContain(count);
    expect(runs.some((run) => /^[0-9a-f]{8}-[0-9a-f]{4}-4/.test(run.id))).toBe(true);
    const unicodeRun = runs.find((run) => /[^\x00-\x7f]/.test(run.id))!;
    expect((await api('GET', runPath(unicodeRun.workflow_id, unicodeRun.id))).status).toBe(200);
    expect(runs.some((run) => JSON.stringify(run).length > 1_000_000)).toBe(true);
    expect(runs.some((run) => run.status === 'COMPLETED' && run.input === null && run.output === null)).toBe(true);
    expect(runs.some((run) => run.workflow_version_draft !== null)).toBe(true);
    expect(runs.some((run) => run.app_id !== run.workflow_app_id)).toBe(true);
    expect(runs.some((run) => run.origin === 'WORKFLOW' && run.workflow_id === 'wf_1')).toBe(true);
    expect(runs.some((run) => run.collection_id !== undefined && run.record_id !== undefined)).toBe(true);
    const failed = runs.filter((run) => run.status === 'FAILED');
    expect(failed.every((run) => stepsOf(run).filter((step) => step.status === 'FAILED').length === 1 || run.output === null)).toBe(true);
  });

  it('is deterministic for a given seed', async () => {
    const first = await start();
    const second = await start();
    first.sim.seedDemo();
    second.sim.seedDemo();
    expect(first.sim.runIds()).toEqual(second.sim.runIds());
    const id = first.sim.runIds()[7]!;
    expect(first.sim.readRun(id)).toEqual(second.sim.readRun(id));
  });

  it('starts demo runs that show up at once and progress', async () => {
    const { api, sim, clock } = await start();
    sim.seedDemo();
    const { runId, workflowId } = sim.startDemoRun({ workflowId: 'wf-summarize' });
    const listed = (await api('GET', `${wf(workflowId)}/runs?take=1`)).json as RunWire[];
    expect(listed[0]!.id).toBe(runId);
    clock.advance(30_000);
    expect(['COMPLETED', 'FAILED', 'CANCELLED', 'SKIPPED']).toContain(sim.readRun(runId)!.status);
  });
});

describe('workflow-runs simulator: options', () => {
  it('sends the legacy array output (D2) and mixes both styles', async () => {
    const legacy = await start({ outputStyle: 'legacy-array' });
    legacy.sim.seedWorkflows();
    const runId = legacy.sim.addRun({ workflowId: 'wf_1', status: 'COMPLETED' });
    const wire = asRun((await legacy.api('GET', runPath('wf_1', runId))).json);
    expect(Array.isArray(wire.output)).toBe(true);
    expect((wire.output as StepWire[]).map((step) => step.key)).toEqual(['input', 'prepare', 'classify', 'format']);
    const mixed = await start({ outputStyle: 'mixed' });
    mixed.sim.seedWorkflows();
    const styles = [0, 1, 2, 3].map(() => Array.isArray(mixed.sim.readRun(mixed.sim.addRun({ workflowId: 'wf_1', status: 'COMPLETED' }))!.output));
    expect(new Set(styles).size).toBe(2);
  });

  it('switches the assumption defaults', async () => {
    const { api, sim } = await start({
      cancelTerminalRun: 'return-run',
      replayKeepsRunId: false,
      stepTimeFormat: 'iso',
      withoutVerbose: 'full',
      runsOrder: 'oldest-first',
      pageTakeOverflow: 'clamp',
      dateFormats: 'iso',
      apiRunOrigin: 'WORKFLOW',
      purgeAfterRetention: false,
    });
    sim.seedWorkflows();
    const older = sim.addRun({ workflowId: 'wf_1', status: 'FAILED', createdAt: '2026-01-01T00:00:00Z', retention: { max_age_in_seconds: 1 } });
    const newer = sim.addRun({ workflowId: 'wf_1', status: 'COMPLETED', createdAt: '2026-01-02T00:00:00Z', retention: { max_age_in_seconds: 1 } });
    const list = await api('GET', `${wf('wf_1')}/runs?take=500`);
    expect(list.headers['pagination-take']).toBe('100');
    const runs = list.json as RunWire[];
    expect(runs.map((run) => run.id)).toEqual([older, newer]);
    expect(runs[0]!.workflow_version).not.toBeNull();
    expect(typeof stepsOf(runs[1]!)[0]!.start).toBe('string');
    expect(runs[1]!.created_at).toBe('2026-01-02T00:00:00.000Z');
    expect(runs[1]!.input).not.toBeNull();
    expect((await api('POST', `${runPath('wf_1', newer)}/cancel`)).status).toBe(200);
    const replayed = asRun((await api('POST', `${runPath('wf_1', older)}/replay`, { body: { stepKey: 'prepare', background: true } })).json);
    expect(replayed.id).not.toBe(older);
    expect(replayed.origin).toBe('WORKFLOW');
  });

  it('throttles at the configured per-minute limit with Retry-After', async () => {
    const { api, clock } = await start({ rateLimitPerMinute: 2 });
    expect((await api('GET', '/apps/c/workflows')).status).toBe(200);
    expect((await api('GET', '/apps/c/workflows')).status).toBe(200);
    clock.advance(15_000);
    const limited = await api('GET', '/apps/c/workflows');
    expectEnvelope(limited, 429);
    expect(limited.headers['retry-after']).toBe('45');
    clock.advance(45_000);
    expect((await api('GET', '/apps/c/workflows')).status).toBe(200);
  });
});

describe('workflow-runs simulator: faults and counters', () => {
  it('injects every fault kind with the Cortex envelope and counts requests per template', async () => {
    const { api, sim } = await start();
    sim.seedDemo();
    const path = `${wf('wf_1')}/runs`;
    sim.server.faults.inject({ kind: 'status', status: 503 }, { method: 'GET', path: '/apps/c/workflows/wf_1/runs' });
    expectEnvelope(await api('GET', path), 503);
    sim.server.faults.inject({ kind: 'rate-limit', retryAfterSeconds: 7 });
    const limited = await api('GET', path);
    expectEnvelope(limited, 429);
    expect(limited.headers['retry-after']).toBe('7');
    sim.server.faults.inject({ kind: 'delay', ms: 20 });
    expect((await api('GET', path)).status).toBe(200);
    sim.server.faults.inject({ kind: 'reset' });
    await expect(api('GET', path)).rejects.toThrow();
    sim.server.faults.inject({ kind: 'malformed' });
    const malformed = await api('GET', path);
    expect(malformed.status).toBe(200);
    expect(malformed.json).toBeUndefined();
    expect(malformed.text.length).toBeGreaterThan(0);
    sim.server.faults.inject({ kind: 'empty' });
    expect(await api('GET', path)).toMatchObject({ status: 200, text: '' });
    expect(sim.server.counters.count('GET', '/apps/:app_id/workflows/:workflow_id/runs')).toBe(6);
    expect(sim.server.counters.count('GET', '/apps/c/workflows/wf_1/runs')).toBe(6);
    await api('POST', `${path}`, { body: { background: true } });
    expect(sim.server.counters.count('POST', '/apps/:app_id/workflows/:workflow_id/runs')).toBe(1);
    await api('GET', '/apps/c/workflows/discover');
    expect(sim.server.counters.count('GET', '/apps/:app_id/workflows/discover')).toBe(1);
    expect(sim.server.counters.count('GET', '/apps/:app_id/workflows/:workflow_id')).toBe(0);
    expect(sim.server.faults.pending()).toBe(0);
  });

  it('answers unknown routes with the Cortex 404 envelope', async () => {
    const { api } = await start();
    expectEnvelope(await api('GET', '/apps/c/nothing-here'), 404);
  });
});
