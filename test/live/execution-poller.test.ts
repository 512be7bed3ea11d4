import { afterEach, describe, expect, it } from 'vitest';
import { GatewayError } from '../../src/errors/gateway-error.js';
import { ExecutionPoller } from '../../src/live/execution-poller.js';
import { LiveHub } from '../../src/live/live-hub.js';
import type { LivePublisher, LiveSource } from '../../src/live/live-source.js';
import type { LiveWatch } from '../../src/live/live-watch.js';
import { createLogger } from '../../src/log/logger.js';
import type { ExecutionRecord } from '../../src/model/execution-record.js';
import { until } from '../helpers/live-clients.js';
import type { Provider } from '../../src/providers/provider.js';
import { shortly } from '../helpers/live-watches.js';
import { ScriptedProvider, scriptedRecord } from '../helpers/scripted-provider.js';

const logs: string[] = [];
const logger = createLogger({ level: 'debug', sink: (line) => logs.push(line) });
let hub: LiveHub | null = null;

function startHub(polling = { intervalMs: 15, maxIntervalMs: 15 }): LiveHub {
  hub = new LiveHub({ source: (publisher) => new ExecutionPoller({ publisher, polling, logger }), logger });
  return hub;
}

function watchOne(live: LiveHub, provider: Provider, nativeId: string): LiveWatch {
  return live.watch([{ provider, nativeId }]);
}

afterEach(async () => {
  await hub?.close();
  hub = null;
});

/** A provider with a `quiet` execution that never changes and a `busy` one that changes at every read. */
function quietAndBusy(): ScriptedProvider {
  const provider = new ScriptedProvider('p');
  provider.set(scriptedRecord('p', 'quiet', { status: 'NEEDS_REVIEW' }));
  let version = 0;
  provider.set(scriptedRecord('p', 'busy', { output: { version } }));
  provider.beforeRead = (nativeId) => {
    if (nativeId === 'busy') provider.set(scriptedRecord('p', 'busy', { output: { version: ++version } }));
  };
  return provider;
}

async function take(watch: LiveWatch): Promise<ExecutionRecord> {
  const result = await watch.next();
  if (result.done) throw new Error('the watch ended');
  if (result.value instanceof Error) throw result.value;
  return result.value;
}

/** Ticks counted on a second, always-watched execution of its own provider. */
async function referenceTicks(live: LiveHub, count: number): Promise<void> {
  const reference = new ScriptedProvider('reference');
  reference.set(scriptedRecord('reference', 'tick'));
  const watch = watchOne(live, reference, 'tick');
  await take(watch);
  await until(() => reference.readsOf('tick') >= count + 1, `${count} reference ticks`);
  await watch.return!();
}

