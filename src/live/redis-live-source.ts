import { hasOperation } from '../providers/require-operation.js';
import type { Logger } from '../log/logger.js';
import type { Provider } from '../providers/provider.js';
import type { RedisConnection } from '../redis/redis-connection.js';
import { ClusterPolling, type KeyPoller } from './cluster-polling.js';
import { ExecutionPoller } from './execution-poller.js';
import type { LivePublisher, LiveSource, LiveState } from './live-source.js';
import { sumByProvider, type SourceStats } from './live-stats.js';
import { hasObservableChange } from './record-change.js';

export interface RedisLiveSourceOptions {
  publisher: LivePublisher;
  redis: RedisConnection;
  polling: { intervalMs: number; maxIntervalMs: number };
  logger: Logger;
  /** The provider a key of another replica names (every replica has the same config). */
  providerNamed: (name: string) => Provider | undefined;
}

/** What a replica registers per watched execution. */
interface WatchInterest {
  provider: string;
  nativeId: string;
  steady: boolean;
}

/**
 * The live source of a replica on a shared Redis: each watched execution is polled by one
 * replica per interval (ClusterPolling: partitions, leases, interest), with the in-memory
 * poller (list batching per scope kept), and its states reach every replica's hub. ClusterPolling
 * hands over no state older than the last (versions); the relay also drops what is not news to
 * the hub: the same state again (a re-read, a retried publication, this replica's own fallback
 * polls around an outage), or a step back from a terminal or a later `updatedAt`.
 */
export class RedisLiveSource implements LiveSource {
  readonly #publisher: LivePublisher;
  readonly #providers = new Map<string, Provider>();
  /** The keys this process follows. */
  readonly #interests = new Map<string, WatchInterest>();
  /** The last state handed to the hub, per key. */
  readonly #last = new Map<string, LiveState>();
  readonly #owned: ExecutionPoller;
  readonly #fallback: ExecutionPoller;
  readonly #cluster: ClusterPolling<WatchInterest, LiveState>;

  constructor(options: RedisLiveSourceOptions) {
    this.#publisher = options.publisher;
    const { polling, logger } = options;
    this.#owned = new ExecutionPoller({ publisher: { publish: (key, state) => this.#cluster.publish(key, state) }, polling, logger });
    this.#fallback = new ExecutionPoller({ publisher: { publish: (key, state) => this.#cluster.publishLocal(key, state) }, polling, logger });
    const poller = (target: ExecutionPoller): KeyPoller<WatchInterest> => ({
      follow: (key, interest) => {
        const provider = this.#providers.get(interest.provider) ?? options.providerNamed(interest.provider);
        if (provider === undefined) return false;
        target.follow(key, provider, interest.nativeId);
        target.pace(key, interest.steady);
        return true;
      },
      unfollow: (key) => target.unfollow(key),
      update: (key, interest) => target.pace(key, interest.steady),
    });
    this.#cluster = new ClusterPolling<WatchInterest, LiveState>({
      redis: options.redis,
      logger,
      namespace: 'live',
      joinedMessage: 'live: polling cluster-wide through redis',
      polling,
      owned: poller(this.#owned),
      fallback: poller(this.#fallback),
      deliver: (key, state) => this.#relay(key, state),
      merge: (a, b) => ({ ...a, steady: a.steady || b.steady }),
      // A batching provider polls its watched executions with one list call per scope (an app, a
      // workflow), and the scope of an execution is known only once it has been read: all of the
      // provider's executions share a partition, so one replica makes those calls, as one gateway would.
      isFinal: (state) => state !== 'missing' && state.isTerminal,
      partitionKeyOf: (key, interest) => {
        const provider = this.#providers.get(interest.provider) ?? options.providerNamed(interest.provider);
        return provider !== undefined && hasOperation(provider, 'batch') ? `provider\u0000${interest.provider}` : key;
      },
    });
  }

  follow(key: string, provider: Provider, nativeId: string): void {
    if (this.#interests.has(key)) return;
    this.#providers.set(provider.name, provider);
    const interest: WatchInterest = { provider: provider.name, nativeId, steady: false };
    this.#interests.set(key, interest);
    this.#cluster.follow(key, { ...interest });
  }

  unfollow(key: string): void {
    this.#interests.delete(key);
    this.#last.delete(key);
    this.#cluster.unfollow(key);
  }

  pace(key: string, steady: boolean): void {
    const interest = this.#interests.get(key);
    if (!interest || interest.steady === steady) return;
    interest.steady = steady;
    this.#cluster.update(key, { ...interest });
  }

  stats(): SourceStats[] {
    return sumByProvider([...this.#owned.stats(), ...this.#fallback.stats()]);
  }

  async close(): Promise<void> {
    await this.#owned.close();
    await this.#fallback.close();
    await this.#cluster.close();
  }

  /** Hands a state to the hub unless it is not news: the same as the last, or a step back from a terminal or a later one. */
  #relay(key: string, state: LiveState): void {
    if (!this.#interests.has(key)) return;
    const last = this.#last.get(key);
    if (last !== undefined) {
      if (last === 'missing' && state === 'missing') return;
      if (last !== 'missing' && state !== 'missing') {
        if (!hasObservableChange(last, state)) return;
        if (last.isTerminal && !state.isTerminal) return;
        if (state.updatedAt !== null && last.updatedAt !== null && state.updatedAt < last.updatedAt) return;
      }
    }
    this.#last.set(key, state);
    this.#publisher.publish(key, state);
  }
}
