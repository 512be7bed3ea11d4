import { GatewayError } from '../errors/gateway-error.js';
import type { Logger } from '../log/logger.js';
import type { ProviderWith } from '../providers/require-operation.js';
import { AdaptiveInterval } from './adaptive-interval.js';
import { retryAfterMs } from './retry-after.js';
import type { FeedPublisher, FeedSource, FeedSourceStats } from './feed-source.js';

export interface ScopePollerOptions {
  publisher: FeedPublisher;
  polling: { intervalMs: number; maxIntervalMs: number };
  logger: Logger;
  /** Executions asked for per read (the native APIs serve at most 100 per page). */
  pageSize?: number;
  /** The jitter of a backed-off interval (tests pin it). */
  random?: () => number;
}

/** The most a native list page holds for AirOps, Zaia and Cortex; FlowMason's reading is its whole stream anyway. */
const defaultPageSize = 100;

interface PolledScope {
  readonly key: string;
  readonly provider: ProviderWith<'list'>;
  readonly stream: string;
  readonly abort: AbortController;
  timer: NodeJS.Timeout | null;
  /** One tick while reads answer; backs off, jittered, while they fail. */
  readonly interval: AdaptiveInterval;
}

interface ProviderCounters {
  scopeReads: number;
  scopeReadFailures: number;
  failing: boolean;
}

/**
 * The in-memory feed source: each followed scope is read once per tick, whatever the number of
 * feeds and filters behind it (they all share one unfiltered reading). Unlike the execution
 * poller it never backs off while nothing changes: a new execution must reach every feed within
 * a few ticks however long the scope was quiet. It backs off only while the upstream fails, the
 * way the execution poller does (the same AdaptiveInterval: doubling, jittered, capped).
 */
export class ScopePoller implements FeedSource {
  #publisher: FeedPublisher;
  #polling: { intervalMs: number; maxIntervalMs: number };
  #logger: Logger;
  #pageSize: number;
  #random: () => number;
  #scopes = new Map<string, PolledScope>();
  #counters = new Map<string, ProviderCounters>();
  #closed = false;

  constructor(options: ScopePollerOptions) {
    this.#publisher = options.publisher;
    this.#polling = options.polling;
    this.#logger = options.logger;
    this.#pageSize = options.pageSize ?? defaultPageSize;
    this.#random = options.random ?? Math.random;
  }

  follow(scope: string, provider: ProviderWith<'list'>, stream: string): void {
    if (this.#closed || this.#scopes.has(scope)) return;
    const interval = new AdaptiveInterval({ baseMs: this.#polling.intervalMs, maxMs: this.#polling.maxIntervalMs, random: this.#random });
    const polled: PolledScope = { key: scope, provider, stream, abort: new AbortController(), timer: null, interval };
    this.#scopes.set(scope, polled);
    this.#schedule(polled, 0);
  }

  unfollow(scope: string): void {
    const polled = this.#scopes.get(scope);
    if (!polled) return;
    this.#scopes.delete(scope);
    if (polled.timer !== null) clearTimeout(polled.timer);
    polled.timer = null;
    polled.abort.abort();
  }

  stats(): FeedSourceStats[] {
    const byProvider = new Map<string, FeedSourceStats>();
    const entry = (provider: string): FeedSourceStats => {
      let stats = byProvider.get(provider);
      if (!stats) {
        const counters = this.#countersOf(provider);
        stats = { provider, scopes: 0, scopeReads: counters.scopeReads, scopeReadFailures: counters.scopeReadFailures };
        byProvider.set(provider, stats);
      }
      return stats;
    };
    for (const provider of this.#counters.keys()) entry(provider);
    for (const polled of this.#scopes.values()) entry(polled.provider.name).scopes += 1;
    return [...byProvider.values()];
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const scope of [...this.#scopes.keys()]) this.unfollow(scope);
  }

  #schedule(polled: PolledScope, delayMs: number): void {
    polled.timer = setTimeout(() => void this.#read(polled), delayMs);
    polled.timer.unref();
  }

  async #read(polled: PolledScope): Promise<void> {
    polled.timer = null;
    if (this.#scopes.get(polled.key) !== polled) return;
    const startedAt = Date.now();
    const counters = this.#countersOf(polled.provider.name);
    const signal = polled.abort.signal;
    counters.scopeReads += 1;
    let notBeforeMs = 0;
    try {
      const page = await polled.provider.operations.list.page(
        { stream: polled.stream, pageSize: this.#pageSize, position: null, statuses: null, targetIds: null },
        { signal, retry: false },
      );
      if (signal.aborted) return;
      // Never `unchanged()`: a quiet scope keeps the pace, so what appears in it is seen within a tick.
      polled.interval.changed();
      if (counters.failing) {
        counters.failing = false;
        this.#logger.info('live feed reads recovered', { provider: polled.provider.name });
      }
      this.#publisher.publish(polled.key, { records: page.records, complete: page.next === null || page.next === undefined });
    } catch (error) {
      if (signal.aborted) return;
      polled.interval.failed();
      counters.scopeReadFailures += 1;
      const gatewayError = GatewayError.is(error) ? error : null;
      if (!gatewayError) {
        this.#logger.error('live feed read failed unexpectedly (a bug)', { provider: polled.provider.name, message: (error as Error)?.message });
      } else if (!counters.failing) {
        this.#logger.warn('live feed reads are failing; backing off', { provider: polled.provider.name, code: gatewayError.code, httpStatus: gatewayError.httpStatus });
      }
      counters.failing = true;
      notBeforeMs = retryAfterMs(error);
      this.#publisher.publish(polled.key, 'unavailable');
    }
    // The publish above may have ended the last feed of this scope.
    if (this.#scopes.get(polled.key) !== polled) return;
    // Start to start: the time a read takes does not stretch the tick.
    this.#schedule(polled, Math.max(0, startedAt + Math.max(polled.interval.nextDelayMs(), notBeforeMs) - Date.now()));
  }

  #countersOf(provider: string): ProviderCounters {
    let counters = this.#counters.get(provider);
    if (!counters) {
      counters = { scopeReads: 0, scopeReadFailures: 0, failing: false };
      this.#counters.set(provider, counters);
    }
    return counters;
  }
}
