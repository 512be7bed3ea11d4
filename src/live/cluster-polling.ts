import { createHash, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../log/logger.js';
import { releaseLeaseScript, renewLeaseScript } from '../redis/lease-scripts.js';
import { claimPartitionScript, forgetIdleReplicaScript, publishFencedScript } from '../redis/partition-scripts.js';
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
  /** Polls every local key while Redis is unreachable; publishes through `publishLocal`. */
  fallback: KeyPoller<Interest>;
  /**
   * Hands a state to this process, never one older than the last handed for the key (the
   * source filters what else is not news). `version` is undefined for a state this replica
   * read itself that Redis has not (yet) versioned: its own fallback polls, or a publication
   * that failed and is being retried.
   */
  deliver: (key: string, state: State, version: number | undefined) => void;
  /** Two replicas' interest in one key, as one. */
  merge: (a: Interest, b: Interest) => Interest;
  /**
   * What a key's partition is hashed from (default: the key). Keys polled together (one list
   * call for the executions of one app) must share an owner, or each owner would make that call.
   */
  partitionKeyOf?: (key: string, interest: Interest) => string;
  /**
   * A state no later one can precede (a terminal execution). Read back after this replica
   * delivered an unversioned state of its own, such a state is still delivered: whatever this
   * replica saw, it cannot be newer.
   */
  isFinal?: (state: State) => boolean;
}

interface Published<State> {
  key: string;
  version: number;
  state: State;
}

/** A state the owner handed to `publish` that Redis has not accepted yet. */
interface Outgoing<State> {
  key: string;
  partition: number;
  state: State;
  inFlight: boolean;
}

const defaultPartitions = 64;

/** Latest states read back per round trip (a re-read after the subscriber reconnected). */
const rereadChunk = 500;

/**
 * One poll per key per interval across the replicas on one Redis, whatever replicas want the
 * key. Keys hash into a fixed number of partitions. A replica registers the keys it wants in an
 * expiring hash per partition (and itself in the partition's set of interested replicas), holds
 * leases (`SET NX PX`, renewed by a compare-and-set script) on a fair share of the partitions
 * with interest here, polls the union of every replica's keys in the partitions it holds with
 * `owned`, and publishes each state on one pub/sub channel that every replica relays to
 * `deliver`, keeping it as the key's latest. A lease whose holder died lapses after
 * `leaseTtlMs`; a replica that wants a key of that partition claims it on its next tick. While
 * Redis is unreachable every replica polls its own keys with `fallback`, and it rejoins by
 * itself when Redis is back.
 *
 * No state is lost or delivered out of order, though pub/sub delivers at most once:
 * - each claim bumps the partition's epoch and only the current epoch's holder may publish
 *   (partition-scripts.ts), so a replica that lost its lease cannot publish after the new owner;
 * - versions are Redis's clock, strictly increasing per partition, and a state older than the
 *   last delivered for its key is dropped here (a late message after a re-read, an echo);
 * - a publication Redis refused for an error is kept and sent again on each tick until it is
 *   accepted (an owner does not poll a terminal execution again);
 * - whenever the subscriber connection is (re)subscribed, every local key's latest state is
 *   read back, so what was published while it was away is delivered then;
 * - a replica that starts watching a key whose `latest` expired (no change for a while) asks
 *   the owner to publish it again.
 */