describe('ExecutionPoller behind the hub', () => {
  it('reads once per tick for all watchers of an execution, and not at all once the last one left', async () => {
    const live = startHub();
    const provider = new ScriptedProvider('p');
    provider.set(scriptedRecord('p', 'a'));
    const watches = Array.from({ length: 50 }, () => watchOne(live, provider, 'a'));
    for (const watch of watches) expect((await take(watch)).status).toBe('RUNNING');
    expect(provider.readsOf('a')).toBe(1);
    expect(live.stats()).toMatchObject({ watchedExecutions: 1, subscribers: 50 });

    // A late watcher gets the poller's state at once, without a read of its own.
    const late = watchOne(live, provider, 'a');
    const before = provider.readsOf('a');
    expect((await take(late)).status).toBe('RUNNING');
    expect(provider.readsOf('a')).toBe(before);

    await until(() => provider.readsOf('a') >= before + 5, 'five ticks');
    for (const watch of [...watches, late]) await watch.return!();
    expect(live.stats()).toMatchObject({ watchedExecutions: 0, subscribers: 0 });
    const after = provider.readsOf('a');
    await referenceTicks(live, 8);
    expect(provider.readsOf('a')).toBe(after);
  });

  it('asks for one attempt per read: the poller backs off by itself', async () => {
    const live = startHub();
    const provider = new ScriptedProvider('p', { listLimit: 10 });
    provider.set(scriptedRecord('p', 'a', { targetId: 'scope' }));
    provider.set(scriptedRecord('p', 'b', { targetId: 'scope' }));
    const watches = [watchOne(live, provider, 'a'), watchOne(live, provider, 'b')];
    await Promise.all(watches.map(take));
    await until(() => (provider.listCalls.get('scope') ?? 0) >= 2, 'two list calls');
    expect(provider.options.length).toBeGreaterThan(3);
    for (const options of provider.options) expect(options).toMatchObject({ retry: false, signal: expect.any(AbortSignal) });
  });

  it('delivers changes only, and ends after the terminal state', async () => {
    const live = startHub();
    const provider = new ScriptedProvider('p');
    provider.set(scriptedRecord('p', 'a', { output: { n: 1 } }));
    const watch = watchOne(live, provider, 'a');
    expect((await take(watch)).output).toEqual({ n: 1 });
    // Same content in a new object, and a change of a field the contract does not watch: no event.
    provider.set(scriptedRecord('p', 'a', { output: { n: 1 }, creditsUsed: 7 }));
    const pending = watch.next();
    let settled = false;
    void pending.then(() => (settled = true));
    await until(() => provider.readsOf('a') >= 6, 'six reads');
    expect(settled).toBe(false);
    provider.set(scriptedRecord('p', 'a', { output: { n: 2 } }));
    expect((await pending).value).toMatchObject({ output: { n: 2 } });
    provider.set(scriptedRecord('p', 'a', { status: 'SUCCEEDED', output: { n: 2 } }));
    expect(await take(watch)).toMatchObject({ status: 'SUCCEEDED', isTerminal: true });
    expect(await watch.next()).toEqual({ value: undefined, done: true });
    expect(live.stats().watchedExecutions).toBe(0);
  });

  it('ends with NOT_FOUND for an unknown execution, and for one deleted while watched (after a second answer says so)', async () => {
    const live = startHub();
    const provider = new ScriptedProvider('p');
    const unknown = watchOne(live, provider, 'nothing');
    expect((await unknown.next()).value).toMatchObject({ code: 'NOT_FOUND', provider: 'p' });
    expect((await unknown.next()).done).toBe(true);
    expect(provider.readsOf('nothing')).toBe(1);

    provider.set(scriptedRecord('p', 'a'));
    const watch = watchOne(live, provider, 'a');
    await take(watch);
    provider.delete('a');
    expect((await watch.next()).value).toMatchObject({ code: 'NOT_FOUND' });
    expect(provider.readsOf('a')).toBe(3);
    expect(live.stats().watchedExecutions).toBe(0);
  });

  it('keeps polling through failures without an event, and honours Retry-After for the whole provider', async () => {
    const live = startHub();
    const provider = new ScriptedProvider('p');
    provider.set(scriptedRecord('p', 'a'));
    provider.set(scriptedRecord('p', 'b'));
    const watches = [watchOne(live, provider, 'a'), watchOne(live, provider, 'b')];
    await Promise.all(watches.map(take));
    const next = watches[0]!.next();
    provider.failures.push(
      new GatewayError('UPSTREAM_UNAVAILABLE', 'down', { provider: 'p', httpStatus: 503 }),
      new GatewayError('RATE_LIMITED', 'slow down', { provider: 'p', httpStatus: 429, retryAfterSeconds: 1 }),
    );
    await until(() => provider.failures.length === 0, 'both failures answered');
    const reads = provider.readsOf('a') + provider.readsOf('b');
    // No read of this provider during the Retry-After, while another provider keeps ticking.
    await referenceTicks(live, 10);
    expect(provider.readsOf('a') + provider.readsOf('b')).toBe(reads);
    provider.set(scriptedRecord('p', 'a', { status: 'FAILED' }));
    expect((await next).value).toMatchObject({ status: 'FAILED' });
    expect(live.stats().providers.find((entry) => entry.provider === 'p')!.pollFailures).toBe(2);
    await watches[1]!.return!();
  });

  it('backs off while nothing changes, and not while things change', async () => {
    const live = startHub({ intervalMs: 10, maxIntervalMs: 400 });
    const provider = quietAndBusy();
    const quiet = watchOne(live, provider, 'quiet');
    const busy = watchOne(live, provider, 'busy');
    await Promise.all([take(quiet), take(busy)]);
    const quietStart = provider.readsOf('quiet');
    const busyStart = provider.readsOf('busy');
    await until(() => provider.readsOf('busy') >= busyStart + 40, 'forty busy reads');
    expect(provider.readsOf('quiet') - quietStart).toBeLessThan(20);
  });

  it('does not back off an execution a steady watch needs, and backs off again once that watch left', async () => {
    const live = startHub({ intervalMs: 10, maxIntervalMs: 400 });
    const provider = quietAndBusy();
    const plain = watchOne(live, provider, 'quiet');
    const steady = live.watch([{ provider, nativeId: 'quiet' }], { steady: true });
    const busy = watchOne(live, provider, 'busy');
    await Promise.all([take(plain), take(steady), take(busy)]);
    const quietStart = provider.readsOf('quiet');
    const busyStart = provider.readsOf('busy');
    await until(() => provider.readsOf('busy') >= busyStart + 40, 'forty busy reads');
    // At the pace of the busy one (give or take a tick), although it never changed.
    expect(provider.readsOf('quiet') - quietStart).toBeGreaterThanOrEqual(36);

    await steady.return();
    const afterStart = { quiet: provider.readsOf('quiet'), busy: provider.readsOf('busy') };
    await until(() => provider.readsOf('busy') >= afterStart.busy + 40, 'forty more busy reads');
    expect(provider.readsOf('quiet') - afterStart.quiet).toBeLessThan(20);
    await plain.return();
    await busy.return();
  });

  it('tells its source when a watch needs steady polling, and when none does any longer', async () => {
    let source: HandDrivenSource | undefined;
    const live = new LiveHub({ source: (publisher) => (source = new HandDrivenSource(publisher)), logger });
    const provider = new ScriptedProvider('p');
    const plain = live.watch([{ provider, nativeId: 'a' }]);
    const steady = live.watch([{ provider, nativeId: 'a' }], { steady: true });
    const second = live.watch([{ provider, nativeId: 'a' }], { steady: true });
    await steady.return();
    await second.return();
    await plain.return();
    expect(source!.calls).toEqual(['follow p:a', 'pace p:a steady', 'pace p:a adaptive', 'unfollow p:a']);
    await live.close();
  });

  it('reads a scope with one list call per tick, and one by one what the list leaves out', async () => {
    const live = startHub();
    const provider = new ScriptedProvider('p', { listLimit: 3 });
    const ids = ['a', 'b', 'c', 'd'];
    for (const id of ids) provider.set(scriptedRecord('p', id, { targetId: 'scope' }));
    const watches = ids.map((id) => watchOne(live, provider, id));
    await Promise.all(watches.map(take));
    await until(() => live.stats().providers[0]!.batchScopes === 1, 'a batched scope');
    const lists = () => provider.listCalls.get('scope') ?? 0;
    const listsBefore = lists();
    const readsBefore = ids.map((id) => provider.readsOf(id));
    await until(() => lists() >= listsBefore + 6, 'six list calls');
    const listed = lists() - listsBefore;
    expect(ids.slice(0, 3).map((id, index) => provider.readsOf(id) - readsBefore[index]!)).toEqual([0, 0, 0]);
    expect(Math.abs(provider.readsOf('d') - readsBefore[3]! - listed)).toBeLessThanOrEqual(1);
  });

  it('reads a scope one by one from the first time its list is refused', async () => {
    const live = startHub();
    const provider = new ScriptedProvider('p', { listLimit: 10, refuse: true });
    for (const id of ['a', 'b']) provider.set(scriptedRecord('p', id, { targetId: 'scope' }));
    const watches = ['a', 'b'].map((id) => watchOne(live, provider, id));
    await Promise.all(watches.map(take));
    await until(() => provider.readsOf('a') >= 8, 'eight reads');
    expect(provider.listCalls.get('scope')).toBe(1);
  });

  it('watches several executions: current states first in order, NOT_FOUND before anything when one is unknown', async () => {
    const live = startHub();
    const provider = new ScriptedProvider('p');
    provider.set(scriptedRecord('p', 'a', { status: 'SUCCEEDED' }));
    provider.set(scriptedRecord('p', 'b'));
    const merged = live.watch([
      { provider, nativeId: 'b' },
      { provider, nativeId: 'a' },
    ]);
    expect((await take(merged)).nativeId).toBe('b');
    expect((await take(merged)).nativeId).toBe('a');
    provider.set(scriptedRecord('p', 'b', { status: 'CANCELLED' }));
    expect(await take(merged)).toMatchObject({ nativeId: 'b', status: 'CANCELLED' });
    expect((await merged.next()).done).toBe(true);

    const failing = live.watch([
      { provider, nativeId: 'b' },
      { provider, nativeId: 'missing' },
    ]);
    expect(shortly((await failing.next()).value!)).toBe('NOT_FOUND');
    expect((await failing.next()).done).toBe(true);
    await until(() => live.stats().watchedExecutions === 0, 'nothing watched');
  });

  it('completes every watch when it closes', async () => {
    const live = startHub();
    const provider = new ScriptedProvider('p');
    provider.set(scriptedRecord('p', 'a'));
    const watch = watchOne(live, provider, 'a');
    await take(watch);
    const next = watch.next();
    await live.close();
    expect(await next).toEqual({ value: undefined, done: true });
    hub = null;
  });
});

