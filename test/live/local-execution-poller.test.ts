import { afterEach, describe, expect, it } from 'vitest';
import { GatewayError } from '../../src/errors/gateway-error.js';
import { createLiveBus } from '../../src/live/live-bus.js';
import { LiveHub, type ExecutionWatch } from '../../src/live/live-hub.js';
import { LocalExecutionPoller } from '../../src/live/local-execution-poller.js';
import { mergeWatches } from '../../src/live/merged-watch.js';
import { createLogger } from '../../src/log/logger.js';
import type { ExecutionRecord } from '../../src/model/execution-record.js';
import { until } from '../helpers/live-clients.js';
import { ScriptedProvider, scriptedRecord } from '../helpers/scripted-provider.js';

const logs: string[] = [];
const logger = createLogger({ level: 'debug', sink: (line) => logs.push(line) });
let hub: LiveHub | null = null;

function startHub(polling = { intervalMs: 15, maxIntervalMs: 15 }): LiveHub {
  const bus = createLiveBus();
  hub = new LiveHub({ bus, poller: new LocalExecutionPoller({ bus, polling, logger }), logger });
  return hub;
}

afterEach(async () => {
  await hub?.close();
  hub = null;
});

async function take(watch: ExecutionWatch): Promise<ExecutionRecord> {
  const result = await watch.next();
  if (result.done) throw new Error('the watch ended');
  return result.value;
}

/** Ticks counted on a second, always-watched execution of its own provider. */
async function referenceTicks(live: LiveHub, count: number): Promise<void> {
  const reference = new ScriptedProvider('reference');
  reference.set(scriptedRecord('reference', 'tick'));
  const watch = live.watch(reference, 'tick');
  await take(watch);
  await until(() => reference.readsOf('tick') >= count + 1, `${count} reference ticks`);
  await watch.return!();
}

describe('LocalExecutionPoller behind the hub', () => {
  it('reads once per tick for all watchers of an execution, and not at all once the last one left', async () => {
    const live = startHub();
    const provider = new ScriptedProvider('p');
    provider.set(scriptedRecord('p', 'a'));
    const watches = Array.from({ length: 50 }, () => live.watch(provider, 'a'));
    for (const watch of watches) expect((await take(watch)).status).toBe('RUNNING');
    expect(provider.readsOf('a')).toBe(1);
    expect(live.stats()).toMatchObject({ watchedExecutions: 1, subscribers: 50 });

    // A late watcher gets the poller's state at once, without a read of its own.
    const late = live.watch(provider, 'a');
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
    const watches = [live.watch(provider, 'a'), live.watch(provider, 'b')];
    await Promise.all(watches.map(take));
    await until(() => (provider.listCalls.get('scope') ?? 0) >= 2, 'two list calls');
    expect(provider.options.length).toBeGreaterThan(3);
    for (const options of provider.options) expect(options).toMatchObject({ retry: false, signal: expect.any(AbortSignal) });
  });

  it('delivers changes only, and ends after the terminal state', async () => {
    const live = startHub();
    const provider = new ScriptedProvider('p');
    provider.set(scriptedRecord('p', 'a', { output: { n: 1 } }));
    const watch = live.watch(provider, 'a');
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

  it('rejects with NOT_FOUND for an unknown execution, and for one deleted while watched (after a second answer says so)', async () => {
    const live = startHub();
    const provider = new ScriptedProvider('p');
    await expect(live.watch(provider, 'nothing').next()).rejects.toMatchObject({ code: 'NOT_FOUND', provider: 'p' });
    expect(provider.readsOf('nothing')).toBe(1);

    provider.set(scriptedRecord('p', 'a'));
    const watch = live.watch(provider, 'a');
    await take(watch);
    provider.delete('a');
    await expect(watch.next()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(provider.readsOf('a')).toBe(3);
    expect(live.stats().watchedExecutions).toBe(0);
  });

  it('keeps polling through failures without an event, and honours Retry-After for the whole provider', async () => {
    const live = startHub();
    const provider = new ScriptedProvider('p');
    provider.set(scriptedRecord('p', 'a'));
    provider.set(scriptedRecord('p', 'b'));
    const watches = [live.watch(provider, 'a'), live.watch(provider, 'b')];
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
    const provider = new ScriptedProvider('p');
    provider.set(scriptedRecord('p', 'quiet', { status: 'NEEDS_REVIEW' }));
    let version = 0;
    provider.set(scriptedRecord('p', 'busy', { output: { version } }));
    provider.beforeRead = (nativeId) => {
      if (nativeId === 'busy') provider.set(scriptedRecord('p', 'busy', { output: { version: ++version } }));
    };
    const quiet = live.watch(provider, 'quiet');
    const busy = live.watch(provider, 'busy');
    await Promise.all([take(quiet), take(busy)]);
    const quietStart = provider.readsOf('quiet');
    const busyStart = provider.readsOf('busy');
    await until(() => provider.readsOf('busy') >= busyStart + 40, 'forty busy reads');
    expect(provider.readsOf('quiet') - quietStart).toBeLessThan(20);
  });

  it('reads a scope with one list call per tick, and one by one what the list leaves out', async () => {
    const live = startHub();
    const provider = new ScriptedProvider('p', { listLimit: 3 });
    const ids = ['a', 'b', 'c', 'd'];
    for (const id of ids) provider.set(scriptedRecord('p', id, { targetId: 'scope' }));
    const watches = ids.map((id) => live.watch(provider, id));
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
    const watches = ['a', 'b'].map((id) => live.watch(provider, id));
    await Promise.all(watches.map(take));
    await until(() => provider.readsOf('a') >= 8, 'eight reads');
    expect(provider.listCalls.get('scope')).toBe(1);
  });

  it('merges watches: current states first in order, NOT_FOUND before anything when one is unknown', async () => {
    const live = startHub();
    const provider = new ScriptedProvider('p');
    provider.set(scriptedRecord('p', 'a', { status: 'SUCCEEDED' }));
    provider.set(scriptedRecord('p', 'b'));
    const merged = mergeWatches([live.watch(provider, 'b'), live.watch(provider, 'a')]);
    expect((await take(merged)).nativeId).toBe('b');
    expect((await take(merged)).nativeId).toBe('a');
    provider.set(scriptedRecord('p', 'b', { status: 'CANCELLED' }));
    expect(await take(merged)).toMatchObject({ nativeId: 'b', status: 'CANCELLED' });
    expect((await merged.next()).done).toBe(true);

    const failing = mergeWatches([live.watch(provider, 'b'), live.watch(provider, 'missing')]);
    await expect(failing.next()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await until(() => live.stats().watchedExecutions === 0, 'nothing watched');
  });

  it('completes every watch when it closes', async () => {
    const live = startHub();
    const provider = new ScriptedProvider('p');
    provider.set(scriptedRecord('p', 'a'));
    const watch = live.watch(provider, 'a');
    await take(watch);
    const next = watch.next();
    await live.close();
    expect(await next).toEqual({ value: undefined, done: true });
    hub = null;
  });
});