export class ClusterPolling<Interest, State> {
  readonly #options: ClusterPollingOptions<Interest, State>;
  readonly #redis: RedisConnection;
  readonly #partitions: number;
  readonly #replicaId = randomUUID();
  readonly #leaseTtlMs: number;
  readonly #interestTtlMs: number;
  readonly #latestTtlMs: number;
  readonly #tickMs: number;
  readonly #channel: string;
  readonly #subscriber: Redis;
  readonly #local = new Map<string, { interest: Interest; partition: number }>();
  /** The version last delivered per local key. */
  readonly #lastVersion = new Map<string, number>();
  /**
   * Local keys handed a state Redis had not versioned (this replica's own fallback poll, or a
   * publication that failed) since their last versioned one. Nobody may have published since
   * (Redis was down for all), so a read-back of `latest` may be older than that state and is
   * not delivered after it, unless it is final; the next publication brings what is newer.
   */
  readonly #unversioned = new Set<string>();
  /** Partitions whose interest hash must be written again whole at the next tick (an update or removal Redis did not take). */
  readonly #stalePartitions = new Set<number>();
  /** The keys `owned` polls, by partition, and the partition of each. */
  readonly #ownedKeys = new Map<number, Set<string>>();
  readonly #ownedPartition = new Map<string, number>();
  /** Partitions whose lease is held here, with the epoch of the claim. */
  readonly #leases = new Map<number, number>();
  readonly #outbox = new Map<string, Outgoing<State>>();
  /** The last state `owned` published per owned key: published again when a replica asks (its `latest` expired). */
  readonly #ownedLast = new Map<string, { state: State; at: number }>();
  /** Partitions seen free (with interest here) on the last tick: claimed now whatever the share. */
  #freeBefore = new Set<number>();
  /** Replicas seen alive at the last tick (`<namespace>:replicas`). */
  #replicaCount = 1;
  /** Leases held by any replica at the last tick. */
  #leasesHeld = 0;
  #clustered = false;
  /** Publications are failing (logged once when they start to, and when they pass again). */
  #publishFailing = false;
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
    this.#latestTtlMs = Math.max(this.#interestTtlMs, 60_000);
    this.#channel = this.#redis.key(`${options.namespace}:states`);
    this.#subscriber = this.#redis.subscriber();
    this.#subscriber.on('message', (_channel: string, message: string) => this.#onMessage(message));
    // On the first connection and after every reconnect (the connection does not re-subscribe by itself).
    this.#subscriber.on('ready', () => void this.#subscribed());
    this.#tickMs = Math.round(this.#leaseTtlMs / 3);
    this.#timer = setInterval(() => void this.#tick(), this.#tickMs);
    this.#timer.unref();
  }

  follow(key: string, interest: Interest): void {
    if (this.#closed || this.#local.has(key)) return;
    this.#local.set(key, { interest, partition: this.#partitionOf(key, interest) });
    if (!this.#clustered) {
      this.#options.fallback.follow(key, interest);
      return;
    }
    void this.#register(key)
      .then(
        () => this.#reread([key]),
        (error: unknown) => this.#leaveCluster(error),
      )
      .catch((error: unknown) => this.#options.logger.error('live: a cluster state could not be read (a bug)', { message: (error as Error)?.message }));
  }

  unfollow(key: string): void {
    const local = this.#local.get(key);
    if (!local) return;
    this.#local.delete(key);
    this.#lastVersion.delete(key);
    this.#unversioned.delete(key);
    this.#options.fallback.unfollow(key);
    // Out of the cluster, rejoining rewrites the hashes whole.
    if (this.#clustered) this.#redis.client.hdel(this.#interestKey(local.partition, this.#replicaId), key).catch(() => this.#stalePartitions.add(local.partition));
  }

  update(key: string, interest: Interest): void {
    const local = this.#local.get(key);
    if (!local) return;
    local.interest = interest;
    this.#options.fallback.update(key, interest);
    if (this.#clustered) void this.#register(key).catch(() => this.#stalePartitions.add(local.partition));
  }

  /** What `owned` learnt: to every replica that wants it, this one included. */
  publish(key: string, state: State): void {
    const partition = this.#ownedPartition.get(key);
    // Polled before its partition was dropped: the new owner polls it.
    if (partition === undefined || !this.#leases.has(partition)) return;
    this.#ownedLast.set(key, { state, at: Date.now() });
    const outgoing: Outgoing<State> = { key, partition, state, inFlight: false };
    this.#outbox.set(key, outgoing);
    this.#send(outgoing);
  }

  /** What `fallback` learnt (Redis unreachable): to this replica only. */
  publishLocal(key: string, state: State): void {
    this.#deliverUnversioned(key, state);
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    // Hand the partitions over at once rather than at lease expiry, and take this replica's interest away.
    if (this.#clustered) {
      const pipeline = this.#redis.client.pipeline();
      for (const partition of this.#leases.keys()) pipeline.eval(releaseLeaseScript, 1, this.#leaseKey(partition), this.#replicaId);
      for (const partition of new Set([...this.#local.values()].map((local) => local.partition))) {
        pipeline.del(this.#interestKey(partition, this.#replicaId));
        pipeline.srem(this.#interestedKey(partition), this.#replicaId);
      }
      pipeline.zrem(this.#name('replicas'), this.#replicaId);
      await pipeline.exec().catch(() => undefined);
    }
    this.#subscriber.disconnect();
  }

  #partitionOf(key: string, interest: Interest): number {
    const hashed = this.#options.partitionKeyOf?.(key, interest) ?? key;
    return createHash('sha1').update(hashed).digest().readUInt32BE(0) % this.#partitions;
  }

  #name(suffix: string): string {
    return this.#redis.key(`${this.#options.namespace}:${suffix}`);
  }

  #leaseKey(partition: number): string {
    return this.#name(`lease:${partition}`);
  }

  #interestKey(partition: number, replica: string): string {
    return this.#name(`interest:${partition}:${replica}`);
  }

  #interestedKey(partition: number): string {
    return this.#name(`interested:${partition}`);
  }

  #latestKey(key: string): string {
    return this.#name(`latest:${key}`);
  }

  #refreshKey(partition: number): string {
    return this.#name(`refresh:${partition}`);
  }

  /** Sends one publication; kept in the outbox until Redis accepted or fenced it. */
  #send(outgoing: Outgoing<State>): void {
    const { key, partition, state } = outgoing;
    const epoch = this.#leases.get(partition);
    if (epoch === undefined) {
      if (this.#outbox.get(key) === outgoing) this.#outbox.delete(key);
      return;
    }
    outgoing.inFlight = true;
    const [before, after] = [`{"key":${JSON.stringify(key)},"version":`, `,"state":${JSON.stringify(state)}}`];
    this.#redis.client
      .eval(publishFencedScript, 3, this.#name(`epoch:${partition}`), this.#name(`version:${partition}`), this.#latestKey(key), epoch, this.#channel, before, after, this.#latestTtlMs)
      .then(
        (answer) => {
          outgoing.inFlight = false;
          if (this.#outbox.get(key) === outgoing) this.#outbox.delete(key);
          if (this.#publishFailing) {
            this.#publishFailing = false;
            this.#options.logger.info(`${this.#options.namespace}: redis takes publications again`, { waiting: this.#outbox.size });
          }
          const version = Number(answer);
          if (version > 0) {
            this.#deliverVersioned(key, state, version, 'published');
            return;
          }
          // Another replica claimed the partition since: it polls these keys now.
          if (this.#leases.get(partition) === epoch) this.#dropPartition(partition);
        },
        (error: unknown) => {
          outgoing.inFlight = false;
          if (!this.#publishFailing) {
            this.#publishFailing = true;
            this.#options.logger.warn(`${this.#options.namespace}: redis refused a publication; sent again on each tick until it is taken`, {
              cause: error instanceof Error ? error.message : String(error),
            });
          }
          // Sent again on the next tick; meanwhile this replica's own subscribers have it.
          if (this.#outbox.get(key) === outgoing) this.#deliverUnversioned(key, state);
        },
      );
  }

  /** A state from a publication (pub/sub, or Redis's answer to this replica's own), or read back from `latest`. */
  #deliverVersioned(key: string, state: State, version: number, from: 'published' | 'read back'): void {
    if (!this.#local.has(key)) return;
    if (from === 'read back' && this.#unversioned.has(key) && this.#options.isFinal?.(state) !== true) return;
    const last = this.#lastVersion.get(key);
    if (last !== undefined && version <= last) return;
    this.#lastVersion.set(key, version);
    this.#unversioned.delete(key);
    this.#options.deliver(key, state, version);
  }

  /** A state Redis has not versioned, current when it is delivered: the next publication is judged by its version and by the source. */
  #deliverUnversioned(key: string, state: State): void {
    if (!this.#local.has(key)) return;
    this.#unversioned.add(key);
    this.#options.deliver(key, state, undefined);
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
      .pexpire(this.#interestedKey(local.partition), this.#interestTtlMs)
      .exec();
    if (results === null || results.some(([error]) => error !== null)) throw new Error('redis refused the interest');
    // The first state sooner than the next tick, when the partition is free and within this replica's share.
    if (!this.#leases.has(local.partition) && this.#leases.size < this.#share()) await this.#claim(local.partition);
  }

  /** This partition's local keys registered at once, replacing what Redis had (joining, a hash gone or stale). */
  async #registerPartition(partition: number): Promise<void> {
    const entries: string[] = [];
    for (const [key, local] of this.#local) if (local.partition === partition) entries.push(key, JSON.stringify(local.interest));
    if (entries.length === 0) {
      await this.#redis.client.del(this.#interestKey(partition, this.#replicaId));
      return;
    }
    const interestKey = this.#interestKey(partition, this.#replicaId);
    const results = await this.#redis.client
      .multi()
      // Whole: a key unfollowed while the HDEL could not be sent must not stay polled for good.
      .del(interestKey)
      .hset(interestKey, ...entries)
      .pexpire(interestKey, this.#interestTtlMs)
      .sadd(this.#interestedKey(partition), this.#replicaId)
      .pexpire(this.#interestedKey(partition), this.#interestTtlMs)
      .exec();
    if (results === null || results.some(([error]) => error !== null)) throw new Error('redis refused the interest');
  }

  /**
   * The keys' latest states as their owners last published them. A key with none that has had no
   * state here is asked for: its owner publishes its state again on its next tick (a `latest`
   * expires a while after the last change, and an owner publishes only changes). A key nobody
   * polls yet gets its state from its owner's first poll anyway.
   */
  async #reread(keys: readonly string[]): Promise<void> {
    const unknown = new Map<number, string[]>();
    for (let from = 0; from < keys.length; from += rereadChunk) {
      const chunk = keys.slice(from, from + rereadChunk);
      const texts = await this.#redis.client.mget(chunk.map((key) => this.#latestKey(key))).catch(() => null);
      if (texts === null) return;
      texts.forEach((text, index) => {
        const published = text === null ? undefined : parsePublished<State>(text);
        if (published !== undefined) this.#deliverVersioned(published.key, published.state, published.version, 'read back');
        const key = chunk[index]!;
        const local = this.#local.get(key);
        if (published === undefined && local !== undefined && !this.#lastVersion.has(key) && !this.#unversioned.has(key)) {
          const asked = unknown.get(local.partition) ?? [];
          asked.push(key);
          unknown.set(local.partition, asked);
        }
      });
    }
    if (unknown.size === 0) return;
    const requests = this.#redis.client.pipeline();
    for (const [partition, asked] of unknown) requests.sadd(this.#refreshKey(partition), ...asked).pexpire(this.#refreshKey(partition), this.#interestTtlMs);
    await requests.exec().catch(() => undefined);
  }

  /** Publishes again the states other replicas asked for in the partitions held here. */
  async #answerRefreshes(): Promise<void> {
    if (this.#leases.size === 0) return;
    const partitions = [...this.#leases.keys()];
    const reads = this.#redis.client.multi();
    for (const partition of partitions) reads.smembers(this.#refreshKey(partition)).del(this.#refreshKey(partition));
    const answers = await reads.exec();
    if (answers === null) return;
    partitions.forEach((partition, index) => {
      const [error, asked] = answers[2 * index] ?? [];
      if (error || !Array.isArray(asked)) return;
      for (const key of asked as string[]) {
        const last = this.#ownedLast.get(key);
        // Published within the last tick: after the request was made, so the asker had it on the channel.
        if (last !== undefined && this.#ownedPartition.get(key) === partition && Date.now() - last.at >= this.#tickMs) this.publish(key, last.state);
      }
    });
  }

  /** The subscriber is (again) on the channel: what was published while it was not is read back. */
  async #subscribed(): Promise<void> {
    try {
      await this.#subscriber.subscribe(this.#channel);
    } catch {
      return; // Lost again: the next `ready` comes back here.
    }
    if (this.#clustered && !this.#closed) await this.#reread([...this.#local.keys()]);
  }

  async #claim(partition: number): Promise<boolean> {
    if (!this.#clustered || this.#closed) return false;
    const epoch = Number(await this.#redis.client.eval(claimPartitionScript, 2, this.#leaseKey(partition), this.#name(`epoch:${partition}`), this.#replicaId, this.#leaseTtlMs));
    if (!(epoch > 0)) return false;
    if (!this.#clustered || this.#closed) {
      // Left the cluster (or closed) while claiming: hand it back at once rather than at expiry.
      await this.#redis.client.eval(releaseLeaseScript, 1, this.#leaseKey(partition), this.#replicaId).catch(() => undefined);
      return false;
    }
    this.#leases.set(partition, epoch);
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
        // That replica's interest expired (it died) or it wants nothing here any more (unless it registered again meanwhile).
        await client.eval(forgetIdleReplicaScript, 2, this.#interestedKey(partition), this.#interestKey(partition, replica), replica);
        continue;
      }
      for (const [key, text] of Object.entries(entries)) {
        const interest = JSON.parse(text) as Interest;
        const seen = wanted.get(key);
        wanted.set(key, seen === undefined ? interest : this.#options.merge(seen, interest));
      }
    }
    if (!this.#leases.has(partition) || this.#closed || !this.#clustered) return;
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
      this.#ownedPartition.delete(key);
      this.#ownedLast.delete(key);
      owned.unfollow(key);
    }
    for (const [key, interest] of wanted) {
      if (keys.has(key)) owned.update(key, interest);
      else {
        // Before `follow`: a poller may publish its first state synchronously.
        this.#ownedPartition.set(key, partition);
        if (owned.follow(key, interest)) keys.add(key);
        else this.#ownedPartition.delete(key);
      }
    }
  }

  /**
   * A fair share: the partitions polled (leases held anywhere at the last tick, or those with
   * interest here if more) over the replicas alive.
   */
  #share(): number {
    const partitions = new Set<number>();
    for (const local of this.#local.values()) partitions.add(local.partition);
    return Math.ceil(Math.max(partitions.size, this.#leasesHeld) / this.#replicaCount);
  }

  #dropPartition(partition: number): void {
    this.#leases.delete(partition);
    for (const key of this.#ownedKeys.get(partition) ?? []) {
      this.#ownedPartition.delete(key);
      this.#ownedLast.delete(key);
      this.#options.owned.unfollow(key);
    }
    this.#ownedKeys.delete(partition);
    for (const [key, outgoing] of this.#outbox) if (outgoing.partition === partition) this.#outbox.delete(key);
  }

  #onMessage(message: string): void {
    if (!this.#clustered) return;
    // A message another writer put on the channel (or a garbled one) is dropped, never thrown from Redis's listener.
    const published = parsePublished<State>(message);
    if (published !== undefined) this.#deliverVersioned(published.key, published.state, published.version, 'published');
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
      await this.#answerRefreshes();
      for (const outgoing of this.#outbox.values()) if (!outgoing.inFlight) this.#send(outgoing);
    } catch (error) {
      this.#leaveCluster(error);
    } finally {
      this.#ticking = false;
    }
  }

  /** Renews interest and leases, claims a fair share of the free partitions with interest here, hands over what is beyond it, and reconciles the held ones. */
  async #refresh(): Promise<void> {
    const client = this.#redis.client;
    const partitionsHere = [...new Set([...this.#local.values()].map((local) => local.partition))];
    const renewals = client.pipeline();
    for (const partition of partitionsHere) {
      renewals.pexpire(this.#interestKey(partition, this.#replicaId), this.#interestTtlMs);
      renewals.sadd(this.#interestedKey(partition), this.#replicaId);
      renewals.pexpire(this.#interestedKey(partition), this.#interestTtlMs);
    }
    const replicasKey = this.#name('replicas');
    const now = Date.now();
    renewals.zadd(replicasKey, now, this.#replicaId);
    renewals.zremrangebyscore(replicasKey, 0, now - this.#interestTtlMs);
    renewals.zrange(replicasKey, 0, -1);
    const answers = await renewals.exec();
    if (answers === null || answers.some(([error]) => error !== null)) throw new Error('redis refused the renewals');
    const alive = new Set(answers.at(-1)?.[1] as string[]);
    this.#replicaCount = Math.max(1, alive.size);
    // PEXPIRE answers 0 for a hash that is gone: the owner would stop polling its keys at its next reconcile.
    for (const [index, partition] of partitionsHere.entries()) if (answers[3 * index]?.[1] === 0) this.#stalePartitions.add(partition);
    for (const partition of [...this.#stalePartitions]) {
      this.#stalePartitions.delete(partition);
      await this.#registerPartition(partition);
    }

    for (const partition of [...this.#leases.keys()]) {
      const renewed = await client.eval(renewLeaseScript, 1, this.#leaseKey(partition), this.#replicaId, this.#leaseTtlMs);
      if (renewed !== 1) this.#dropPartition(partition);
    }
    const holders = await client.mget(Array.from({ length: this.#partitions }, (_, partition) => this.#leaseKey(partition)));
    const leasesOf = new Map<string, number>();
    for (const holder of holders) if (holder !== null) leasesOf.set(holder, (leasesOf.get(holder) ?? 0) + 1);
    this.#leasesHeld = holders.filter((holder) => holder !== null).length;
    const share = this.#share();
    const freeNow = new Set<number>();
    for (const partition of partitionsHere) {
      if (this.#leases.has(partition) || holders[partition] !== null) continue;
      // Within the fair share at once; beyond it only once nobody else took it for a tick.
      if (this.#leases.size < share || this.#freeBefore.has(partition)) await this.#claim(partition);
      else freeNow.add(partition);
    }
    this.#freeBefore = freeNow;
    await this.#rebalance(share, alive, leasesOf);
    for (const partition of this.#leases.keys()) await this.#reconcile(partition);
  }

  /**
   * Beyond its fair share (it was alone when it claimed them, say), a replica hands partitions
   * over to replicas below theirs that watch keys there: it releases them, and they claim them
   * at their next tick (at once, being below their share). Only to a replica that will take it,
   * so a released partition is not left to come back here a tick later; the new owner's first
   * poll delivers whatever changed in between.
   */
  async #rebalance(share: number, alive: ReadonlySet<string>, leasesOf: Map<string, number>): Promise<void> {
    let excess = this.#leases.size - share;
    if (excess <= 0) return;
    const client = this.#redis.client;
    for (const partition of [...this.#leases.keys()]) {
      if (excess <= 0) break;
      const interested = await client.smembers(this.#interestedKey(partition));
      const taker = interested.find((replica) => replica !== this.#replicaId && alive.has(replica) && (leasesOf.get(replica) ?? 0) < share);
      if (taker === undefined) continue;
      this.#dropPartition(partition);
      await client.eval(releaseLeaseScript, 1, this.#leaseKey(partition), this.#replicaId);
      leasesOf.set(taker, (leasesOf.get(taker) ?? 0) + 1);
      excess -= 1;
    }
  }

  async #joinCluster(): Promise<void> {
    this.#clustered = true;
    const replicasKey = this.#name('replicas');
    await this.#redis.client.zadd(replicasKey, Date.now(), this.#replicaId);
    this.#replicaCount = Math.max(1, await this.#redis.client.zcount(replicasKey, Date.now() - this.#interestTtlMs, '+inf'));
    this.#leasesHeld = 0;
    // One round trip per partition, not per key (a replica rejoining may watch thousands); claims follow in this tick's refresh.
    for (const partition of new Set([...this.#local.values()].map((local) => local.partition))) await this.#registerPartition(partition);
    for (const key of this.#local.keys()) this.#options.fallback.unfollow(key);
    await this.#reread([...this.#local.keys()]);
    this.#options.logger.info(this.#options.joinedMessage, { replica: this.#replicaId, keys: this.#local.size });
  }

  #leaveCluster(error: unknown): void {
    if (!this.#clustered || this.#closed) return;
    this.#clustered = false;
    for (const partition of [...this.#leases.keys()]) this.#dropPartition(partition);
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
