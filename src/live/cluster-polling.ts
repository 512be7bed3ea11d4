import { createHash, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../log/logger.js';
import { releaseLeaseScript, renewLeaseScript } from '../redis/lease-scripts.js';
import type { RedisConnection } from '../redis/redis-connection.js';

/** Who polls a key: the owner's poller (its partition's lease is held here) or the fallback (Redis is down). */
export interface KeyPoller<Interest> {
  /** False when the key cannot be polled here (a provider this replica does not have). */
  follow(key: string, interest: Interest): boolean;
  unfollow(key: string): void;
  /** The interest changed (a key that must be polled steadily now, or no longer). */
  update(key: string, interest: Interest): void;
}

export interface ClusterPollingOptions<Interest, State> {
  redis: RedisConnection;
  logger: Logger;
  /** `live` or `feed`: names its keys and channel, and its log lines. */
  namespace: string;
  /** What its log says when it joins the cluster. */
  joinedMessage: string;
  polling: { intervalMs: number };
  partitions?: number;
  /** Polls the keys of the partitions held here; publishes through `publish`. */
  owned: KeyPoller<Interest>;
  /** Polls every local key while Redis is unreachable; publishes through `deliver` directly. */
  fallback: KeyPoller<Interest>;
  /** Hands a state to this process (the source filters what is not news). */
  deliver: (key: string, state: State, version: number) => void;
  /** Two replicas' interest in one key, as one. */
  merge: (a: Interest, b: Interest) => Interest;
  /**
   * What a key's partition is hashed from (default: the key). Keys polled together (one list
   * call for the executions of one app) must share an owner, or each owner would make that call.
   */
  partitionKeyOf?: (key: string, interest: Interest) => string;
}

interface Published<State> {
  key: string;
  version: number;
  state: State;
}

const defaultPartitions = 64;

/**
 * One poll per key per interval across the replicas on one Redis, whatever replicas want the
 * key. Keys hash into a fixed number of partitions. A replica registers the keys it wants in an
 * expiring hash per partition (and itself in the partition's set of interested replicas), holds
 * leases (`SET NX PX`, renewed by a compare-and-set script) on a fair share of the partitions
 * with interest here, polls the union of every replica's keys in the partitions it holds with
 * `owned`, and publishes each state (versioned, and kept as the key's latest) on one pub/sub
 * channel that every replica relays to `deliver`. A lease whose holder died lapses after
 * `leaseTtlMs`; a replica that wants a key of that partition claims it on its next tick. While
 * Redis is unreachable every replica polls its own keys with `fallback`, and it rejoins by
 * itself when Redis is back. A brief double owner during a handover costs an extra poll; the
 * versions let a source drop a state older than the last it delivered.
 */
export class ClusterPolling<Interest, State> {
  readonly #options: ClusterPollingOptions<Interest, State>;
  readonly #redis: RedisConnection;
  readonly #partitions: number;
  readonly #replicaId = randomUUID();
  readonly #leaseTtlMs: number;
  readonly #interestTtlMs: number;
  readonly #channel: string;
  readonly #subscriber: Redis;
  readonly #local = new Map<string, { interest: Interest; partition: number }>();
  /** The keys `owned` polls, by partition. */
  readonly #ownedKeys = new Map<number, Set<string>>();
  readonly #leases = new Set<number>();
  /** Partitions seen free (with interest here) on the last tick: claimed now whatever the share. */
  #freeBefore = new Set<number>();
  /** Replicas seen alive at the last tick (`<namespace>:replicas`). */
  #replicaCount = 1;
  #clustered = false;
  #sequence = 0;
  #timer: NodeJS.Timeout;
  #ticking = false;
  #closed = false;

  constructor(options: ClusterPollingOptions<Interest, State>) {
    this.#options = options;
    this.#redis = options.redis;
    this.#partitions = options.partitions ?? defaultPartitions;
    // Takeover within a lease and two ticks: under max(3 × interval, 3 s).
    this.#leaseTtlMs = Math.max(1.5 * options.polling.intervalMs, 1500);
    this.#interestTtlMs = this.#leaseTtlMs * 3;
    this.#channel = this.#redis.key(`${options.namespace}:states`);
    this.#subscriber = this.#redis.subscriber();
    this.#subscriber.on('message', (_channel: string, message: string) => this.#onMessage(message));
    this.#subscriber.subscribe(this.#channel).catch(() => undefined);
    this.#timer = setInterval(() => void this.#tick(), Math.round(this.#leaseTtlMs / 3));
    this.#timer.unref();
  }

  /** A version later than any this replica made before (and, clocks agreeing, than other replicas' older ones). */
  nextVersion(): number {
    this.#sequence = (this.#sequence + 1) % 1000;
    return Date.now() * 1000 + this.#sequence;
  }

  follow(key: string, interest: Interest): void {
    if (this.#closed || this.#local.has(key)) return;
    this.#local.set(key, { interest, partition: this.#partitionOf(this.#options.partitionKeyOf?.(key, interest) ?? key) });
    if (!this.#clustered) {
      this.#options.fallback.follow(key, interest);
      return;
    }
    void this.#register(key)
      .then(
        () => this.#readLatest(key),
        (error: unknown) => this.#leaveCluster(error),
      )
      .catch((error: unknown) => this.#options.logger.error('live: a cluster state could not be read (a bug)', { message: (error as Error)?.message }));
  }

  unfollow(key: string): void {
    const local = this.#local.get(key);
    if (!local) return;
    this.#local.delete(key);
    this.#options.fallback.unfollow(key);
    if (this.#clustered) this.#redis.client.hdel(this.#interestKey(local.partition, this.#replicaId), key).catch(() => undefined);
  }

  update(key: string, interest: Interest): void {
    const local = this.#local.get(key);
    if (!local) return;
    local.interest = interest;
    this.#options.fallback.update(key, interest);
    if (this.#clustered) void this.#register(key).catch(() => undefined);
  }

  /** What `owned` learnt: to every replica that wants it, this one included. */
  publish(key: string, state: State): void {
    const version = this.nextVersion();
    const message = JSON.stringify({ key, version, state } satisfies Published<State>);
    this.#redis.client
      .multi()
      .set(this.#latestKey(key), message, 'PX', Math.max(this.#interestTtlMs, 60_000))
      .publish(this.#channel, message)
      .exec()
      .catch(() => undefined);
    this.#options.deliver(key, state, version);
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    // Hand the partitions over at once rather than at lease expiry.
    if (this.#clustered && this.#leases.size > 0) {
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
    return this.#redis.key(`${this.#options.namespace}:lease:${partition}`);
  }

  #interestKey(partition: number, replica: string): string {
    return this.#redis.key(`${this.#options.namespace}:interest:${partition}:${replica}`);
  }

  #interestedKey(partition: number): string {
    return this.#redis.key(`${this.#options.namespace}:interested:${partition}`);
  }

  #latestKey(key: string): string {
    return this.#redis.key(`${this.#options.namespace}:latest:${key}`);
  }

  async #register(key: string): Promise<void> {
    const local = this.#local.get(key);
    if (!local) return;
    const interestKey = this.#interestKey(local.partition, this.#replicaId);
    const results = await this.#redis.client
      .multi()
      .hset(interestKey, key, JSON.stringify(local.interest))
      .pexpire(interestKey, this.#interestTtlMs)
      .sadd(this.#interestedKey(local.partition), this.#replicaId)
      .exec();
    if (results === null || results.some(([error]) => error !== null)) throw new Error('redis refused the interest');
    // The first state sooner than the next tick, when the partition is free and within this replica's share.
    if (!this.#leases.has(local.partition) && this.#leases.size < this.#share()) await this.#claim(local.partition);
  }

  /** The key's latest state as its owner last published it (none yet: the owner's first poll brings it). */
  async #readLatest(key: string): Promise<void> {
    const text = await this.#redis.client.get(this.#latestKey(key)).catch(() => null);
    if (text === null || !this.#local.has(key)) return;
    const published = parsePublished<State>(text);
    if (published !== undefined) this.#options.deliver(key, published.state, published.version);
  }

  async #claim(partition: number): Promise<boolean> {
    const claimed = await this.#redis.client.set(this.#leaseKey(partition), this.#replicaId, 'PX', this.#leaseTtlMs, 'NX');
    if (claimed !== 'OK') return false;
    this.#leases.add(partition);
    await this.#reconcile(partition);
    return true;
  }

  /** What the holder of `partition` polls: every key some live replica registered there. */
  async #reconcile(partition: number): Promise<void> {
    const client = this.#redis.client;
    const replicas = await client.smembers(this.#interestedKey(partition));
    const wanted = new Map<string, Interest>();
    for (const replica of replicas) {
      const entries = await client.hgetall(this.#interestKey(partition, replica));
      if (Object.keys(entries).length === 0) {
        // That replica's interest expired (it died) or it wants nothing here any more.
        await client.srem(this.#interestedKey(partition), replica);
        continue;
      }
      for (const [key, text] of Object.entries(entries)) {
        const interest = JSON.parse(text) as Interest;
        const seen = wanted.get(key);
        wanted.set(key, seen === undefined ? interest : this.#options.merge(seen, interest));
      }
    }
    if (!this.#leases.has(partition) || this.#closed) return;
    if (wanted.size === 0) {
      // Nobody watches anything here any more: let the lease go rather than renew it for nothing.
      this.#dropPartition(partition);
      await client.eval(releaseLeaseScript, 1, this.#leaseKey(partition), this.#replicaId);
      return;
    }
    const { owned } = this.#options;
    let keys = this.#ownedKeys.get(partition);
    if (!keys) this.#ownedKeys.set(partition, (keys = new Set()));
    for (const key of keys) {
      if (wanted.has(key)) continue;
      keys.delete(key);
      owned.unfollow(key);
    }
    for (const [key, interest] of wanted) {
      if (keys.has(key)) owned.update(key, interest);
      else if (owned.follow(key, interest)) keys.add(key);
    }
  }

  /** A fair share of the partitions with interest here: their number over the replicas alive. */
  #share(): number {
    const partitions = new Set<number>();
    for (const local of this.#local.values()) partitions.add(local.partition);
    return Math.ceil(partitions.size / this.#replicaCount);
  }

  #dropPartition(partition: number): void {
    this.#leases.delete(partition);
    for (const key of this.#ownedKeys.get(partition) ?? []) this.#options.owned.unfollow(key);
    this.#ownedKeys.delete(partition);
  }

  #onMessage(message: string): void {
    if (!this.#clustered) return;
    // A message another writer put on the channel (or a garbled one) is dropped, never thrown from Redis's listener.
    const published = parsePublished<State>(message);
    if (published !== undefined && this.#local.has(published.key)) this.#options.deliver(published.key, published.state, published.version);
  }

  async #tick(): Promise<void> {
    if (this.#ticking || this.#closed) return;
    this.#ticking = true;
    try {
      if (!this.#redis.connected) {
        this.#leaveCluster(new Error('redis unreachable'));
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

  /** Renews interest and leases, claims a fair share of the free partitions with interest here, and reconciles the held ones. */
  async #refresh(): Promise<void> {
    const client = this.#redis.client;
    const partitionsHere = new Set<number>();
    for (const local of this.#local.values()) partitionsHere.add(local.partition);
    const renewals = client.pipeline();
    for (const partition of partitionsHere) {
      renewals.pexpire(this.#interestKey(partition, this.#replicaId), this.#interestTtlMs);
      renewals.sadd(this.#interestedKey(partition), this.#replicaId);
    }
    const replicasKey = this.#redis.key(`${this.#options.namespace}:replicas`);
    const now = Date.now();
    renewals.zadd(replicasKey, now, this.#replicaId);
    renewals.zremrangebyscore(replicasKey, 0, now - this.#interestTtlMs);
    renewals.zcard(replicasKey);
    const answers = await renewals.exec();
    if (answers === null || answers.some(([error]) => error !== null)) throw new Error('redis refused the renewals');
    this.#replicaCount = Math.max(1, Number(answers.at(-1)?.[1] ?? 1));

    for (const partition of [...this.#leases]) {
      const renewed = await client.eval(renewLeaseScript, 1, this.#leaseKey(partition), this.#replicaId, this.#leaseTtlMs);
      if (renewed !== 1) this.#dropPartition(partition);
    }
    const share = this.#share();
    const freeNow = new Set<number>();
    for (const partition of partitionsHere) {
      if (this.#leases.has(partition)) continue;
      if ((await client.exists(this.#leaseKey(partition))) === 1) continue;
      // Within the fair share at once; beyond it only once nobody else took it for a tick.
      if (this.#leases.size < share || this.#freeBefore.has(partition)) await this.#claim(partition);
      else freeNow.add(partition);
    }
    this.#freeBefore = freeNow;
    for (const partition of this.#leases) await this.#reconcile(partition);
  }

  async #joinCluster(): Promise<void> {
    this.#clustered = true;
    const replicasKey = this.#redis.key(`${this.#options.namespace}:replicas`);
    await this.#redis.client.zadd(replicasKey, Date.now(), this.#replicaId);
    this.#replicaCount = Math.max(1, await this.#redis.client.zcount(replicasKey, Date.now() - this.#interestTtlMs, '+inf'));
    for (const key of this.#local.keys()) await this.#register(key);
    for (const key of this.#local.keys()) {
      this.#options.fallback.unfollow(key);
      await this.#readLatest(key);
    }
    this.#options.logger.info(this.#options.joinedMessage, { replica: this.#replicaId, keys: this.#local.size });
  }

  #leaveCluster(error: unknown): void {
    if (!this.#clustered || this.#closed) return;
    this.#clustered = false;
    for (const partition of [...this.#leases]) this.#dropPartition(partition);
    this.#freeBefore.clear();
    for (const [key, local] of this.#local) this.#options.fallback.follow(key, local.interest);
    this.#options.logger.warn(`${this.#options.namespace}: redis unreachable, this replica polls for its own subscribers until it is back`, {
      cause: error instanceof Error ? error.message : String(error),
    });
  }
}

function parsePublished<State>(text: string): Published<State> | undefined {
  try {
    const value = JSON.parse(text) as Partial<Published<State>> | null;
    if (typeof value !== 'object' || value === null || typeof value.key !== 'string' || typeof value.version !== 'number' || !('state' in value)) return undefined;
    return value as Published<State>;
  } catch {
    return undefined;
  }
}
