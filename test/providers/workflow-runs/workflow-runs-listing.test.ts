import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/parse-config.js';
import { GatewayError } from '../../../src/errors/gateway-error.js';
import { createLogger } from '../../../src/log/logger.js';
import type { ExecutionRecord } from '../../../src/model/execution-record.js';
import type { ExecutionStatus } from '../../../src/model/execution-status.js';
import type { Provider } from '../../../src/providers/provider.js';
import { createWorkflowRunsProvider } from '../../../src/providers/workflow-runs/index.js';
import { ManualClock } from '../../../src/simulators/kit/index.js';
import { createWorkflowRunsSimulator, type WorkflowRunsSimulator, type WorkflowRunsSimulatorOptions } from '../../../src/simulators/workflow-runs/index.js';
import { startRecordingProxy, type RecordingProxy } from '../../helpers/recording-proxy.js';

const key = 'cortex-listing-test-key-8812';
const runsTemplate = '/apps/:app_id/workflows/:workflow_id/runs';

interface Setup {
  simulator: WorkflowRunsSimulator;
  clock: ManualClock;
  provider: Provider;
  proxy: RecordingProxy;
}

const open: Setup[] = [];

afterEach(async () => {
  for (const setup of open.splice(0)) {
    await setup.provider.close();
    await setup.proxy.close();
    await setup.simulator.close();
  }
});

async function setUp(provider: Record<string, unknown> = {}, simulatorOptions: Partial<WorkflowRunsSimulatorOptions> = {}): Promise<Setup> {
  const clock = new ManualClock();
  const simulator = createWorkflowRunsSimulator({ clock, apiKey: key, seed: 5, ...simulatorOptions });
  await simulator.listen();
  simulator.seedWorkflows();
  const proxy = await startRecordingProxy(simulator.url);
  const config = parseConfig({ providers: [{ name: 'cortex', kind: 'workflow-runs', baseUrl: proxy.url, apiKey: key, timeoutMs: 2000, ...provider }] }, {});
  const setup = { simulator, clock, proxy, provider: createWorkflowRunsProvider(config.providers[0]!, { logger: createLogger({ level: 'error', sink: () => {} }) }) };
  open.push(setup);
  return setup;
}

/** Seeds `count` runs one minute apart, newest first in the returned list. */
function seedRuns(setup: Setup, workflowId: string, count: number, status = 'COMPLETED', minutesAgo = 0): string[] {
  const ids = Array.from({ length: count }, (_, index) =>
    setup.simulator.addRun({ workflowId, status, createdAt: setup.clock.now() - (minutesAgo + count - index) * 60_000, dateFormat: { kind: 'date-time', offsetMinutes: 0, fractionDigits: 3, zulu: true } }),
  );
  return ids.reverse().map((id) => `${workflowId}/${id}`);
}

async function page(setup: Setup, stream: string, position: unknown, options: { pageSize?: number; statuses?: ExecutionStatus[] } = {}) {
  const result = await setup.provider.operations.list!.page({ stream, pageSize: options.pageSize ?? 5, position, targetIds: null, statuses: options.statuses ?? null }, {});
  // Positions travel inside client cursors: they must survive JSON.
  return { records: result.records, next: result.next === null ? null : (JSON.parse(JSON.stringify(result.next)) as unknown) };
}

/** The RUNNING runs of wf_1 from `position` to the end, two a page. */
async function runningAfter(setup: Setup, position: unknown): Promise<ExecutionRecord[]> {
  const records: ExecutionRecord[] = [];
  while (position !== null) {
    const next = await page(setup, 'wf_1', position, { pageSize: 2, statuses: ['RUNNING'] });
    records.push(...next.records);
    position = next.next;
  }
  return records;
}

