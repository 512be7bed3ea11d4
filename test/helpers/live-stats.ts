import { emptyProviderLiveStats, type ProviderPollStats } from '../../src/live/live-stats.js';
import type { GatewayHarness } from './gateway-harness.js';

/** What the tests read of a provider's `liveStats` entry: the poller's figures. */
export type ProviderLiveStatsView = ProviderPollStats;

export interface LiveStatsView {
  watchedExecutions: number;
  subscribers: number;
  providers: ProviderLiveStatsView[];
}

/** The gateway's `liveStats`, read over GraphQL like any client would. */
export async function readLiveStats(gateway: GatewayHarness, headers?: Record<string, string>): Promise<LiveStatsView> {
  const response = await gateway.graphql<{ liveStats: LiveStatsView }>(
    `{ liveStats { watchedExecutions subscribers providers { provider watchedExecutions subscribers batchScopes pollRounds executionPolls batchPolls pollFailures } } }`,
    undefined,
    headers,
  );
  if (response.body.errors) throw new Error(`liveStats failed: ${JSON.stringify(response.body.errors)}`);
  return response.body.data!.liveStats;
}

/** One provider's entry of `liveStats` (zeros when the poller has not seen it yet). */
export async function readProviderLiveStats(gateway: GatewayHarness, provider: string): Promise<ProviderLiveStatsView> {
  const stats = await readLiveStats(gateway);
  return stats.providers.find((entry) => entry.provider === provider) ?? emptyProviderLiveStats(provider);
}
