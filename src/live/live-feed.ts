import { GatewayError } from '../errors/gateway-error.js';
import type { Logger } from '../log/logger.js';
import type { ExecutionRecord } from '../model/execution-record.js';
import type { ProviderWith } from '../providers/require-operation.js';
import type { FeedPublisher, FeedSource, FeedSourceFactory, FeedSourceStats, ScopeReading, ScopeState } from './feed-source.js';
import type { FeedScope, FeedSelection, UnresolvedScopes } from './feed-selection.js';
import { FeedWatch, type FeedWatchOwner } from './feed-watch.js';
import type { LiveHub } from './live-hub.js';
import type { LiveUpdate, LiveWatch, ValueSink } from './live-watch.js';
import { hasObservableChange } from './record-change.js';
import { AdaptiveInterval } from './adaptive-interval.js';
import { retryAfterMs } from './retry-after.js';
import { ScopeResolutionRetry } from './scope-resolution-retry.js';

export interface LiveFeedOptions {
  /** Who reads the scopes, and how the readings reach this feed (in memory: the ScopePoller). */
  source: FeedSourceFactory;
  /** Where executions that leave a scope's newest page while running are followed to their end. */
  live: LiveHub;
  logger: Logger;
  /** How often, at most, the scopes of a provider that could not resolve them are asked for again (backing off to the ceiling). */
  polling: { intervalMs: number; maxIntervalMs: number };
  /** How long opening a feed waits for the first reading of a scope never read before. */
  firstReadingWaitMs: number;
  /** How long the unfiltered streams of a provider are remembered (Cortex may discover its workflows). */
  streamsTtlMs?: number;
}

/** The live listing's own figures (the source's upstream work is per provider). */
export interface FeedStats {
  /** Open feeds, counted once their scopes have a first reading (what they started from). */
  subscribers: number;
  /** Scopes read for them. */
  scopes: number;
  /** Executions that left their scope's page while running, followed through the shared per-execution polls. */
  followedExecutions: number;
  /** New or changed executions seen, before each feed's filter. */
  changes: number;
  providers: FeedSourceStats[];
}

/** One scope as this process knows it: its feeds, and what its last reading held. */
interface ScopeMemory {
  readonly scope: FeedScope;
  readonly watches: Set<FeedWatch>;
  /** Executions of the last reading, by native id; null until the first reading (the baseline). */
  known: Map<string, ExecutionRecord> | null;
  /** createdAt (epoch ms) of the oldest execution of the last reading. */
  floor: number;
  /** The last reading held the whole scope. */
  complete: boolean;
  readonly followed: Map<string, FollowedExecution>;
  readonly ready: Promise<void>;
  markReady(): void;
}

const defaultStreamsTtlMs = 60_000;

/**
 * The live listing of one process: feeds (one FeedWatch per subscriber) → scopes (read by the
 * source once per tick for all of them) → readings → diff → fan-out. It knows no GraphQL.
 *
 * A scope's first reading is its baseline: what it holds existed before its feeds began (opening
 * a feed waits for it). After that, each reading is compared with the last: an execution not seen
 * before and no older than the last reading's oldest (or any, when that reading held the whole
 * scope) is new; a known one whose status, output, error or updatedAt moved has changed. An
 * execution that leaves the page while still running is followed through the live hub (the same
 * shared per-execution poll as `executionUpdated`), so its end still reaches the feeds.
 *
 * A provider whose scopes could not be resolved when a feed opened (its upstream failed) is
 * asked again, backing off, while the feed serves the others; its scopes then join the feed, and
 * their first reading is their baseline, as after a failed first read.
 */
export class LiveFeed implements FeedPublisher, FeedWatchOwner {
  #source: FeedSource;
  #live: LiveHub;
  #logger: Logger;
  #polling: { intervalMs: number; maxIntervalMs: number };
  #firstReadingWaitMs: number;
  #streamsTtlMs: number;
  #scopes = new Map<string, ScopeMemory>();
  #watches = new Set<FeedWatch>();
  #streams = new Map<string, { streams: Promise<readonly string[]>; until: number }>();
  /** Per provider whose unfiltered streams failed last: how long a failure stands. */
  #streamFailures = new Map<string, AdaptiveInterval>();
  /** Per feed: the providers whose scopes it still waits for. */
  #retries = new Map<FeedWatch, Set<ScopeResolutionRetry>>();
  /** Providers a feed could not resolve the scopes of, since it last could (logged once, not per feed). */
  #unresolvable = new Set<string>();
  #changes = 0;
  /** Feeds past their first readings (what `subscribers` counts). */
  #opened = 0;
  #closed = false;

  constructor(options: LiveFeedOptions) {
    this.#live = options.live;
    this.#logger = options.logger;
    this.#polling = options.polling;
    this.#firstReadingWaitMs = options.firstReadingWaitMs;
    this.#streamsTtlMs = options.streamsTtlMs ?? defaultStreamsTtlMs;
    this.#source = options.source(this);
  }

