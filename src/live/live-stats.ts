/** What the poller does for one provider, since start-up where it counts. */
export interface ProviderPollStats {
  provider: string;
  /** Executions polled or held for their watchers right now. */
  watchedExecutions: number;
  /** Open watches of those executions (a subscription watches each of its ids). */
  subscribers: number;
  /** Scopes currently polled with one list call per tick. */
  batchScopes: number;
  /** Poll rounds run: one per tick of each poll group (a single execution or a scope). */
  pollRounds: number;
  /** Single-execution reads sent upstream. */
  executionPolls: number;
  /** List calls sent upstream in place of single reads. */
  batchPolls: number;
  /** Upstream calls of the poller that failed (it backs off and keeps polling). */
  pollFailures: number;
}

/** What a live source reports of the upstream work it does (the hub counts watches itself). */
export type SourceStats = Omit<ProviderPollStats, 'watchedExecutions' | 'subscribers'>;

/** The poller's figures, and what became of the states it handed out. */
export interface ProviderLiveStats extends ProviderPollStats {
  /** States handed to watchers (one per watcher and state). */
  eventDeliveries: number;
  /** Subscription events resolved into a result; subscribers that share a resolution count once. */
  eventResolutions: number;
}

/** A provider's figures before the poller or any subscriber has touched it. */
export function emptyProviderLiveStats(provider: string): ProviderLiveStats {
  return {
    provider,
    watchedExecutions: 0,
    subscribers: 0,
    batchScopes: 0,
    pollRounds: 0,
    executionPolls: 0,
    batchPolls: 0,
    pollFailures: 0,
    eventDeliveries: 0,
    eventResolutions: 0,
  };
}

export interface LiveStats {
  watchedExecutions: number;
  subscribers: number;
  providers: ProviderLiveStats[];
}

/** Per-provider counters of several pollers (a Redis source's owner and fallback pollers) summed into one row per provider. */
export function sumByProvider<Stats extends { provider: string }>(rows: readonly Stats[]): Stats[] {
  const byProvider = new Map<string, Stats>();
  for (const row of rows) {
    const sum = byProvider.get(row.provider);
    if (!sum) {
      byProvider.set(row.provider, { ...row });
      continue;
    }
    for (const [name, value] of Object.entries(row)) {
      if (typeof value === 'number') (sum as Record<string, unknown>)[name] = ((sum as Record<string, unknown>)[name] as number) + value;
    }
  }
  return [...byProvider.values()];
}
