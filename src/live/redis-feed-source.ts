import type { Logger } from '../log/logger.js';
import type { Provider } from '../providers/provider.js';
import { hasOperation, type ProviderWith } from '../providers/require-operation.js';
import type { RedisConnection } from '../redis/redis-connection.js';
import { ClusterPolling, type KeyPoller } from './cluster-polling.js';
import type { FeedPublisher, FeedSource, FeedSourceStats, ScopeState } from './feed-source.js';
import { ScopePoller } from './scope-poller.js';
import { sumByProvider } from './live-stats.js';

export interface RedisFeedSourceOptions {
  publisher: FeedPublisher;
  redis: RedisConnection;
  polling: { intervalMs: number; maxIntervalMs: number };
  logger: Logger;
  /** The provider a scope of another replica names (every replica has the same config). */
  providerNamed: (name: string) => Provider | undefined;
}

/** What a replica registers per feed scope. */
interface ScopeInterest {
  provider: string;
  stream: string;
}

/**
 * The feed source of a replica on a shared Redis: each listing scope is read by one replica per
 * tick (ClusterPolling), with the in-memory scope poller, and its readings reach every replica's
 * feed, which diffs them itself (ClusterPolling hands over no reading older than the last, so
 * a late one never makes the feed step back).
 */
export class RedisFeedSource implements FeedSource {
  readonly #publisher: FeedPublisher;
  readonly #scopes = new Set<string>();
  readonly #owned: ScopePoller;
  readonly #fallback: ScopePoller;
  readonly #cluster: ClusterPolling<ScopeInterest, ScopeState>;

  constructor(options: RedisFeedSourceOptions) {
    this.#publisher = options.publisher;
    const { polling, logger } = options;
    this.#owned = new ScopePoller({ publisher: { publish: (scope, state) => this.#cluster.publish(scope, state) }, polling, logger });
    this.#fallback = new ScopePoller({ publisher: { publish: (scope, state) => this.#cluster.publishLocal(scope, state) }, polling, logger });
    const poller = (target: ScopePoller): KeyPoller<ScopeInterest> => ({
      follow: (scope, interest) => {
        const provider = options.providerNamed(interest.provider);
        if (provider === undefined || !hasOperation(provider, 'list')) return false;
        target.follow(scope, provider, interest.stream);
        return true;
      },
      unfollow: (scope) => target.unfollow(scope),
      update: () => undefined,
    });
    this.#cluster = new ClusterPolling<ScopeInterest, ScopeState>({
      redis: options.redis,
      logger,
      namespace: 'feed',
      joinedMessage: 'feed: reading listing scopes cluster-wide through redis',
      polling,
      owned: poller(this.#owned),
      fallback: poller(this.#fallback),
      deliver: (scope, state) => this.#relay(scope, state),
      merge: (a) => a,
    });
  }

  follow(scope: string, provider: ProviderWith<'list'>, stream: string): void {
    if (this.#scopes.has(scope)) return;
    this.#scopes.add(scope);
    this.#cluster.follow(scope, { provider: provider.name, stream });
  }

  unfollow(scope: string): void {
    if (!this.#scopes.delete(scope)) return;
    this.#cluster.unfollow(scope);
  }

  stats(): FeedSourceStats[] {
    return sumByProvider([...this.#owned.stats(), ...this.#fallback.stats()]);
  }

  async close(): Promise<void> {
    await this.#owned.close();
    await this.#fallback.close();
    await this.#cluster.close();
  }

  #relay(scope: string, state: ScopeState): void {
    if (this.#scopes.has(scope)) this.#publisher.publish(scope, state);
  }
}