async function walk(setup: Setup, stream: string, options: { pageSize?: number; statuses?: ExecutionStatus[]; between?: (pageIndex: number) => void } = {}): Promise<ExecutionRecord[]> {
  const records: ExecutionRecord[] = [];
  let position: unknown = null;
  for (let index = 0; index < 500; index++) {
    const result = await page(setup, stream, position, options);
    records.push(...result.records);
    if (result.next === null) return records;
    position = result.next;
    options.between?.(index);
  }
  throw new Error('the walk did not end');
}

const runsRequests = (setup: Setup) => setup.proxy.requests.filter((entry) => entry.method === 'GET' && /\/runs$/.test(entry.path));

describe('workflow-runs listing streams', () => {
  it('lists the configured workflows, narrowed to the asked targets', async () => {
    const setup = await setUp({ workflows: ['wf_1', 'wf.v2.ingest'] });
    expect(await setup.provider.operations.list!.streams({ targetIds: null, statuses: null }, {})).toEqual(['wf_1', 'wf.v2.ingest']);
    expect(await setup.provider.operations.list!.streams({ targetIds: ['wf.v2.ingest', 'wf-summarize'], statuses: null }, {})).toEqual(['wf.v2.ingest']);
    expect(setup.simulator.server.counters.total()).toBe(0);
  });

  it('puts the configured appId in every path, and Cortex’s "c" (the key’s app) by default', async () => {
    const named = await setUp({ appId: 'app_1', workflows: ['wf_1'] });
    seedRuns(named, 'wf_1', 2);
    expect((await page(named, 'wf_1', null)).records).toHaveLength(2);
    expect(named.proxy.requests.map((entry) => entry.path)).toEqual(['/apps/app_1/workflows/wf_1/runs']);
    const foreign = await setUp({ appId: 'app_market', workflows: ['wf_1'] });
    const error = await page(foreign, 'wf_1', null).catch((caught: unknown) => caught);
    expect(GatewayError.is(error) && error.code).toBe('NOT_FOUND');
  });

  it('discovers the app’s own workflows when none are configured, once for a while', async () => {
    const setup = await setUp();
    const streams = await setup.provider.operations.list!.streams({ targetIds: null, statuses: null }, {});
    expect(new Set(streams)).toEqual(new Set(['wf_1', 'wf-summarize', 'wf.v2.ingest', 'wf_翻訳-ünï']));
    expect(await setup.provider.operations.list!.streams({ targetIds: ['wf_翻訳-ünï'], statuses: null }, {})).toEqual(['wf_翻訳-ünï']);
    expect(setup.simulator.server.counters.count('GET', '/apps/:app_id/workflows')).toBe(1);
    expect(setup.proxy.to('/apps/c/workflows')[0]!.query.get('take')).toBe('100');
  });
});

