import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ClusterPolling, type KeyPoller } from '../../src/live/cluster-polling.js';
import { createLogger } from '../../src/log/logger.js';
import { RedisConnection } from '../../src/redis/redis-connection.js';
import { Readiness } from '../../src/server/readiness.js';
import { until } from '../helpers/live-clients.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';

/**
 * ClusterPolling in this process, replicas on one real redis-server, with pollers that read a
 * map standing in for the upstream: each failure below is made in the real Redis (its
 * connections killed, its data flushed, keys changed under the replicas), and each case fails
 * without the mechanism it names.
 */

type State = { value: string };
type Delivery = { key: string; value: string; version: number | undefined };

const intervalMs = 200;
let redis: RedisServer;
let admin: Redis;
let prefixCount = 0;
const replicas: Replica[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  admin = new Redis(redis.url);
});

afterEach(async () => {
  for (const replica of replicas.splice(0)) await replica.close();
});

afterAll(async () => {
  admin?.disconnect();
  await redis?.stop();
});

/** A connection that lets the test see its pub/sub connection (to know when it is away). */
class WatchedConnection extends RedisConnection {
  readonly subscribers: Redis[] = [];
  override subscriber(): Redis {
    const subscriber = super.subscriber();
    this.subscribers.push(subscriber);
    return subscriber;
  }
}

class Replica {
  readonly connection: WatchedConnection;
  readonly cluster: ClusterPolling<{ wanted: true }, State>;
  readonly delivered: Delivery[] = [];
  /** Keys this replica's owner poller polls. */
  readonly owned = new Set<string>();
  /** Called at each delivery, as it happens. */
  onDelivery: (delivery: Delivery) => void = () => undefined;
  /** Whether it joined the cluster (it polls on its own until its first tick). */
  joined = false;

  constructor(keyPrefix: string, upstream: Map<string, string>, partitions?: number) {
    const logger = createLogger({ sink: (line) => (this.joined ||= line.includes('"msg":"joined"')) });
    this.connection = new WatchedConnection({ url: redis.url, keyPrefix }, { readiness: new Readiness([]), logger });
    // Like the execution poller: a key's first poll right after it is followed, then only changes (`change`).
    const poller = (publish: (key: string, state: State) => void, keys?: Set<string>): KeyPoller<{ wanted: true }> => ({
      follow: (key) => {
        keys?.add(key);
        queueMicrotask(() => publish(key, { value: upstream.get(key) ?? 'unknown' }));
        return true;
      },
      unfollow: (key) => keys?.delete(key),
      update: () => undefined,
    });
    this.cluster = new ClusterPolling<{ wanted: true }, State>({
      redis: this.connection,
      logger,
      namespace: 'live',
      joinedMessage: 'joined',
      polling: { intervalMs },
      ...(partitions === undefined ? {} : { partitions }),
      owned: poller((key, state) => this.cluster.publish(key, state), this.owned),
      fallback: poller((key, state) => this.cluster.publishLocal(key, state)),
      deliver: (key, state, version) => {
        const delivery = { key, value: state.value, version };
        this.delivered.push(delivery);
        this.onDelivery(delivery);
      },
      merge: (a) => a,
    });
  }

  get subscriber(): Redis {
    return this.connection.subscribers[0]!;
  }

  values(key: string): string[] {
    return this.delivered.filter((delivery) => delivery.key === key).map((delivery) => delivery.value);
  }

  /**
   * The values as a source hands them on: it drops a repeat of the last one (a state polled
   * again after a lease changed hands under load comes with a new version, and is not news).
   */
  changes(key: string): string[] {
    return this.values(key).filter((value, index, all) => index === 0 || all[index - 1] !== value);
  }

  /** What the owner's poller does when the upstream changed. */
  change(upstream: Map<string, string>, key: string, value: string): void {
    upstream.set(key, value);
    this.cluster.publish(key, { value });
  }

  async close(): Promise<void> {
    await this.cluster.close();
    await this.connection.close();
  }
}

function cluster(count: number, partitions?: number): { prefix: string; upstream: Map<string, string>; members: Replica[] } {
  const prefix = `cluster-polling-${++prefixCount}:`;
  const upstream = new Map<string, string>();
  const members = Array.from({ length: count }, () => new Replica(prefix, upstream, partitions));
  replicas.push(...members);
  return { prefix, upstream, members };
}

