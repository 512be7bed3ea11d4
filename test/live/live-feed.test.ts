import { afterEach, describe, expect, it } from 'vitest';
import { GatewayError } from '../../src/errors/gateway-error.js';
import { ExecutionPoller } from '../../src/live/execution-poller.js';
import type { FeedPublisher, FeedSource, ScopeState } from '../../src/live/feed-source.js';
import { feedScopeKey, type FeedSelection } from '../../src/live/feed-selection.js';
import type { FeedWatch } from '../../src/live/feed-watch.js';
import { LiveFeed } from '../../src/live/live-feed.js';
import { LiveHub } from '../../src/live/live-hub.js';
import { createLogger } from '../../src/log/logger.js';
import type { ExecutionRecord } from '../../src/model/execution-record.js';
import type { ProviderWith } from '../../src/providers/require-operation.js';
import { until } from '../helpers/live-clients.js';
import { ScriptedProvider, scriptedRecord } from '../helpers/scripted-provider.js';

const logger = createLogger({ level: 'debug', sink: () => undefined });

/** A feed source the test drives: it records what the feed asks of it, and publishes when told. */
class HandDrivenFeedSource implements FeedSource {
  readonly calls: string[] = [];
  constructor(readonly publisher: FeedPublisher) {}
  follow(scope: string): void {
    this.calls.push(`follow ${scope.replace('\u0000', '/')}`);
  }
  unfollow(scope: string): void {
    this.calls.push(`unfollow ${scope.replace('\u0000', '/')}`);
  }
  stats() {
    return [];
  }
  async close(): Promise<void> {}
}

interface Setup {
  feed: LiveFeed;
  live: LiveHub;
  source: HandDrivenFeedSource;
  provider: ScriptedProvider;
  scope: string;
  selection: FeedSelection;
  /** Hands the feed one reading of the scope. */
  read(records: ExecutionRecord[], complete?: boolean): void;
}

let cleanup: (() => Promise<void>) | null = null;

afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

function setup(polling = { intervalMs: 10, maxIntervalMs: 10 }): Setup {
  const provider = new ScriptedProvider('p');
  const live = new LiveHub({ source: (publisher) => new ExecutionPoller({ publisher, polling, logger }), logger });
  let source!: HandDrivenFeedSource;
  const feed = new LiveFeed({ source: (publisher) => (source = new HandDrivenFeedSource(publisher)), live, logger, polling, firstReadingWaitMs: 5000 });
  const scope = feedScopeKey('p', 'app');
  cleanup = async () => {
    await feed.close();
    await live.close();
  };
  return {
    feed,
    live,
    source,
    provider,
    scope,
    selection: { scopes: [{ key: scope, provider: provider as unknown as ProviderWith<'list'>, stream: 'app' }], unresolved: [], matches: () => true },
    read: (records, complete = false) => feed.publish(scope, { records, complete } satisfies ScopeState),
  };
}

/** A record created `minute` minutes after a fixed instant (newest first means larger first). */
function at(nativeId: string, minute: number, fields: Partial<ExecutionRecord<'airops'>> = {}): ExecutionRecord {
  return scriptedRecord('p', nativeId, { createdAt: new Date(Date.parse('2026-01-15T12:00:00.000Z') + minute * 60_000).toISOString(), ...fields });
}

/** What a watch delivers, as it delivers it: `take()` returns what arrived since the last take. */
function collect(watch: FeedWatch): { take(): Promise<string[]> } {
  const arrived: string[] = [];
  void (async () => {
    for await (const record of watch) arrived.push(`${record.nativeId} ${record.status}`);
  })();
  return {
    async take() {
      // Offers resolve the waiting next() synchronously; the loop runs within the same macrotask.
      await new Promise((resolve) => setImmediate(resolve));
      return arrived.splice(0);
    },
  };
}

