import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/parse-config.js';
import { GatewayError } from '../../../src/errors/gateway-error.js';
import { createLogger } from '../../../src/log/logger.js';
import type { ExecutionRecord } from '../../../src/model/execution-record.js';
import { createNestedProvider } from '../../../src/providers/nested/index.js';
import { decodePosition, encodePosition, readListing, type ListPosition } from '../../../src/providers/nested/nested-listing.js';
import type { ListPage, Provider } from '../../../src/providers/provider.js';
import { ManualClock } from '../../../src/simulators/kit/index.js';
import { createNestedSimulator, nestedResponders, oddResponderId, type NestedSimulator, type NestedSimulatorOptions } from '../../../src/simulators/nested/index.js';

const apiKey = 'zaia-listing-key';

/** A page-numbered list that tests mutate between reads, like Zaia's while a walk goes on. */
class MovingList {
  items: ExecutionRecord[] = [];
  fetches = 0;
  #sequence = 0;

  /** Newest first; ties ordered by id in `tieOrder`. */
  constructor(readonly tieOrder: 'desc' | 'asc' = 'desc') {}

  add(createdAtMs: number): string {
    const id = `id-${String(this.#sequence++).padStart(5, '0')}`;
    this.items.push({ nativeId: id, createdAt: new Date(createdAtMs).toISOString(), status: 'SUCCEEDED' } as ExecutionRecord);
    this.items.sort((a, b) => (a.createdAt !== b.createdAt ? (a.createdAt < b.createdAt ? 1 : -1) : (a.nativeId < b.nativeId ? 1 : -1) * (this.tieOrder === 'desc' ? 1 : -1)));
    return id;
  }

  remove(id: string): void {
    this.items = this.items.filter((item) => item.nativeId !== id);
  }

  async fetchPage(pageNumber: number, pageSize: number): Promise<ExecutionRecord[]> {
    this.fetches += 1;
    return this.items.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
  }
}

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

