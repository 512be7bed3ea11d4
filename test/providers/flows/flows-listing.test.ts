import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/parse-config.js';
import { GatewayError } from '../../../src/errors/gateway-error.js';
import { createLogger } from '../../../src/log/logger.js';
import type { ExecutionRecord } from '../../../src/model/execution-record.js';
import type { ListQuery } from '../../../src/providers/provider.js';
import { FlowsProvider, type FlowsProviderOptions } from '../../../src/providers/flows/index.js';
import { ManualClock } from '../../../src/simulators/kit/index.js';
import { createFlowsSimulator, type FlowsSimulator, type FlowsSimulatorOptions } from '../../../src/simulators/flows/index.js';

const key = 'fm_listing_test_key_4410';
const listRoute = '/api/v1/executions';
const flowRoute = '/api/v1/executions/flow/:flow_id';

interface Setup {
  simulator: FlowsSimulator;
  clock: ManualClock;
  provider: FlowsProvider;
  logs: string[];
  /** The listing's own clock (snapshot expiry), moved by the test. */
  listingNow: { ms: number };
}

const open: Setup[] = [];

afterEach(async () => {
  for (const setup of open.splice(0)) {
    await setup.provider.close();
    await setup.simulator.close();
  }
});

async function setUp(simulatorOptions: Partial<FlowsSimulatorOptions> = {}, listing: FlowsProviderOptions['listing'] = {}): Promise<Setup> {
  const clock = new ManualClock();
  const simulator = createFlowsSimulator({ clock, apiKeys: [key], seed: 3, ...simulatorOptions });
  await simulator.listen();
  const config = parseConfig({ providers: [{ name: 'flows', kind: 'flows', baseUrl: simulator.url, apiKey: key, timeoutMs: 2000 }] }, {});
  const logs: string[] = [];
  const listingNow = { ms: 0 };
  const provider = new FlowsProvider(config.providers[0]!, { logger: createLogger({ level: 'debug', sink: (line) => logs.push(line) }) }, {
    listing: { now: () => listingNow.ms, ...listing },
  });
  const setup = { simulator, clock, provider, logs, listingNow };
  open.push(setup);
  return setup;
}

/** Seeds `count` executions one minute apart (the newest first in time is the last seeded). */
function seed(setup: Setup, count: number, flowId = 'text-summary-flow', offsetMinutes = 0): string[] {
  return Array.from({ length: count }, (_, index) =>
    setup.simulator.addExecution({ flowId, startedAt: setup.clock.now() - (offsetMinutes + count - index) * 60_000 }),
  );
}

async function walk(setup: Setup, stream: string, pageSize: number, filter: Partial<ListQuery> = {}): Promise<ExecutionRecord[]> {
  const records: ExecutionRecord[] = [];
  let position: unknown = null;
  for (let page = 0; page < 1000; page++) {
    const result = await setup.provider.operations.list!.page({ stream, pageSize, position, targetIds: null, statuses: null, ...filter }, {});
    // Positions travel inside client cursors: they must survive JSON.
    position = JSON.parse(JSON.stringify(result.next)) as unknown;
    records.push(...result.records);
    if (result.next === null) return records;
  }
  throw new Error('the walk did not end');
}

function newestFirst(ids: string[], setup: Setup): string[] {
  return ids
    .map((id) => setup.simulator.getExecution(id)!)
    .sort((a, b) => Date.parse(b.started_at) - Date.parse(a.started_at) || (b.execution_id < a.execution_id ? -1 : 1))
    .map((wire) => wire.execution_id);
}

const counters = (setup: Setup) => setup.simulator.server.counters;

describe('listing streams', () => {
  it('uses one stream for everything, and one per flow when targetIds are given', async () => {
    const setup = await setUp();
    expect(await setup.provider.operations.list!.streams({ targetIds: null, statuses: null }, {})).toEqual(['executions']);
    expect(await setup.provider.operations.list!.streams({ targetIds: ['a', '客户-同步-flow', 'a'], statuses: null }, {})).toEqual(['flow:a', 'flow:客户-同步-flow']);
    expect(await setup.provider.operations.list!.streams({ targetIds: [], statuses: null }, {})).toEqual([]);
    expect(counters(setup).total()).toBe(0);
  });
});