describe('workflow-runs listing pages', () => {
  it('walks a workflow’s runs newest first, each once, in Cortex’s order', async () => {
    const setup = await setUp({ workflows: ['wf-summarize'] });
    setup.simulator.seedDemo({ runs: 40 });
    const expected = setup.simulator.runIds({ workflowId: 'wf-summarize' }).map((id) => `wf-summarize/${id}`);
    expect(expected.length).toBeGreaterThan(10);
    const records = await walk(setup, 'wf-summarize', { pageSize: 4 });
    expect(records.map((record) => record.nativeId)).toEqual(expected);
    expect(runsRequests(setup).every((entry) => entry.query.get('take') === '4' && !entry.query.has('verbose'))).toBe(true);
  });

  it('resumes exactly while runs are added at the top between pages, even more than a page at once', async () => {
    const setup = await setUp();
    const initial = seedRuns(setup, 'wf_1', 23, 'COMPLETED', 10);
    let added = 0;
    const records = await walk(setup, 'wf_1', {
      pageSize: 5,
      between: (index) => {
        const count = index === 1 ? 12 : 3;
        for (let step = 0; step < count; step++) {
          setup.clock.advance(1000);
          setup.simulator.addRun({ workflowId: 'wf_1', status: 'RUNNING' });
          added += 1;
        }
      },
    });
    expect(added).toBeGreaterThan(15);
    expect(records.map((record) => record.nativeId)).toEqual(initial);
  });

  it('lists runs that appear below the position, once, while others appear at the top', async () => {
    const setup = await setUp();
    const initial = seedRuns(setup, 'wf_1', 17, 'COMPLETED', 10);
    const older: string[] = [];
    const longAgo = setup.clock.now() - 86_400_000;
    const records = await walk(setup, 'wf_1', {
      pageSize: 4,
      between: (index) => {
        setup.clock.advance(1000);
        setup.simulator.addRun({ workflowId: 'wf_1', status: 'RUNNING' });
        const runId = setup.simulator.addRun({ workflowId: 'wf_1', status: 'COMPLETED', createdAt: longAgo - index * 60_000 });
        older.push(`wf_1/${runId}`);
      },
    });
    expect(records.map((record) => record.nativeId)).toEqual([...initial, ...older]);
  });

  it('resumes exactly when runs leave a status filter before or after the position', async () => {
    const setup = await setUp();
    const running = seedRuns(setup, 'wf_1', 6, 'RUNNING');
    for (const nativeId of running) setup.simulator.forceStatus(nativeId.split('/')[1]!, 'RUNNING');
    const first = await page(setup, 'wf_1', null, { pageSize: 2, statuses: ['RUNNING'] });
    expect(first.records.map((record) => record.nativeId)).toEqual(running.slice(0, 2));
    // Two emitted runs finish (the list shrinks before the position), and one unseen run after it.
    setup.simulator.forceStatus(running[0]!.split('/')[1]!, 'COMPLETED');
    setup.simulator.forceStatus(running[1]!.split('/')[1]!, 'COMPLETED');
    setup.simulator.forceStatus(running[5]!.split('/')[1]!, 'COMPLETED');
    const rest = await runningAfter(setup, first.next);
    expect(rest.map((record) => record.nativeId)).toEqual(running.slice(2, 5));
  });

  it('skips what it returned already when an added and a vanished run leave the count unchanged', async () => {
    const setup = await setUp();
    const running = seedRuns(setup, 'wf_1', 6, 'RUNNING', 5);
    for (const nativeId of running) setup.simulator.forceStatus(nativeId.split('/')[1]!, 'RUNNING');
    const first = await page(setup, 'wf_1', null, { pageSize: 2, statuses: ['RUNNING'] });
    setup.simulator.forceStatus(running[4]!.split('/')[1]!, 'COMPLETED');
    const added = setup.simulator.addRun({ workflowId: 'wf_1', status: 'RUNNING', frozen: true });
    expect(setup.simulator.readRun(added)!.status).toBe('RUNNING');
    const rest = await runningAfter(setup, first.next);
    expect(rest.map((record) => record.nativeId)).toEqual([running[2], running[3], running[5]]);
  });

  it('pushes one status down as Cortex’s native value', async () => {
    const setup = await setUp();
    seedRuns(setup, 'wf_1', 4, 'COMPLETED');
    seedRuns(setup, 'wf_1', 3, 'FAILED', 10);
    const records = await walk(setup, 'wf_1', { statuses: ['SUCCEEDED'] });
    expect(records).toHaveLength(4);
    expect(records.every((record) => record.status === 'SUCCEEDED')).toBe(true);
    const requests = runsRequests(setup);
    expect(requests.length).toBe(1);
    expect(requests[0]!.query.get('status')).toBe('COMPLETED');
    expect(setup.simulator.server.counters.count('GET', runsTemplate)).toBe(1);
  });

  it('filters several statuses, or UNKNOWN, itself; and asks nothing for a status Cortex never has', async () => {
    const setup = await setUp();
    seedRuns(setup, 'wf_1', 3, 'COMPLETED');
    const failed = seedRuns(setup, 'wf_1', 2, 'FAILED', 10);
    const cancelled = seedRuns(setup, 'wf_1', 2, 'CANCELLED', 20);
    const archived = seedRuns(setup, 'wf_1', 1, 'ARCHIVED', 30);
    const several = await walk(setup, 'wf_1', { statuses: ['FAILED', 'CANCELLED', 'NEEDS_REVIEW'] });
    expect(several.map((record) => record.nativeId)).toEqual([...failed, ...cancelled]);
    expect(runsRequests(setup).every((entry) => !entry.query.has('status'))).toBe(true);
    const unknown = await walk(setup, 'wf_1', { statuses: ['UNKNOWN'] });
    expect(unknown.map((record) => record.nativeId)).toEqual(archived);
    const before = setup.simulator.server.counters.total();
    expect(await page(setup, 'wf_1', null, { statuses: ['NEEDS_REVIEW'] })).toEqual({ records: [], next: null });
    expect(setup.simulator.server.counters.total()).toBe(before);
  });

  it('bounds the upstream pages one call reads while nothing matches', async () => {
    const setup = await setUp();
    seedRuns(setup, 'wf_1', 3, 'FAILED');
    seedRuns(setup, 'wf_1', 40, 'COMPLETED', 10);
    const first = await page(setup, 'wf_1', null, { pageSize: 3, statuses: ['FAILED', 'CANCELLED'] });
    expect(first.records).toHaveLength(3);
    setup.simulator.server.counters.reset();
    const second = await page(setup, 'wf_1', first.next, { pageSize: 3, statuses: ['FAILED', 'CANCELLED'] });
    expect(second.records).toEqual([]);
    expect(second.next).not.toBeNull();
    expect(setup.simulator.server.counters.count('GET', runsTemplate)).toBe(5);
  });

  it('refuses a position it did not hand out', async () => {
    const setup = await setUp();
    for (const position of [{ offset: -1, take: 5, count: null, recent: [] }, { page: 2 }, 'abc', { offset: 0, take: 500, count: null, recent: [] }]) {
      const error = await setup.provider.operations.list!.page({ stream: 'wf_1', pageSize: 5, position, targetIds: null, statuses: null }, {}).catch((caught: unknown) => caught);
      expect(GatewayError.is(error) && error.code).toBe('BAD_USER_INPUT');
    }
  });

  it('reads each run without verbose and with plain dates as midnight', async () => {
    const setup = await setUp();
    setup.simulator.addRun({ workflowId: 'wf_1', status: 'COMPLETED', dateFormat: { kind: 'date' } });
    const [record] = (await page(setup, 'wf_1', null)).records;
    expect(record!.createdAt).toMatch(/T00:00:00\.000Z$/);
    expect(record!.kind === 'workflow-runs' && record!.details.timestampPrecision).toBe('DATE');
  });
});

describe('workflow-runs live batching', () => {
  it('polls a workflow’s watched runs with one call of its newest 100', async () => {
    const setup = await setUp();
    const running = seedRuns(setup, 'wf_1', 3, 'RUNNING');
    const pending = setup.simulator.addRun({ workflowId: 'wf_1', status: 'PENDING' });
    const [watched] = running;
    const record = (await setup.provider.operations.get(watched!, {}))!;
    expect(setup.provider.operations.batch!.scopeOf(record)).toBe('wf_1');
    setup.proxy.requests.length = 0;
    const polled = await setup.provider.operations.batch!.poll('wf_1', [watched!, running[2]!, `wf_1/${pending}`, 'wf_1/run_gone'], { retry: false });
    expect(new Set(polled.map((entry) => entry.nativeId))).toEqual(new Set([watched, running[2], `wf_1/${pending}`]));
    expect(setup.proxy.requests).toHaveLength(1);
    const request = setup.proxy.requests[0]!;
    expect([request.path, request.query.get('page'), request.query.get('take'), request.query.has('status')]).toEqual(['/apps/c/workflows/wf_1/runs', '1', '100', false]);
  });
});