/** A source the test drives: it records what the hub asks of it, and publishes when told. */
class HandDrivenSource implements LiveSource {
  readonly calls: string[] = [];
  readonly publisher: LivePublisher;
  closed = false;

  constructor(publisher: LivePublisher) {
    this.publisher = publisher;
  }

  follow(key: string): void {
    this.calls.push(`follow ${key}`);
  }

  unfollow(key: string): void {
    this.calls.push(`unfollow ${key}`);
  }

  pace(key: string, steady: boolean): void {
    this.calls.push(`pace ${key} ${steady ? 'steady' : 'adaptive'}`);
  }

  stats() {
    return [{ provider: 'p', batchScopes: 1, pollRounds: 7, executionPolls: 5, batchPolls: 2, pollFailures: 1 }];
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

describe('LiveHub over a LiveSource', () => {
  function handDriven() {
    let source: HandDrivenSource | undefined;
    const live = new LiveHub({ source: (publisher) => (source = new HandDrivenSource(publisher)), logger });
    return { live, source: source! };
  }
  const provider = new ScriptedProvider('p');

  it('follows a key once for all its watches, and unfollows it when the last one leaves', async () => {
    const { live, source } = handDriven();
    const first = watchOne(live, provider, 'a');
    const second = watchOne(live, provider, 'a');
    expect(source.calls).toEqual(['follow p:a']);
    await first.return();
    expect(source.calls).toEqual(['follow p:a']);
    await second.return();
    expect(source.calls).toEqual(['follow p:a', 'unfollow p:a']);
  });

  it('hands a published state to every watch in one loop, and the latest to a watch that joins, in the same turn', () => {
    const { live, source } = handDriven();
    const early = watchOne(live, provider, 'a');
    source.publisher.publish('p:a', scriptedRecord('p', 'a', { output: { n: 1 } }));
    const late = watchOne(live, provider, 'a');
    const seen: string[] = [];
    const sink = (name: string, watch: LiveWatch) => ({
      value: (update: Parameters<typeof shortly>[0]) => {
        seen.push(`${name} ${shortly(update)}`);
        watch.nextInto(sink(name, watch));
      },
      end: () => seen.push(`${name} end`),
      fail: () => seen.push(`${name} failed`),
    });
    early.nextInto(sink('early', early));
    late.nextInto(sink('late', late));
    expect(seen).toEqual(['early a:1', 'late a:1']);
    source.publisher.publish('p:a', scriptedRecord('p', 'a', { output: { n: 2 }, status: 'SUCCEEDED' }));
    expect(seen).toEqual(['early a:1', 'late a:1', 'early a:2', 'early end', 'late a:2', 'late end']);
    expect(source.calls).toEqual(['follow p:a', 'unfollow p:a']);
    // Nothing is followed under that key any more: a late publish is dropped.
    expect(() => source.publisher.publish('p:a', 'missing')).not.toThrow();
  });

  it("reports the source's figures with its own watches and deliveries, and closes the source", async () => {
    const { live, source } = handDriven();
    watchOne(live, provider, 'a');
    watchOne(live, provider, 'a');
    watchOne(live, provider, 'b');
    source.publisher.publish('p:a', scriptedRecord('p', 'a'));
    live.noteEventResolved('p');
    expect(live.stats()).toEqual({
      watchedExecutions: 2,
      subscribers: 3,
      providers: [
        { provider: 'p', watchedExecutions: 2, subscribers: 3, batchScopes: 1, pollRounds: 7, executionPolls: 5, batchPolls: 2, pollFailures: 1, eventDeliveries: 2, eventResolutions: 1 },
      ],
    });
    await live.close();
    expect(source.closed).toBe(true);
    expect(live.stats().watchedExecutions).toBe(0);
  });
});