describe('LiveFeed', () => {
  it('opens once the scope has its baseline, then reports what appears and what changes, nothing else', async () => {
    const { feed, source, read, selection } = setup();
    const opening = feed.open(selection);
    expect(source.calls).toEqual(['follow p/app']);
    read([at('b', 2), at('a', 1, { status: 'SUCCEEDED' })]);
    const watch = collect(await opening);
    expect(feed.stats()).toMatchObject({ subscribers: 1, scopes: 1 });

    // The same reading again: nothing. A new execution and a change: one state each.
    read([at('b', 2), at('a', 1, { status: 'SUCCEEDED' })]);
    expect(await watch.take()).toEqual([]);
    read([at('c', 3), at('b', 2, { status: 'FAILED' }), at('a', 1, { status: 'SUCCEEDED' })]);
    expect(await watch.take()).toEqual(['c RUNNING', 'b FAILED']);
    // Only updatedAt moved: a change too.
    read([at('c', 3, { updatedAt: '2026-01-15T13:00:00.000Z' }), at('b', 2, { status: 'FAILED' }), at('a', 1, { status: 'SUCCEEDED' })]);
    expect(await watch.take()).toEqual(['c RUNNING']);
  });

  it('does not take an older execution that slid onto a full page from below for a new one', async () => {
    const { feed, read, selection } = setup();
    const opening = feed.open(selection);
    read([at('d', 4, { status: 'SUCCEEDED' }), at('c', 3, { status: 'SUCCEEDED' })]);
    const watch = collect(await opening);
    // `d` was deleted: `b` (older than anything the last page held) moves up onto the page.
    read([at('c', 3, { status: 'SUCCEEDED' }), at('b', 2, { status: 'SUCCEEDED' })]);
    expect(await watch.take()).toEqual([]);
    // When the last reading held the whole scope, anything unknown is new, whatever its date.
    read([at('c', 3, { status: 'SUCCEEDED' }), at('b', 2, { status: 'SUCCEEDED' })], true);
    read([at('c', 3, { status: 'SUCCEEDED' }), at('b', 2, { status: 'SUCCEEDED' }), at('late', 1)], true);
    expect(await watch.take()).toEqual(['late RUNNING']);
  });

  it('follows a running execution that left the page through the live hub, steadily, to its end', async () => {
    // A poller that backs off quiet executions up to 40 ticks.
    const { feed, live, provider, read, selection } = setup({ intervalMs: 10, maxIntervalMs: 400 });
    const opening = feed.open(selection);
    read([at('old', 1)]);
    const watch = collect(await opening);
    provider.set(at('old', 1));
    // A newer execution pushes it off a page of one.
    read([at('new', 2)]);
    expect(await watch.take()).toEqual(['new RUNNING']);
    expect(feed.stats().followedExecutions).toBe(1);
    await until(() => provider.readsOf('old') >= 1, 'a read of the execution by id');
    // Quiet, yet read at the pace of an execution that changes on every read.
    let version = 0;
    provider.set(scriptedRecord('p', 'busy', { output: { version } }));
    provider.beforeRead = (nativeId) => {
      if (nativeId === 'busy') provider.set(scriptedRecord('p', 'busy', { output: { version: ++version } }));
    };
    const busy = live.watch([{ provider, nativeId: 'busy' }]);
    await busy.next();
    const start = { old: provider.readsOf('old'), busy: provider.readsOf('busy') };
    await until(() => provider.readsOf('busy') >= start.busy + 30, 'thirty busy reads');
    expect(provider.readsOf('old') - start.old).toBeGreaterThanOrEqual(26);
    await busy.return();

    provider.set(at('old', 1, { status: 'SUCCEEDED' }));
    await until(() => feed.stats().followedExecutions === 0, 'the execution let go');
    expect(await watch.take()).toEqual(['old SUCCEEDED']);
    const reads = provider.readsOf('old');
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(provider.readsOf('old')).toBe(reads);
  });

  it('applies the selection to each state, and stops the scope and its followed executions with the last feed', async () => {
    const { feed, source, provider, read, selection } = setup();
    const onlyFailed = { ...selection, matches: (record: ExecutionRecord) => record.status === 'FAILED' };
    const opening = [feed.open(selection), feed.open(onlyFailed)];
    read([at('a', 1)]);
    const [allWatch, failedWatch] = await Promise.all(opening);
    const [all, failed] = [collect(allWatch!), collect(failedWatch!)];
    provider.set(at('a', 1));
    read([at('b', 2, { status: 'FAILED' })]);
    expect(await all.take()).toEqual(['b FAILED']);
    expect(await failed.take()).toEqual(['b FAILED']);
    read([at('c', 3), at('b', 2, { status: 'FAILED' })]);
    expect(await all.take()).toEqual(['c RUNNING']);
    expect(await failed.take()).toEqual([]);
    await until(() => provider.readsOf('a') >= 1, 'the followed execution read');

    await allWatch!.return();
    expect(source.calls).toEqual(['follow p/app']);
    await failedWatch!.return();
    expect(source.calls).toEqual(['follow p/app', 'unfollow p/app']);
    expect(feed.stats()).toMatchObject({ subscribers: 0, scopes: 0, followedExecutions: 0 });
    const reads = provider.readsOf('a');
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(provider.readsOf('a')).toBe(reads);
  });

  it('opens without waiting longer once the first read failed, and takes the first good reading as its baseline', async () => {
    const { feed, selection, scope } = setup();
    const opening = feed.open(selection);
    feed.publish(scope, 'unavailable');
    const watch = collect(await opening);
    feed.publish(scope, { records: [at('a', 1)], complete: false });
    feed.publish(scope, { records: [at('b', 2), at('a', 1)], complete: false });
    expect(await watch.take()).toEqual(['b RUNNING']);
  });

  it('serves its other scopes while a provider cannot resolve its own, asks again, and joins them once they resolve', async () => {
    const { feed, selection, source, provider } = setup();
    const down = new GatewayError('UPSTREAM_UNAVAILABLE', 'down', { provider: 'q', httpStatus: 503 });
    let attempts = 0;
    const late = feedScopeKey('q', 'late');
    const lateScope = { key: late, provider: provider as unknown as ProviderWith<'list'>, stream: 'late' };
    const opening = feed.open({
      ...selection,
      unresolved: [
        {
          provider: { name: 'q' } as unknown as ProviderWith<'list'>,
          error: down,
          resolve: async () => {
            attempts += 1;
            if (attempts < 3) throw down;
            return [lateScope];
          },
        },
      ],
    });
    feed.publish(selection.scopes[0]!.key, { records: [at('a', 1)], complete: false });
    const watch = await opening;
    const arrived = collect(watch);
    await until(() => source.calls.includes('follow q/late'), 'the late scope followed');
    expect(attempts).toBe(3);
    expect(watch.scopes).toEqual([selection.scopes[0]!.key, late]);
    // Its first reading is its baseline; what appears after it is news.
    feed.publish(late, { records: [at('x', 1)], complete: false });
    feed.publish(late, { records: [at('y', 2), at('x', 1)], complete: false });
    feed.publish(selection.scopes[0]!.key, { records: [at('b', 2), at('a', 1)], complete: false });
    expect(await arrived.take()).toEqual(['y RUNNING', 'b RUNNING']);
    await watch.return();
    expect(source.calls).toContain('unfollow q/late');
  });

  it('stops asking for unresolved scopes once the feed closes', async () => {
    const { feed, selection } = setup();
    let attempts = 0;
    const watch = await feed.open({
      scopes: [],
      matches: selection.matches,
      unresolved: [
        {
          provider: { name: 'q' } as unknown as ProviderWith<'list'>,
          error: new GatewayError('UPSTREAM_TIMEOUT', 'slow', { provider: 'q' }),
          resolve: async () => {
            attempts += 1;
            throw new GatewayError('UPSTREAM_TIMEOUT', 'slow', { provider: 'q' });
          },
        },
      ],
    });
    await until(() => attempts >= 2, 'two more attempts');
    await watch.return();
    const after = attempts;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(attempts).toBe(after);
  });

  it('answers every feed with a failure of the unfiltered streams until a backoff passed, then asks the upstream again', async () => {
    // A backoff far longer than the burst below takes, however slow the machine.
    const { feed } = setup({ intervalMs: 2000, maxIntervalMs: 2000 });
    let calls = 0;
    let failing = true;
    const provider = {
      name: 'q',
      operations: {
        list: {
          streams: async () => {
            calls += 1;
            if (failing) throw new GatewayError('UPSTREAM_UNAVAILABLE', 'down', { provider: 'q', httpStatus: 503 });
            return ['app'];
          },
        },
      },
    } as unknown as ProviderWith<'list'>;
    await expect(feed.unfilteredStreams(provider)).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    // A thousand feeds asking again at once cost no call while the failure stands.
    const retries = await Promise.allSettled(Array.from({ length: 1000 }, () => feed.unfilteredStreams(provider)));
    expect(retries.every((retry) => retry.status === 'rejected')).toBe(true);
    for (const retry of retries) expect((retry as PromiseRejectedResult).reason).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(calls).toBe(1);
    // After the backoff the upstream is asked again; once it answers, the streams are kept for their TTL.
    failing = false;
    await until(async () => (await feed.unfilteredStreams(provider).catch(() => null)) !== null, 'the streams after the backoff');
    expect(calls).toBe(2);
    await expect(feed.unfilteredStreams(provider)).resolves.toEqual(['app']);
    expect(calls).toBe(2);
  });
});