  /**
   * The streams a provider lists unfiltered, asked once per TTL for every feed. A failure is
   * the answer for every feed until a backoff has passed (AdaptiveInterval, Retry-After): the
   * feeds that wait for that provider's scopes each ask again, and a thousand of them must not
   * mean a thousand calls to an upstream that is failing.
   */
  unfilteredStreams(provider: ProviderWith<'list'>): Promise<readonly string[]> {
    const now = Date.now();
    const known = this.#streams.get(provider.name);
    if (known && now < known.until) return known.streams;
    const streams = provider.operations.list.streams({ targetIds: null, statuses: null }, {});
    const entry = { streams, until: now + this.#streamsTtlMs };
    this.#streams.set(provider.name, entry);
    streams.then(
      () => this.#streamFailures.delete(provider.name),
      (error: unknown) => {
        if (this.#streams.get(provider.name) !== entry) return;
        let backoff = this.#streamFailures.get(provider.name);
        if (!backoff) this.#streamFailures.set(provider.name, (backoff = new AdaptiveInterval({ baseMs: this.#polling.intervalMs, maxMs: this.#polling.maxIntervalMs })));
        else backoff.failed();
        entry.until = Date.now() + Math.max(backoff.nextDelayMs(), retryAfterMs(error));
      },
    );
    return streams;
  }

  /**
   * A feed over `selection`, returned once every scope it needs has its baseline (or the wait
   * ran out), so that what is created after it opened counts as new.
   */
  async open(selection: FeedSelection): Promise<FeedWatch> {
    const watch = new FeedWatch(this, selection.scopes.map((scope) => scope.key), selection);
    if (this.#closed) {
      watch.end();
      return watch;
    }
    this.#watches.add(watch);
    for (const unresolved of selection.unresolved) this.#retryScopes(watch, unresolved);
    const waits: Promise<void>[] = [];
    for (const scope of selection.scopes) {
      const memory = this.#join(scope, watch);
      if (memory.known === null) waits.push(memory.ready);
    }
    if (waits.length > 0) await waitAtMost(Promise.all(waits), this.#firstReadingWaitMs);
    if (!watch.closed) {
      watch.opened = true;
      this.#opened += 1;
    }
    return watch;
  }

  publish(scope: string, state: ScopeState): void {
    const memory = this.#scopes.get(scope);
    if (!memory) return;
    if (state === 'unavailable') {
      // Opening feeds wait no longer for a scope that fails; its first good reading is the baseline.
      memory.markReady();
      return;
    }
    this.#diff(memory, state);
  }

  leave(watch: FeedWatch): void {
    if (!this.#watches.delete(watch)) return;
    if (watch.opened) this.#opened -= 1;
    for (const retry of this.#retries.get(watch) ?? []) retry.stop();
    this.#retries.delete(watch);
    for (const key of watch.scopes) {
      const memory = this.#scopes.get(key);
      if (!memory || !memory.watches.delete(watch) || memory.watches.size > 0) continue;
      // The last feed of the scope: its reads and its followed executions stop at once.
      this.#scopes.delete(key);
      this.#source.unfollow(key);
      for (const followed of memory.followed.values()) followed.stop();
      memory.markReady();
    }
  }

  stats(): FeedStats {
    let followedExecutions = 0;
    for (const memory of this.#scopes.values()) followedExecutions += memory.followed.size;
    return { subscribers: this.#opened, scopes: this.#scopes.size, followedExecutions, changes: this.#changes, providers: this.#source.stats() };
  }

  /** Ends every feed and stops the source. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const watch of [...this.#watches]) watch.end();
    await this.#source.close();
  }

  /** Asks again for the scopes of a provider that could not resolve them, until they join the feed or it closes. */
  #retryScopes(watch: FeedWatch, unresolved: UnresolvedScopes): void {
    const provider = unresolved.provider.name;
    this.#noteUnresolvable(provider, unresolved.error);
    let retries = this.#retries.get(watch);
    if (!retries) this.#retries.set(watch, (retries = new Set()));
    const retry: ScopeResolutionRetry = new ScopeResolutionRetry(unresolved, {
      polling: this.#polling,
      failed: (error) => this.#noteUnresolvable(provider, error),
      resolved: (scopes) => {
        retries.delete(retry);
        if (this.#unresolvable.delete(provider)) this.#logger.info('live feed resolved the scopes of a provider again', { provider });
        if (!this.#watches.has(watch)) return;
        for (const scope of scopes) if (watch.addScope(scope.key)) this.#join(scope, watch);
      },
    });
    retries.add(retry);
    retry.start();
  }

  #noteUnresolvable(provider: string, error: unknown): void {
    if (!GatewayError.is(error)) {
      this.#logger.error('live feed could not resolve the scopes of a provider (a bug)', { provider, message: (error as Error)?.message });
    } else if (!this.#unresolvable.has(provider)) {
      this.#logger.warn('live feed cannot resolve the scopes of a provider; serving the others and asking again', { provider, code: error.code, httpStatus: error.httpStatus });
    }
    this.#unresolvable.add(provider);
  }

  #join(scope: FeedScope, watch: FeedWatch): ScopeMemory {
    let memory = this.#scopes.get(scope.key);
    if (!memory) {
      let markReady!: () => void;
      const ready = new Promise<void>((resolve) => (markReady = resolve));
      memory = { scope, watches: new Set(), known: null, floor: Number.NEGATIVE_INFINITY, complete: false, followed: new Map(), ready, markReady };
      this.#scopes.set(scope.key, memory);
      memory.watches.add(watch);
      this.#source.follow(scope.key, scope.provider, scope.stream);
      return memory;
    }
    memory.watches.add(watch);
    return memory;
  }

  #diff(memory: ScopeMemory, reading: ScopeReading): void {
    const previous = memory.known;
    const next = new Map<string, ExecutionRecord>();
    let floor = Number.POSITIVE_INFINITY;
    const changed: ExecutionRecord[] = [];
    for (const record of reading.records) {
      if (next.has(record.nativeId)) continue;
      next.set(record.nativeId, record);
      const createdAt = Date.parse(record.createdAt);
      if (createdAt < floor) floor = createdAt;
      if (previous === null) continue;
      const followed = memory.followed.get(record.nativeId);
      const before = previous.get(record.nativeId) ?? followed?.latest;
      if (followed) {
        // Back on the page: the reading covers it again.
        memory.followed.delete(record.nativeId);
        followed.stop();
      }
      if (before !== undefined) {
        if (hasObservableChange(before, record)) changed.push(record);
      } else if (memory.complete || !(createdAt < memory.floor)) {
        // Not older than what the last reading covered: it appeared since. An older one slid
        // onto the page from below (something newer was deleted) and is not news.
        changed.push(record);
      }
    }
    if (previous !== null) {
      for (const [nativeId, record] of previous) {
        if (!next.has(nativeId) && !record.isTerminal && !memory.followed.has(nativeId)) this.#follow(memory, record);
      }
    }
    memory.known = next;
    // An empty reading covers nothing: whatever comes next is new.
    memory.floor = next.size > 0 ? floor : Number.NEGATIVE_INFINITY;
    memory.complete = reading.complete;
    memory.markReady();
    for (const record of changed) this.#fanOut(memory, record);
  }

  /** A running execution left the page: the shared per-execution poll reports its changes and its end. */
  #follow(memory: ScopeMemory, latest: ExecutionRecord): void {
    const followed = new FollowedExecution(latest, (record) => this.#fanOut(memory, record), () => {
      if (memory.followed.get(latest.nativeId) === followed) memory.followed.delete(latest.nativeId);
    });
    memory.followed.set(latest.nativeId, followed);
    // Steady: its end is owed to the feeds within the listing's bound, however long it was quiet.
    followed.start(this.#live.watch([{ provider: memory.scope.provider, nativeId: latest.nativeId }], { steady: true }));
  }

  #fanOut(memory: ScopeMemory, record: ExecutionRecord): void {
    this.#changes += 1;
    for (const watch of memory.watches) {
      try {
        watch.offer(record, memory.scope.key);
      } catch (error) {
        this.#logger.error('live feed delivery failed (a bug)', { provider: memory.scope.provider.name, message: (error as Error)?.message });
        void watch.return();
      }
    }
  }
}

/**
 * An execution followed through the live hub for a scope whose page it left: each state that
 * differs from the last one the feeds saw is handed on; the watch ends by itself after the
 * terminal state (or NOT_FOUND, when the upstream deleted it: nothing to report then).
 */
class FollowedExecution implements ValueSink<LiveUpdate> {
  latest: ExecutionRecord;
  #onChange: (record: ExecutionRecord) => void;
  #onEnd: () => void;
  #watch: LiveWatch | null = null;
  #stopped = false;

  constructor(latest: ExecutionRecord, onChange: (record: ExecutionRecord) => void, onEnd: () => void) {
    this.latest = latest;
    this.#onChange = onChange;
    this.#onEnd = onEnd;
  }

  start(watch: LiveWatch): void {
    this.#watch = watch;
    watch.nextInto(this);
  }

  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    void this.#watch?.return();
  }

  value(update: LiveUpdate): void {
    if (this.#stopped) return;
    if (!GatewayError.is(update) && hasObservableChange(this.latest, update)) {
      this.latest = update;
      this.#onChange(update);
    }
    if (!this.#stopped) this.#watch!.nextInto(this);
  }

  end(): void {
    this.#stopped = true;
    this.#onEnd();
  }

  fail(): void {
    this.end();
  }
}

function waitAtMost(promise: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    void promise.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