describe('readListing over a moving page-numbered list', () => {
  const read = (list: MovingList, position: ListPosition | null, wanted: number, options: { maxPages?: number; matches?: (record: ExecutionRecord) => boolean } = {}) =>
    readListing({
      position,
      wanted,
      upstreamPageSize: 5,
      maxPages: options.maxPages ?? 5,
      matches: options.matches ?? (() => true),
      fetchPage: (pageNumber, pageSize) => list.fetchPage(pageNumber, pageSize),
    });

  async function walk(list: MovingList, wanted: number, between: (step: number) => void = () => {}): Promise<string[]> {
    const seen: string[] = [];
    let position: ListPosition | null = null;
    for (let step = 0; step < 500; step++) {
      const result = await read(list, position, wanted);
      seen.push(...result.records.map((record) => record.nativeId));
      if (result.next === null) return seen;
      // The position travels through the merger's cursor as JSON.
      position = decodePosition(JSON.parse(JSON.stringify(encodePosition(result.next))));
      between(step);
    }
    throw new Error('the walk did not end');
  }

  it('walks a still list exactly once, newest first, across page boundaries', async () => {
    const list = new MovingList();
    for (let index = 0; index < 23; index++) list.add(1_000_000 - index * 1000);
    const expected = list.items.map((item) => item.nativeId);
    expect(await walk(list, 7)).toEqual(expected);
    expect(await walk(list, 5)).toEqual(expected);
    expect(await walk(list, 100)).toEqual(expected);
  });

  it('neither repeats nor skips when new executions arrive at the top between reads', async () => {
    const list = new MovingList();
    for (let index = 0; index < 40; index++) list.add(1_000_000 - index * 1000);
    const expected = list.items.map((item) => item.nativeId);
    let now = 2_000_000;
    const seen = await walk(list, 4, (step) => {
      for (let count = 0; count < step % 7; count++) list.add((now += 10));
    });
    expect(seen).toEqual(expected);
  });

  it('delivers everything still there when executions vanish above and below the position', async () => {
    const list = new MovingList();
    for (let index = 0; index < 40; index++) list.add(1_000_000 - index * 1000);
    const seen: string[] = [];
    let position: ListPosition | null = null;
    for (let step = 0; step < 100; step++) {
      const result = await read(list, position, 6);
      seen.push(...result.records.map((record) => record.nativeId));
      if (result.next === null) break;
      position = result.next;
      // Drop two already read and one not yet read: the list moves up under the position.
      const alreadyRead = list.items.filter((item) => seen.includes(item.nativeId));
      const unread = list.items.filter((item) => !seen.includes(item.nativeId));
      for (const victim of [alreadyRead[0], alreadyRead.at(-1), unread[step % Math.max(unread.length, 1)]]) {
        if (victim) list.remove(victim.nativeId);
      }
    }
    expect(new Set(seen).size).toBe(seen.length);
    for (const item of list.items) expect(seen).toContain(item.nativeId);
  });

  it('keeps tie groups exact in either tie order, even across pages', async () => {
    for (const tieOrder of ['desc', 'asc'] as const) {
      const list = new MovingList(tieOrder);
      for (let index = 0; index < 17; index++) list.add(5000);
      for (let index = 0; index < 6; index++) list.add(4000);
      const expected = list.items.map((item) => item.nativeId);
      const seen = await walk(list, 3, (step) => {
        if (step % 2 === 0) list.add(9000 + step);
      });
      expect(seen, tieOrder).toEqual(expected);
    }
  });

  it('survives random arrivals, deletions and page sizes (property check)', async () => {
    for (let seed = 1; seed <= 40; seed++) {
      const next = random(seed);
      const list = new MovingList(next() < 0.5 ? 'desc' : 'asc');
      let now = 10_000_000;
      for (let index = 0; index < 30 + Math.floor(next() * 40); index++) list.add(now - Math.floor(next() * 5) * 1000 - index * 1000 * Math.round(next()));
      const original = new Set(list.items.map((item) => item.nativeId));
      const removed = new Set<string>();
      const seen: string[] = [];
      let position: ListPosition | null = null;
      for (let step = 0; ; step++) {
        expect(step, `seed ${seed}`).toBeLessThan(1000);
        const result = await read(list, position, 1 + Math.floor(next() * 8));
        seen.push(...result.records.map((record) => record.nativeId));
        if (result.next === null) break;
        position = result.next;
        for (let count = Math.floor(next() * 4); count > 0; count--) list.add((now += 1 + Math.floor(next() * 3)));
        for (let count = Math.floor(next() * 3); count > 0 && list.items.length > 0; count--) {
          const victim = list.items[Math.floor(next() * list.items.length)]!;
          removed.add(victim.nativeId);
          list.remove(victim.nativeId);
        }
      }
      expect(new Set(seen).size, `seed ${seed}: no execution twice`).toBe(seen.length);
      for (const id of original) if (!removed.has(id)) expect(seen, `seed ${seed}: ${id} not skipped`).toContain(id);
      for (const id of seen) expect(original.has(id), `seed ${seed}: only executions older than the walk's start`).toBe(true);
    }
  });

  it('bounds the upstream pages of one call, and resumes where the budget ran out', async () => {
    const list = new MovingList();
    for (let index = 0; index < 60; index++) list.add(1_000_000 - index * 1000);
    const last = list.items.at(-1)!.nativeId;
    const matches = (record: ExecutionRecord) => record.nativeId === last;
    const first = await read(list, null, 10, { maxPages: 3, matches });
    expect(list.fetches).toBe(3);
    expect(first.records).toEqual([]);
    expect(first.next).not.toBeNull();
    const rest = await read(list, first.next, 10, { maxPages: 20, matches });
    expect(rest.records.map((record) => record.nativeId)).toEqual([last]);
    expect(rest.next).toBeNull();
  });

  it('answers an empty request without reading', async () => {
    const list = new MovingList();
    list.add(1000);
    expect(await read(list, null, 0)).toMatchObject({ records: [] });
    expect(list.fetches).toBe(0);
  });

  it('rejects a position it cannot have written', () => {
    for (const value of ['x', 3, [], { page: 0, size: 10, at: null, ids: [] }, { page: 1, size: 101, at: null, ids: [] }, { page: 1, size: 10, at: 5, ids: [] }, { page: 1, size: 10, at: null, ids: [1] }]) {
      expect(() => decodePosition(value), JSON.stringify(value)).toThrow(GatewayError);
    }
    expect(decodePosition(null)).toBeNull();
    const position = { pageNumber: 3, pageSize: 100, createdAt: '2026-01-01T00:00:00.000Z', ids: ['a'] };
    expect(decodePosition(encodePosition(position))).toEqual(position);
  });
});