async function followedEverywhere(prefix: string, members: Replica[], key: string, value: string): Promise<{ owner: Replica; others: Replica[] }> {
  for (const member of members) await until(() => member.joined, 'joined the cluster');
  for (const member of members) member.cluster.follow(key, { wanted: true });
  await until(() => members.filter((member) => member.owned.has(key)).length === 1, `one owner of ${key}`);
  for (const member of members) await until(() => member.values(key).includes(value), `${value} delivered on every replica`);
  const channel = `${prefix}live:states`;
  await until(async () => Number((await admin.pubsub('NUMSUB', channel))[1]) >= members.length, 'every replica on the channel');
  const owner = members.find((member) => member.owned.has(key))!;
  return { owner, others: members.filter((member) => member !== owner) };
}

describe('ClusterPolling on one real redis-server', { timeout: 60_000 }, () => {
  it('delivers a state published while a replica was re-subscribing when its subscription is back', async () => {
    const { prefix, upstream, members } = cluster(2);
    upstream.set('k', 'running');
    const { owner, others } = await followedEverywhere(prefix, members, 'k', 'running');
    const [other] = others;

    // Every pub/sub connection is cut; the execution ends before the other replica is back on the channel.
    let otherAtPublish: string | undefined;
    owner.onDelivery = (delivery) => {
      if (delivery.value === 'succeeded') otherAtPublish ??= other!.subscriber.status;
    };
    other!.subscriber.once('close', () => owner.change(upstream, 'k', 'succeeded'));
    // Its reconnect waits a while (ioredis asks the strategy when the connection closes): the owner's publication surely comes first.
    other!.subscriber.options.retryStrategy = () => 1500;
    await admin.client('KILL', 'TYPE', 'pubsub');
    await until(() => owner.values('k').includes('succeeded'), 'the owner published the end');
    // Redis had run the PUBLISH (the owner had its answer) before the other replica could subscribe again.
    expect(otherAtPublish).toBeDefined();
    expect(otherAtPublish).not.toBe('ready');

    await until(() => other!.values('k').includes('succeeded'), 'the end read back after the reconnect');
    expect(other!.changes('k')).toEqual(['running', 'succeeded']);
  });

  it('sends a publication Redis failed again on the next tick, until Redis accepts it', async () => {
    const { prefix, upstream, members } = cluster(2);
    upstream.set('k', 'running');
    const { owner, others } = await followedEverywhere(prefix, members, 'k', 'running');
    const [other] = others;

    // The partition's version counter is made unusable: the owner's publications fail in Redis (its script errors).
    const [counter] = await admin.keys(`${prefix}live:version:*`);
    expect(counter).toBeDefined();
    await admin.set(counter!, 'not a number');
    owner.change(upstream, 'k', 'succeeded');
    // The owner's own subscribers are not kept waiting; the others are told once Redis takes it.
    await until(() => owner.values('k').includes('succeeded'), 'the end delivered on the owner at once');
    await new Promise((resolve) => setTimeout(resolve, 3 * intervalMs));
    expect(other!.changes('k')).toEqual(['running']);

    await admin.del(counter!);
    await until(() => other!.values('k').includes('succeeded'), 'the end published on a later tick');
    expect(other!.changes('k')).toEqual(['running', 'succeeded']);
    expect(owner.changes('k')).toEqual(['running', 'succeeded']);
  });

  it('refuses a publication of a replica whose partition another replica claimed since (fenced by the epoch)', async () => {
    const { prefix, upstream, members } = cluster(2);
    upstream.set('k', 'running');
    const { owner, others } = await followedEverywhere(prefix, members, 'k', 'running');
    const [other] = others;

    // Another replica claims the partition while the owner has a poll in flight (the owner paused past its lease).
    const [lease] = await admin.keys(`${prefix}live:lease:*`);
    const partition = lease!.slice(`${prefix}live:lease:`.length);
    await admin.set(lease!, 'another-replica', 'PX', 60_000);
    await admin.incr(`${prefix}live:epoch:${partition}`);
    owner.change(upstream, 'k', 'stale');

    // The owner lets the partition go (at that refusal, or at its next renewal) and never publishes the late state.
    await until(() => !owner.owned.has('k'), 'the fenced owner dropped the key');
    await new Promise((resolve) => setTimeout(resolve, 3 * intervalMs));
    expect(other!.changes('k')).toEqual(['running']);
    expect(await admin.get(`${prefix}live:latest:k`)).not.toContain('stale');
  });

  it('drops a state older than the last delivered (a late message after a read-back), and delivers newer ones', async () => {
    const { prefix, upstream, members } = cluster(1);
    upstream.set('k', 'running');
    const [replica] = members;
    await followedEverywhere(prefix, members, 'k', 'running');
    const version = replica!.delivered[0]!.version!;
    expect(version).toBeGreaterThan(0);

    const channel = `${prefix}live:states`;
    await admin.publish(channel, JSON.stringify({ key: 'k', version: version - 1, state: { value: 'older' } }));
    await admin.publish(channel, JSON.stringify({ key: 'k', version: version + 1, state: { value: 'newer' } }));
    await until(() => replica!.values('k').includes('newer'), 'the newer state');
    expect(replica!.changes('k')).toEqual(['running', 'newer']);
  });

  it('registers its interest again when its hash is gone, and keeps versions increasing after Redis lost its data', async () => {
    const { prefix, upstream, members } = cluster(1);
    upstream.set('k', 'running');
    const [replica] = members;
    await followedEverywhere(prefix, members, 'k', 'running');
    const [interest] = await admin.keys(`${prefix}live:interest:*`);
    expect(await admin.hkeys(interest!)).toEqual(['k']);

    // The hash expired during a stalled tick: renewed interest would otherwise keep nothing.
    await admin.del(interest!);
    await until(async () => (await admin.hkeys(interest!)).includes('k'), 'the interest registered again');
    expect(replica!.owned.has('k')).toBe(true);

    // Redis restarted without its data: leases, epochs and counters are gone, and new states still count as newer.
    const before = replica!.delivered.at(-1)!.version!;
    await admin.flushall();
    upstream.set('k', 'succeeded');
    await until(() => replica!.values('k').includes('succeeded'), 'a state after the flush');
    expect(replica!.delivered.at(-1)!.version).toBeGreaterThan(before);
  });

  it("gives a replica that starts watching a key unchanged for long (its latest expired) the owner's state, with no new poll", async () => {
    const { prefix, upstream, members } = cluster(2);
    upstream.set('k', 'running');
    const [first, second] = members;
    for (const member of members) await until(() => member.joined, 'joined the cluster');
    await followedEverywhere(prefix, [first!], 'k', 'running');
    await until(async () => (await admin.exists(`${prefix}live:latest:k`)) === 1, 'the latest state kept');
    // What a minute without a change leaves: the owner still polls it, and Redis no longer has its state.
    // (More than a tick after the publication: an owner does not answer a request its last publication answered.)
    await new Promise((resolve) => setTimeout(resolve, 6 * intervalMs));
    await admin.del(`${prefix}live:latest:k`);
    upstream.set('k', 'changed-unseen');

    second!.cluster.follow('k', { wanted: true });
    await until(() => second!.values('k').length > 0, 'a first state on the new watcher');
    expect(second!.changes('k')).toEqual(['running']);
    expect(first!.owned.has('k') && !second!.owned.has('k')).toBe(true);
  });

  it('hands partitions beyond its fair share over to a replica that joins later, with every key polled by one replica', async () => {
    const prefix = `cluster-polling-${++prefixCount}:`;
    const upstream = new Map<string, string>();
    const keys = Array.from({ length: 24 }, (_, index) => `k${index}`);
    for (const key of keys) upstream.set(key, 'running');
    const first = new Replica(prefix, upstream, 8);
    replicas.push(first);
    await until(() => first.joined, 'the first replica joined');
    for (const key of keys) first.cluster.follow(key, { wanted: true });
    await until(() => first.owned.size === keys.length, 'the first replica alone polls every key');
    const holders = async () => {
      const leases = await admin.keys(`${prefix}live:lease:*`);
      return Promise.all(leases.map((lease) => admin.get(lease)));
    };
    const partitions = (await holders()).length;
    expect(partitions).toBeGreaterThan(2);

    // A second replica whose clients watch the same keys: it gets about half of the partitions.
    const second = new Replica(prefix, upstream, 8);
    replicas.push(second);
    await until(() => second.joined, 'the second replica joined');
    for (const key of keys) second.cluster.follow(key, { wanted: true });
    await until(async () => {
      const byHolder = new Map<string | null, number>();
      for (const holder of await holders()) byHolder.set(holder, (byHolder.get(holder) ?? 0) + 1);
      return byHolder.size === 2 && Math.abs([...byHolder.values()][0]! - [...byHolder.values()][1]!) <= 1;
    }, 'the partitions shared fairly');
    await until(() => first.owned.size + second.owned.size === keys.length && first.owned.size > 0 && second.owned.size > 0, 'every key polled by one replica');
    for (const key of keys) expect(first.owned.has(key) !== second.owned.has(key)).toBe(true);

    // Changes polled by either owner reach both.
    for (const key of keys) (first.owned.has(key) ? first : second).change(upstream, key, 'succeeded');
    for (const replica of [first, second]) await until(() => keys.every((key) => replica.values(key).includes('succeeded')), 'every change on both replicas');
  });

  it('does not read back an older latest state after a state of its own that Redis had not versioned', async () => {
    const { prefix, upstream, members } = cluster(1);
    upstream.set('k', 'running');
    const [replica] = members;
    await followedEverywhere(prefix, members, 'k', 'running');

    // Its publication fails (delivered here unversioned); Redis still holds the older state as latest.
    const [counter] = await admin.keys(`${prefix}live:version:*`);
    await admin.set(counter!, 'not a number');
    replica!.change(upstream, 'k', 'needs-review');
    await until(() => replica!.values('k').includes('needs-review'), 'its own state delivered');
    expect(await admin.get(`${prefix}live:latest:k`)).toContain('"running"');

    // Its subscription comes back and reads back every key: the older latest must not follow the newer state.
    await admin.client('KILL', 'TYPE', 'pubsub');
    await until(() => replica!.subscriber.status !== 'ready', 'the subscription cut');
    await until(async () => Number((await admin.pubsub('NUMSUB', `${prefix}live:states`))[1]) === 1, 'subscribed again');
    await admin.del(counter!);
    await until(() => replica!.delivered.some((delivery) => delivery.value === 'needs-review' && delivery.version !== undefined), 'the publication taken at last');
    expect(replica!.changes('k')).toEqual(['running', 'needs-review']);
  });

  it('does not read back, on joining, a latest state older than what it polled on its own before it joined', async () => {
    const { prefix, upstream, members } = cluster(1);
    upstream.set('k', 'running');
    await followedEverywhere(prefix, members, 'k', 'running');
    // The execution moved on; its owner has not polled it since, so Redis still holds the older state.
    upstream.set('k', 'needs-review');

    // A replica that starts before joining polls the key itself (its fallback), then joins and reads every key back.
    const late = new Replica(prefix, upstream);
    replicas.push(late);
    late.cluster.follow('k', { wanted: true });
    await until(() => late.values('k').includes('needs-review'), 'its own poll before it joined');
    await until(() => late.joined, 'joined (its read-back done)');
    expect(late.changes('k')).toEqual(['needs-review']);
  });

  it('writes its interest again whole, so a key unfollowed while Redis refused the removal is not polled for good', async () => {
    const { prefix, upstream, members } = cluster(1, 1);
    upstream.set('k1', 'running');
    upstream.set('k2', 'running');
    const [replica] = members;
    await followedEverywhere(prefix, members, 'k1', 'running');
    await followedEverywhere(prefix, members, 'k2', 'running');
    const [interest] = await admin.keys(`${prefix}live:interest:*`);
    expect((await admin.hkeys(interest!)).sort()).toEqual(['k1', 'k2']);

    // The connection is cut as k2 is unfollowed: the removal never reaches Redis.
    const id = await replica!.connection.client.client('ID');
    await admin.client('KILL', 'ID', String(id));
    replica!.cluster.unfollow('k2');
    await until(async () => JSON.stringify(await admin.hkeys(interest!)) === '["k1"]', 'the interest written again without k2');
    await until(() => !replica!.owned.has('k2') && replica!.owned.has('k1'), 'k2 no longer polled');
  });
});

