import { createHash, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../log/logger.js';
import type { Provider } from '../providers/provider.js';
import { releaseLeaseScript, renewLeaseScript } from '../redis/lease-scripts.js';
import type { RedisConnection } from '../redis/redis-connection.js';
import { ExecutionPoller } from './execution-poller.js';
import type { LivePublisher, LiveSource, LiveState } from './live-source.js';
import type { SourceStats } from './live-stats.js';
import { hasObservableChange } from './record-change.js';

export interface RedisLiveSourceOptions {
  publisher: LivePublisher;
  redis: RedisConnection;
  polling: { intervalMs: number; maxIntervalMs: number };
  logger: Logger;
  /** The provider a key of another replica names (every replica has the same config). */
  providerNamed: (name: string) => Provider | undefined;
  partitions?: number;
}

interface Followed {
  provider: Provider;
  nativeId: string;
  partition: number;
  steady: boolean;
  /** The last state handed to the hub: relayed states older than it are dropped. */
  last: LiveState | undefined;
}

/** What a replica registers per key, and the owner reads back. */
interface Interest {
  provider: string;
  nativeId: string;
  steady: boolean;
}

interface Published {
  key: string;
  version: number;
  state: LiveState;
}

const defaultPartitions = 64;

/**
 * The live source of a replica on a shared Redis: one poll per watched execution per interval
 * cluster-wide. Keys hash into a fixed number of partitions; a replica registers the keys its
 * clients watch in an expiring hash per partition, holds leases (`SET NX PX`, renewed by a
 * compare-and-set script) on a fair share of the partitions that have watchers, polls the keys
 * of those partitions with the in-memory poller, and publishes each change (versioned, and kept
 * as the key's latest state) on one pub/sub channel; every replica relays what it follows to
 * its hub, dropping states that are not newer than the last it relayed. A lease whose holder
 * died lapses after `leaseTtlMs`, and a replica whose clients watch that partition claims it on
 * its next tick. While Redis is unreachable each replica polls for its own watchers (the
 * fallback poller) and rejoins by itself when Redis is back.
 */
export class RedisLiveSource implements LiveSource {
  readonly #publisher: LivePublisher;
  readonly #redis: RedisConnection;
  readonly #logger: Logger;
  readonly #providerNamed: (name: string) => Provider | undefined;
  readonly #partitions: number;
  readonly #replicaId = randomUUID();
  readonly #leaseTtlMs: number;
  readonly #tickMs: number;
  readonly #interestTtlMs: number;
  readonly #channel: string;
  readonly #subscriber: Redis;
  readonly #local = new Map<string, Followed>();
  /** Polls the partitions this replica holds, publishing to Redis. */
  readonly #owned: ExecutionPoller;
  /** The keys #owned follows, by partition. */
  readonly #ownedKeys = new Map<number, Set<string>>();
  readonly #leases = new Set<number>();
  /** Partitions seen free (with watchers here) on the last tick: claimed now whatever the share. */
  #freeBefore = new Set<number>();
  /** Polls every local key while Redis is unreachable, publishing straight to the hub. */
  readonly #fallback: ExecutionPoller;
  #clustered = false;
  #version = 0;
  #timer: NodeJS.Timeout;
  #ticking = false;
  #closed = false;

  constructor(options: RedisLiveSourceOptions) {
    this.#publisher = options.publisher;
    this.#redis = options.redis;
    this.#logger = options.logger;
    this.#providerNamed = options.providerNamed;
    this.#partitions = options.partitions ?? defaultPartitions;
    // Takeover within a lease and two ticks: under max(3 × interval, 3 s).
    this.#leaseTtlMs = Math.max(1.5 * options.polling.intervalMs, 1500);
    this.#tickMs = Math.round(this.#leaseTtlMs / 3);
    this.#interestTtlMs = this.#leaseTtlMs * 3;
    this.#channel = this.#redis.key('live:records');
    this.#owned = new ExecutionPoller({ publisher: { publish: (key, state) => this.#publishOwned(key, state) }, polling: options.polling, logger: options.logger });
    this.#fallback = new ExecutionPoller({ publisher: { publish: (key, state) => this.#relay(key, state) }, polling: options.polling, logger: options.logger });
    this.#subscriber = this.#redis.subscriber();
    this.#subscriber.on('message', (_channel: string, message: string) => this.#onMessage(message));
    this.#subscriber.subscribe(this.#channel).catch(() => undefined);
    this.#timer = setInterval(() => void this.#tick(), this.#tickMs);
    this.#timer.unref();
  }

  follow(key: string, provider: Provider, nativeId: string): void {
    if (this.#closed || this.#local.has(key)) return;
    const followed: Followed = { provider, nativeId, partition: this.#partitionOf(key), steady: false, last: undefined };
    this.#local.set(key, followed);
    if (!this.#clustered) {
      this.#fallback.follow(key, provider, nativeId);
      return;
    }
    void this.#register(key, followed).then(
      () => this.#readLatest(key),
      (error: unknown) => this.#leaveCluster(error),
    );
  }

  unfollow(key: string): void {
    const followed = this.#local.get(key);
    if (!followed) return;
    this.#local.delete(key);
    this.#fallback.unfollow(key);
    if (this.#clustered) this.#redis.client.hdel(this.#interestKey(followed.partition, this.#replicaId), key).catch(() => undefined);
  }

  pace(key: string, steady: boolean): void {
    const followed = this.#local.get(key);
    if (!followed || followed.steady === steady) return;
    followed.steady = steady;
    this.#fallback.pace(key, steady);
    if (this.#clustered) void this.#register(key, followed).catch(() => undefined);
  }

  stats(): SourceStats[] {
    const byProvider = new Map<string, SourceStats>();
    for (const stats of [...this.#owned.stats(), ...this.#fallback.stats()]) {
      const sum = byProvider.get(stats.provider);
      if (!sum) {
        byProvider.set(stats.provider, { ...stats });
        continue;
      }
      sum.batchScopes += stats.batchScopes;
      sum.pollRounds += stats.pollRounds;
      sum.executionPolls += stats.executionPolls;
      sum.batchPolls += stats.batchPolls;
      sum.pollFailures += stats.pollFailures;
    }
    return [...byProvider.values()];
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    await this.#owned.close();
    await this.#fallback.close();
    // Hand the partitions over at once rather than at lease expiry.
    if (this.#clustered) {
      const pipeline = this.#redis.client.pipeline();
      for (const partition of this.#leases) pipeline.eval(releaseLeaseScript, 1, this.#leaseKey(partition), this.#replicaId);
      await pipeline.exec().catch(() => undefined);
    }
    this.#subscriber.disconnect();
  }

  #partitionOf(key: string): number {
    return createHash('sha1').update(key).digest().readUInt32BE(0) % this.#partitions;
  }

  #leaseKey(partition: number): string {
    return this.#redis.key(`live:lease:${partition}`);
  }

  #interestKey(partition: number, replica: string): string {
    return this.#redis.key(`live:interest:${partition}:${replica}`);
  }

  #interestedKey(partition: number): string {
    return this.#redis.key(`live:interested:${partition}`);
  }

  #latestKey(key: string): string {
    return this.#redis.key(`live:latest:${key}`);
  }

  async #register(key: string, followed: Followed): Promise<void> {
    const interest: Interest = { provider: followed.provider.name, nativeId: followed.nativeId, steady: followed.steady };
    const interestKey = this.#interestKey(followed.partition, this.#replicaId);
    const results = await this.#redis.client
      .multi()
      .hset(interestKey, key, JSON.stringify(interest))
      .pexpire(interestKey, this.#interestTtlMs)
      .sadd(this.#interestedKey(followed.partition), this.#replicaId)
      .exec();
    if (results === null || results.some(([error]) => error !== null)) throw new Error('redis refused the interest');
    // The first state sooner than the next tick, when the partition is free.
    if (!this.#leases.has(followed.partition)) await this.#claim(followed.partition);
  }

  /** The key's latest state, as its owner last published it (none yet: the owner's first poll brings it). */
  async #readLatest(key: string): Promise<void> {
    const text = await this.#redis.client.get(this.#latestKey(key)).catch(() => null);
    if (text !== null) this.#relay(key, (JSON.parse(text) as Published).state);
  }

  async #claim(partition: number): Promise<boolean> {
    const claimed = await this.#redis.client.set(this.#leaseKey(partition), this.#replicaId, 'PX', this.#leaseTtlMs, 'NX');
    if (claimed !== 'OK') return false;
    this.#leases.add(partition);
    await this.#reconcile(partition);
    return true;
  }

  /** What the owner of `partition` polls: every key some live replica registered there. */
  async #reconcile(partition: number): Promise<void> {
    const replicas = await this.#redis.client.smembers(this.#interestedKey(partition));
    const wanted = new Map<string, Interest>();
    for (const replica of replicas) {
      const entries = await this.#redis.client.hgetall(this.#interestKey(partition, replica));
      if (Object.keys(entries).length === 0) {
        // That replica's interest expired (it died or let go of everything here).
        await this.#redis.client.srem(this.#interestedKey(partition), replica);
        continue;
      }
      for (const [key, text] of Object.entries(entries)) {
        const interest = JSON.parse(text) as Interest;
        const seen = wanted.get(key);
        wanted.set(key, seen === undefined ? interest : { ...seen, steady: seen.steady || interest.steady });
      }
    }
    if (!this.#leases.has(partition) || this.#closed) return;
    const keys = this.#ownedKeys.get(partition) ?? new Set<string>();
    this.#ownedKeys.set(partition, keys);
    for (const key of keys) {
      if (wanted.has(key)) continue;
      keys.delete(key);
      this.#owned.unfollow(key);
    }
    for (const [key, interest] of wanted) {
      const provider = this.#providerNamed(interest.provider);
      if (provider === undefined) continue;
      if (!keys.has(key)) {
        keys.add(key);
        this.#owned.follow(key, provider, interest.nativeId);
      }
      this.#owned.pace(key, interest.steady);
    }
  }

  #dropPartition(partition: number): void {
    this.#leases.delete(partition);
    for (const key of this.#ownedKeys.get(partition) ?? []) this.#owned.unfollow(key);
    this.#ownedKeys.delete(partition);
  }

  #publishOwned(key: string, state: LiveState): void {
    this.#version += 1;
    const message = JSON.stringify({ key, version: Date.now() * 1000 + (this.#version % 1000), state } satisfies Published);
    this.#redis.client
      .multi()
      .set(this.#latestKey(key), message, 'PX', Math.max(this.#interestTtlMs, 60_000))
      .publish(this.#channel, message)
      .exec()
      .catch(() => undefined);
    this.#relay(key, state);
  }

  #onMessage(message: string): void {
    const published = JSON.parse(message) as Published;
    if (this.#clustered) this.#relay(published.key, published.state);
  }

  /**
   * Hands a state to the hub unless it is not news: the same as the last one, or a step back
   * from a terminal state (two owners during a handover may publish one state twice, or late).
   */
  #relay(key: string, state: LiveState): void {
    const followed = this.#local.get(key);
    if (!followed) return;
    const last = followed.last;
    if (last !== undefined) {
      if (last === 'missing' && state === 'missing') return;
      if (last !== 'missing' && state !== 'missing') {
        if (!hasObservableChange(last, state)) return;
        if (last.isTerminal && !state.isTerminal) return;
        if (state.updatedAt !== null && last.updatedAt !== null && state.updatedAt < last.updatedAt) return;
      }
    }
    followed.last = state;
    this.#publisher.publish(key, state);
  }

  async #tick(): Promise<void> {
    if (this.#ticking || this.#closed) return;
    this.#ticking = true;
    try {
      if (!this.#redis.connected) {
        if (this.#clustered) this.#leaveCluster(new Error('redis unreachable'));
        return;
      }
      if (!this.#clustered) await this.#joinCluster();
      await this.#refresh();
    } catch (error) {
      this.#leaveCluster(error);
    } finally {
      this.#ticking = false;
    }
  }

  /** Renews interest and leases, claims a fair share of the free partitions with watchers here, and reconciles the held ones. */
  async #refresh(): Promise<void> {
    const client = this.#redis.client;
    const partitionsHere = new Set<number>();
    for (const followed of this.#local.values()) partitionsHere.add(followed.partition);
    const interest = client.pipeline();
    for (const partition of partitionsHere) {
      interest.pexpire(this.#interestKey(partition, this.#replicaId), this.#interestTtlMs);
      interest.sadd(this.#interestedKey(partition), this.#replicaId);
    }
    const replicasKey = this.#redis.key('live:replicas');
    const now = Date.now();
    interest.zadd(replicasKey, now, this.#replicaId);
    interest.zremrangebyscore(replicasKey, 0, now - this.#interestTtlMs);
    interest.zcard(replicasKey);
    const answers = await interest.exec();
    const replicas = Math.max(1, Number(answers?.at(-1)?.[1] ?? 1));

    for (const partition of [...this.#leases]) {
      const renewed = await client.eval(renewLeaseScript, 1, this.#leaseKey(partition), this.#replicaId, this.#leaseTtlMs);
      if (renewed !== 1) this.#dropPartition(partition);
    }
    const share = Math.ceil(partitionsHere.size / replicas);
    const freeNow = new Set<number>();
    for (const partition of partitionsHere) {
      if (this.#leases.has(partition)) continue;
      const holder = await client.get(this.#leaseKey(partition));
      if (holder !== null) continue;
      // Within the fair share at once; beyond it only once nobody else took it for a tick.
      if (this.#leases.size < share || this.#freeBefore.has(partition)) {
        if (!(await this.#claim(partition))) continue;
      } else {
        freeNow.add(partition);
      }
    }
    this.#freeBefore = freeNow;
    for (const partition of this.#leases) await this.#reconcile(partition);
  }

  async #joinCluster(): Promise<void> {
    for (const [key, followed] of this.#local) await this.#register(key, followed);
    this.#clustered = true;
    for (const key of this.#local.keys()) {
      this.#fallback.unfollow(key);
      await this.#readLatest(key);
    }
    this.#logger.info('live: polling cluster-wide through redis', { replica: this.#replicaId, watched: this.#local.size });
  }

  #leaveCluster(error: unknown): void {
    if (!this.#clustered || this.#closed) return;
    this.#clustered = false;
    for (const partition of [...this.#leases]) this.#dropPartition(partition);
    this.#freeBefore.clear();
    for (const [key, followed] of this.#local) {
      this.#fallback.follow(key, followed.provider, followed.nativeId);
      this.#fallback.pace(key, followed.steady);
    }
    this.#logger.warn('live: redis unreachable, this replica polls for its own subscribers until it is back', {
      cause: error instanceof Error ? error.message : String(error),
    });
  }
}