describe('nested provider listing against the simulator', () => {
  const clock = new ManualClock();
  let simulator: NestedSimulator;
  let provider: Provider;
  const extra: { simulator: NestedSimulator; provider: Provider }[] = [];
  const [sofia, scout] = nestedResponders.map((responder) => responder.id) as [string, string];

  function providerFor(url: string): Provider {
    const [config] = parseConfig({ providers: [{ name: 'zaia', kind: 'nested', baseUrl: url, apiKey, timeoutMs: 2000 }] }, {}).providers;
    return createNestedProvider(config!, { logger: createLogger({ level: 'error', sink: () => {} }) });
  }

  async function startExtra(options: Partial<NestedSimulatorOptions>) {
    const entry = { simulator: createNestedSimulator({ clock: new ManualClock(), apiKey, ...options }), provider: undefined as unknown as Provider };
    await entry.simulator.listen();
    entry.provider = providerFor(entry.simulator.url);
    extra.push(entry);
    return entry;
  }

  async function walkAll(target: Provider, options: { stream?: string; pageSize?: number; targetIds?: string[] | null; statuses?: ExecutionRecord['status'][] | null; between?: () => void } = {}) {
    const stream = options.stream ?? (await target.operations.list!.streams({ targetIds: options.targetIds ?? null, statuses: null }, {}))[0]!;
    const records: ExecutionRecord[] = [];
    let position: unknown = null;
    let calls = 0;
    for (;;) {
      const page: ListPage = await target.operations.list!.page({ stream, pageSize: options.pageSize ?? 20, position, targetIds: options.targetIds ?? null, statuses: options.statuses ?? null }, {});
      calls += 1;
      records.push(...page.records);
      if (page.next === null) return { records, calls };
      position = JSON.parse(JSON.stringify(page.next));
      options.between?.();
      if (calls > 500) throw new Error('the walk did not end');
    }
  }

  beforeAll(async () => {
    simulator = createNestedSimulator({ clock, apiKey, seed: 9 });
    await simulator.listen();
    provider = providerFor(simulator.url);
    const now = clock.now();
    for (let index = 0; index < 230; index++) {
      simulator.addExecutionTree({
        createdAt: now - (index + 1) * 60_000,
        responderId: index % 3 === 0 ? scout : index % 10 === 1 ? oddResponderId : sofia,
        lifecycle: { pendingMs: 0, runningMs: 1000, outcome: index % 11 === 0 ? 'failed' : 'completed' },
      });
    }
  });

  afterAll(async () => {
    await provider.close();
    await simulator.close();
  });

  afterEach(async () => {
    for (const entry of extra.splice(0)) {
      await entry.provider.close();
      await entry.simulator.close();
    }
  });

  it('offers the workspace, or a pushed-down stream of uuid responders and a scan for the other targets', async () => {
    expect(await provider.operations.list!.streams({ targetIds: null, statuses: null }, {})).toEqual(['workspace']);
    expect(await provider.operations.list!.streams({ targetIds: [], statuses: null }, {})).toEqual([]);
    expect(await provider.operations.list!.streams({ targetIds: [sofia.toUpperCase(), scout, sofia], statuses: null }, {})).toEqual([`responders:${[sofia, scout].sort().join(',')}`]);
    expect(await provider.operations.list!.streams({ targetIds: [sofia, oddResponderId, 'flow_1', oddResponderId], statuses: null }, {})).toEqual([
      `responders:${sofia}`,
      `responders-scan:${JSON.stringify(['flow_1', oddResponderId].sort())}`,
    ]);
  });

  it('walks 230 executions exactly once, newest first, in about one upstream page per call', async () => {
    simulator.server.counters.reset();
    const { records, calls } = await walkAll(provider, { pageSize: 20 });
    const expected = simulator.listExecutions().map((wire) => wire.id);
    expect(records.map((record) => record.nativeId)).toEqual(expected);
    expect(simulator.server.counters.count('GET', '/api/v1/executions')).toBeLessThanOrEqual(calls + 3);
  });

  it('is not thrown off by executions that start while it walks', async () => {
    const expected = simulator.listExecutions().map((wire) => wire.id);
    const added: string[] = [];
    const { records } = await walkAll(provider, {
      pageSize: 30,
      between: () => {
        for (let count = 0; count < 7; count++) added.push(simulator.addExecutionTree({ responderId: sofia }).id);
        clock.advance(5);
      },
    });
    expect(records.map((record) => record.nativeId)).toEqual(expected);
    for (const id of added) simulator.remove(id);
  });

  it('keeps what Zaia cannot filter: statuses', async () => {
    const { records } = await walkAll(provider, { pageSize: 7, statuses: ['FAILED'] });
    const expected = simulator.listExecutions().filter((wire) => wire.status === 'failed').map((wire) => wire.id);
    expect(expected.length).toBeGreaterThan(10);
    expect(records.map((record) => record.nativeId)).toEqual(expected);
  });

  it('pushes uuid responders down to Zaia, and scans for a non-uuid responder, without overlap', async () => {
    const [scoutStream] = await provider.operations.list!.streams({ targetIds: [scout.toUpperCase()], statuses: null }, {});
    simulator.server.counters.reset();
    const scoutOnly = await provider.operations.list!.page({ stream: scoutStream!, pageSize: 100, position: null, targetIds: [scout.toUpperCase()], statuses: null }, {});
    const expected = simulator.listExecutions([scout]).map((wire) => wire.id);
    expect(expected.length).toBeGreaterThan(50);
    expect(expected.length).toBeLessThan(100);
    // All of them from one upstream page of 100, out of 230: the filter went upstream.
    expect(scoutOnly.records.map((record) => record.nativeId)).toEqual(expected);
    expect(scoutOnly.next).toBeNull();
    expect(simulator.server.counters.count('GET', '/api/v1/executions')).toBe(1);

    const [pushed, scan] = await provider.operations.list!.streams({ targetIds: [oddResponderId, scout], statuses: null }, {});
    const fromPushed = await walkAll(provider, { stream: pushed!, pageSize: 50 });
    const fromScan = await walkAll(provider, { stream: scan!, pageSize: 50 });
    expect(fromPushed.records.map((record) => record.nativeId)).toEqual(simulator.listExecutions([scout]).map((wire) => wire.id));
    const odd = simulator.listExecutions().filter((wire) => wire.responderId === oddResponderId).map((wire) => wire.id);
    expect(odd.length).toBeGreaterThan(5);
    expect(fromScan.records.map((record) => record.nativeId)).toEqual(odd);
  });

  it('bounds the upstream pages a call reads when nothing matches', async () => {
    simulator.server.counters.reset();
    const page = await provider.operations.list!.page({ stream: 'workspace', pageSize: 10, position: null, targetIds: null, statuses: ['NEEDS_REVIEW'] }, {});
    expect(page.records).toEqual([]);
    // 230 executions fit in 3 pages of 100, so the walk ends within the budget.
    expect(page.next).toBeNull();
    expect(simulator.server.counters.count('GET', '/api/v1/executions')).toBe(3);
  });

  it('reads the A11 alternatives: a {data} envelope and ties ordered by id ascending', async () => {
    const { simulator: other, provider: otherProvider } = await startExtra({ listShape: 'data-envelope', tieOrder: 'id-asc' });
    const createdAt = other.clock.now() - 60_000;
    for (let index = 0; index < 130; index++) other.addExecutionTree({ createdAt: index < 120 ? createdAt : createdAt - 1000 });
    const { records } = await walkAll(otherProvider, { pageSize: 9 });
    const ids = records.map((record) => record.nativeId);
    expect(ids).toEqual(other.listExecutions().map((wire) => wire.id));
    expect(new Set(ids).size).toBe(130);
  });

  it('rejects a position or a stream it did not issue', async () => {
    await expect(provider.operations.list!.page({ stream: 'workspace', pageSize: 5, position: { page: 'one' }, targetIds: null, statuses: null }, {})).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    for (const stream of ['responders:not-a-uuid', 'responders-scan:{', 'responders-scan:[1]', 'everything']) {
      await expect(provider.operations.list!.page({ stream, pageSize: 5, position: null, targetIds: null, statuses: null }, {}), stream).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    }
  });

  it('polls many executions of one responder with one list call', async () => {
    const running = [0, 1, 2].map(() => simulator.addExecutionTree({ responderId: scout, lifecycle: { pendingMs: 0, runningMs: 10_000 } }).id);
    const record = (await provider.operations.get(running[0]!, {}))!;
    const scope = provider.operations.batch!.scopeOf(record);
    expect(scope).toBe(scout);
    simulator.server.counters.reset();
    const polled = await provider.operations.batch!.poll(scope!, [...running.map((id) => id.toUpperCase()), '0badc0de-0000-4000-8000-000000000000'], {});
    expect(polled.map((entry) => entry.nativeId).sort()).toEqual([...running].sort());
    expect(polled.every((entry) => entry.status === 'RUNNING')).toBe(true);
    expect(simulator.server.counters.total()).toBe(1);
    const odd = simulator.listExecutions().find((wire) => wire.responderId === oddResponderId)!;
    expect(provider.operations.batch!.scopeOf((await provider.operations.get(odd.id, {}))!)).toBeNull();
    for (const id of running) simulator.remove(id);
  });

  it('makes a single attempt when the live poller asks for it', async () => {
    const { id } = simulator.addExecutionTree({ responderId: scout });
    simulator.server.counters.reset();
    simulator.server.faults.inject({ kind: 'status', status: 503 }, { times: 4 });
    await expect(provider.operations.batch!.poll(scout, [id], { retry: false })).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', httpStatus: 503 });
    await expect(provider.operations.get(id, { retry: false })).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(simulator.server.counters.total()).toBe(2);
    // Without it, a read rides out a short outage.
    expect((await provider.operations.get(id, {}))!.nativeId).toBe(id);
    expect(simulator.server.counters.total()).toBe(5);
    simulator.remove(id);
  });
});
