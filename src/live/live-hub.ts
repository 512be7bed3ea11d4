import { notFound } from '../errors/gateway-error.js';
import type { Logger } from '../log/logger.js';
import type { Provider } from '../providers/provider.js';
import type { LivePublisher, LiveSource, LiveSourceFactory, LiveState } from './live-source.js';
import { emptyProviderLiveStats, type LiveStats, type ProviderLiveStats } from './live-stats.js';
import { LiveWatch, type LiveUpdate, type WatchOwner } from './live-watch.js';

/** One execution as a subscription names it. */
export interface ExecutionToWatch {
  provider: Provider;
  nativeId: string;
}

/** An execution watched in this process: its latest state, and the watches it is handed to. */
export interface WatchedExecution {
  readonly key: string;
  readonly provider: Provider;
  readonly nativeId: string;
  latest: LiveUpdate | undefined;
  readonly watches: Set<LiveWatch>;
  /** Watches among them that need it polled at the base interval (see LiveSource.pace). */
  steadyWatches: number;
}

export interface WatchOptions {
  /**
   * Poll at the base interval even while nothing changes, for as long as this watch lasts (the
   * live listing owes its feeds every change within a few ticks); by default a quiet execution
   * is polled less and less often.
   */
  steady?: boolean;
}

export interface LiveHubOptions {
  /** Who polls, and how its records reach this hub (in memory: the ExecutionPoller). */
  source: LiveSourceFactory;
  logger: Logger;
}

interface EventCounts {
  deliveries: number;
  resolutions: number;
}

/**
 * Live status in one process: watch → (the source polls) → publish → fan-out. It knows no
 * GraphQL: a watch yields the source's ExecutionRecords, never a read of its own. Each watched
 * execution keeps its latest state here, so a watch that joins starts from it at once, in the
 * same turn, with nothing to reconcile against updates in flight.
 */
export class LiveHub implements LivePublisher, WatchOwner {
  #source: LiveSource;
  #logger: Logger;
  #executions = new Map<string, WatchedExecution>();
  /** Per provider: states handed to watches, and subscription events resolved from them. */
  #eventCounts = new Map<string, EventCounts>();

  constructor(options: LiveHubOptions) {
    this.#logger = options.logger;
    this.#source = options.source(this);
  }

  /** Watches executions (each named once): see LiveWatch for what it yields and when it ends. */
  watch(executions: readonly ExecutionToWatch[], options: WatchOptions = {}): LiveWatch {
    const watched = executions.map(({ provider, nativeId }) => this.#watched(provider, nativeId));
    const steady = options.steady === true;
    const watch = new LiveWatch(this, watched, steady);
    for (const execution of watched) {
      if (watch.closed) {
        // Ended by an earlier one's state (NOT_FOUND): what it has not joined is not kept.
        if (execution.watches.size === 0) this.#executions.delete(execution.key);
        continue;
      }
      execution.watches.add(watch);
      if (steady) execution.steadyWatches += 1;
      const first = execution.watches.size === 1 && execution.latest === undefined;
      // The first watch: the source starts following it (and may publish at once).
      if (first) this.#source.follow(execution.key, execution.provider, execution.nativeId);
      if (steady && execution.steadyWatches === 1) this.#source.pace(execution.key, true);
      if (execution.latest !== undefined) this.#deliver(watch, execution, execution.latest);
    }
    return watch;
  }

  /** A state from the source, handed to every watch of that execution in one loop. */
  publish(key: string, state: LiveState): void {
    const execution = this.#executions.get(key);
    if (!execution) return;
    const update = state === 'missing' ? notFound(`No execution "${execution.nativeId}" at provider "${execution.provider.name}"`, execution.provider.name) : state;
    execution.latest = update;
    // A watch that ends leaves the set while it is visited, which a Set allows.
    for (const watch of execution.watches) this.#deliver(watch, execution, update);
  }

  /** A watch lets go of an execution (its terminal state, its end, or its consumer leaving). */
  leave(watch: LiveWatch, execution: WatchedExecution): void {
    if (!execution.watches.delete(watch)) return;
    if (watch.steady) execution.steadyWatches -= 1;
    if (this.#executions.get(execution.key) !== execution) return;
    if (execution.watches.size > 0) {
      if (watch.steady && execution.steadyWatches === 0) this.#source.pace(execution.key, false);
      return;
    }
    this.#executions.delete(execution.key);
    this.#source.unfollow(execution.key);
  }

  /** One subscription event was resolved from a state of this provider (counted, for liveStats). */
  noteEventResolved(provider: string): void {
    this.#eventCountsOf(provider).resolutions += 1;
  }

  stats(): LiveStats {
    const providers = new Map<string, ProviderLiveStats>();
    const entry = (provider: string): ProviderLiveStats => {
      let stats = providers.get(provider);
      if (!stats) {
        stats = emptyProviderLiveStats(provider);
        providers.set(provider, stats);
      }
      return stats;
    };
    for (const sourceStats of this.#source.stats()) Object.assign(entry(sourceStats.provider), sourceStats);
    for (const execution of this.#executions.values()) {
      const stats = entry(execution.provider.name);
      stats.watchedExecutions += 1;
      stats.subscribers += execution.watches.size;
    }
    for (const [provider, counts] of this.#eventCounts) {
      const stats = entry(provider);
      stats.eventDeliveries = counts.deliveries;
      stats.eventResolutions = counts.resolutions;
    }
    const all = [...providers.values()];
    return {
      watchedExecutions: all.reduce((sum, stats) => sum + stats.watchedExecutions, 0),
      subscribers: all.reduce((sum, stats) => sum + stats.subscribers, 0),
      providers: all,
    };
  }

  /** Completes every watch and stops the source. */
  async close(): Promise<void> {
    for (const execution of [...this.#executions.values()]) {
      for (const watch of [...execution.watches]) watch.end();
    }
    await this.#source.close();
  }

  #watched(provider: Provider, nativeId: string): WatchedExecution {
    // Provider names cannot contain `:`, native ids may.
    const key = `${provider.name}:${nativeId}`;
    let execution = this.#executions.get(key);
    if (!execution) {
      execution = { key, provider, nativeId, latest: undefined, watches: new Set(), steadyWatches: 0 };
      this.#executions.set(key, execution);
    }
    return execution;
  }

  #deliver(watch: LiveWatch, execution: WatchedExecution, update: LiveUpdate): void {
    try {
      if (watch.receive(execution, update) && !(update instanceof Error)) this.#eventCountsOf(execution.provider.name).deliveries += 1;
    } catch (error) {
      // A bug of one watch must not keep the state from the others, nor break the source's round.
      this.#logger.error('live watch failed (a bug)', { provider: execution.provider.name, message: (error as Error)?.message });
      watch.fail(error);
    }
  }

  #eventCountsOf(provider: string): EventCounts {
    let counts = this.#eventCounts.get(provider);
    if (!counts) {
      counts = { deliveries: 0, resolutions: 0 };
      this.#eventCounts.set(provider, counts);
    }
    return counts;
  }
}