describe('list', () => {
  it.each(['code', 'docs'] as const)('walks every execution once, newest first, from the %s list envelope', async (listEnvelope) => {
    const setup = await setUp({ listEnvelope });
    const ids = seed(setup, 12);
    const records = await walk(setup, 'executions', 5);
    expect(records.map((record) => record.nativeId)).toEqual(newestFirst(ids, setup));
    expect(records[0]).toMatchObject({ kind: 'flows', status: 'SUCCEEDED', details: { flowId: 'text-summary-flow' } });
  });

  it('sorts an unordered upstream list itself, ties by native id (descending)', async () => {
    const setup = await setUp({ listOrder: 'shuffled', shuffleSeed: 11 });
    const ids = seed(setup, 9);
    const sameInstant = Array.from({ length: 4 }, () => setup.simulator.addExecution({ flowId: 'tied', startedAt: setup.clock.now() }));
    const records = await walk(setup, 'executions', 4);
    expect(records.map((record) => record.nativeId)).toEqual(newestFirst([...ids, ...sameInstant], setup));
    expect(records.slice(0, 4).map((record) => record.nativeId)).toEqual([...sameInstant].sort().reverse());
  });

  it('reads every upstream page for the first page, then serves the rest of the walk from that snapshot', async () => {
    const setup = await setUp({ listOrder: 'shuffled' }, { pageLimit: 4 });
    const ids = seed(setup, 10);
    const first = await setup.provider.operations.list!.page({ stream: 'executions', pageSize: 3, position: null, targetIds: null, statuses: null }, {});
    // 4 + 4 + 2: the short third page is the end.
    expect(counters(setup).count('GET', listRoute)).toBe(3);
    expect(first.records.map((record) => record.nativeId)).toEqual(newestFirst(ids, setup).slice(0, 3));
    let position = first.next;
    const rest: string[] = [];
    while (position !== null) {
      const page = await setup.provider.operations.list!.page({ stream: 'executions', pageSize: 3, position, targetIds: null, statuses: null }, {});
      rest.push(...page.records.map((record) => record.nativeId));
      position = page.next;
    }
    expect(rest).toEqual(newestFirst(ids, setup).slice(3));
    expect(counters(setup).count('GET', listRoute)).toBe(3);
  });

  it('resumes exactly after the last record when its snapshot has expired, even as executions come and go', async () => {
    const setup = await setUp({ listOrder: 'started-desc' }, { pageLimit: 3, snapshotTtlMs: 1000 });
    const ids = seed(setup, 8);
    const expected = newestFirst(ids, setup);
    const first = await setup.provider.operations.list!.page({ stream: 'executions', pageSize: 3, position: null, targetIds: null, statuses: null }, {});
    expect(first.records.map((record) => record.nativeId)).toEqual(expected.slice(0, 3));

    // Newer runs appear, one already listed disappears, and the snapshot expires.
    seed(setup, 5, 'text-summary-flow', -10);
    setup.simulator.removeExecution(expected[1]!);
    setup.listingNow.ms += 5000;
    const before = counters(setup).count('GET', listRoute);
    const second = await setup.provider.operations.list!.page({ stream: 'executions', pageSize: 3, position: first.next, targetIds: null, statuses: null }, {});
    expect(counters(setup).count('GET', listRoute)).toBeGreaterThan(before);
    expect(second.records.map((record) => record.nativeId)).toEqual(expected.slice(3, 6));
    const third = await setup.provider.operations.list!.page({ stream: 'executions', pageSize: 3, position: second.next, targetIds: null, statuses: null }, {});
    expect(third.records.map((record) => record.nativeId)).toEqual(expected.slice(6));
    expect(third.next).toBeNull();
  });

  it('lists one flow through /executions/flow/:flow_id, unicode ids included, and an unknown flow as empty', async () => {
    const setup = await setUp();
    const mine = seed(setup, 3, '客户-同步-flow');
    seed(setup, 4, 'other-flow');
    const records = await walk(setup, 'flow:客户-同步-flow', 10);
    expect(records.map((record) => record.nativeId)).toEqual(newestFirst(mine, setup));
    expect(counters(setup).count('GET', `/api/v1/executions/flow/${encodeURIComponent('客户-同步-flow')}`)).toBe(1);
    expect(await walk(setup, 'flow:no-such-flow', 10)).toEqual([]);
    expect(counters(setup).count('GET', flowRoute)).toBe(2);
    expect(counters(setup).count('GET', listRoute)).toBe(0);
  });

  it('filters by status itself (FlowMason cannot), keeping pages full', async () => {
    const setup = await setUp();
    const failed = Array.from({ length: 4 }, (_, index) =>
      setup.simulator.addExecution({ flowId: 'f', status: 'failed', startedAt: setup.clock.now() - index * 1000 }),
    );
    seed(setup, 6);
    const first = await setup.provider.operations.list!.page({ stream: 'executions', pageSize: 3, position: null, targetIds: null, statuses: ['FAILED'] }, {});
    expect(first.records).toHaveLength(3);
    const records = await walk(setup, 'executions', 3, { statuses: ['FAILED'] });
    expect(records.map((record) => record.nativeId)).toEqual(newestFirst(failed, setup));
  });

  it('reads at most maxPages upstream pages per call, and says so in the log when it stops short', async () => {
    const setup = await setUp({}, { pageLimit: 3, maxPages: 2 });
    seed(setup, 10);
    const records = await walk(setup, 'executions', 100);
    expect(records).toHaveLength(6);
    expect(counters(setup).count('GET', listRoute)).toBe(2);
    expect(setup.logs.some((line) => line.includes('warn') && line.includes('page bound'))).toBe(true);
  });

  it('refuses positions and streams it never issued, before any upstream call', async () => {
    const setup = await setUp();
    for (const query of [
      { stream: 'executions', position: 'nonsense' },
      { stream: 'executions', position: { createdAt: 1 } },
      { stream: 'flows', position: null },
      { stream: 'flow:', position: null },
    ]) {
      const failure = await setup.provider.operations.list!.page({ pageSize: 5, targetIds: null, statuses: null, ...query }, {}).catch((error: unknown) => error);
      expect(GatewayError.is(failure) && failure.code).toBe('BAD_USER_INPUT');
    }
    expect(counters(setup).total()).toBe(0);
  });

  it('maps an upstream list that is neither shape to UPSTREAM_ERROR', async () => {
    const setup = await setUp();
    setup.simulator.server.faults.inject({ kind: 'status', status: 200, body: '{"data": []}' });
    const failure = await walk(setup, 'executions', 5).catch((error: unknown) => error);
    expect(GatewayError.is(failure) && failure.code).toBe('UPSTREAM_ERROR');
  });
});

describe('live batching', () => {
  it('polls the watched executions of one flow with one list call, without retries', async () => {
    const setup = await setUp();
    const [a, b] = seed(setup, 2, 'flow-a');
    seed(setup, 3, 'flow-b');
    const record = (await setup.provider.operations.get(a!, {}))!;
    expect(setup.provider.operations.batch!.scopeOf(record)).toBe('flow:flow-a');
    const polled = await setup.provider.operations.batch!.poll('flow:flow-a', [a!, b!, 'missing'], {});
    expect(polled.map((entry) => entry.nativeId).sort()).toEqual([a, b].sort());
    expect(counters(setup).count('GET', flowRoute)).toBe(1);

    setup.simulator.server.faults.inject({ kind: 'status', status: 503 }, { times: 3 });
    // As the live poller asks: one attempt, it backs off on its own.
    const failure = await setup.provider.operations.batch!.poll('flow:flow-a', [a!], { retry: false }).catch((error: unknown) => error);
    expect(GatewayError.is(failure) && failure.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(counters(setup).count('GET', flowRoute)).toBe(2);
  });
});
