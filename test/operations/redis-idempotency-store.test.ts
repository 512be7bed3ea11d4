import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayError } from '../../src/errors/gateway-error.js';
import { createLogger } from '../../src/log/logger.js';
import { startFingerprint } from '../../src/operations/idempotency-store.js';
import { RedisIdempotencyStore } from '../../src/operations/redis-idempotency-store.js';
import { RedisConnection } from '../../src/redis/redis-connection.js';
import { Readiness } from '../../src/server/readiness.js';
import { until } from '../helpers/live-clients.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';

/** A repeat waits at most this long for the first start in these cases (the bound has its own case). */
const wait = { provider: 'p', waitMs: 60_000 };

const keyPrefix = 'store-test:';
let redis: RedisServer;
const connections: RedisConnection[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
});

afterAll(async () => {
  for (const connection of connections) await connection.close();
  await redis?.stop();
});

async function store(): Promise<RedisIdempotencyStore> {
  const logger = createLogger({ sink: () => undefined });
  const connection = new RedisConnection({ url: redis.url, keyPrefix }, { readiness: new Readiness([]), logger });
  connections.push(connection);
  await until(() => connection.connected, 'connected to redis');
  return new RedisIdempotencyStore(connection, logger);
}

describe('RedisIdempotencyStore (one real redis-server)', () => {
  it('shares one start between two stores, refuses other input, forgets a refused start and remembers an unclear one', async () => {
    const [first, second] = [await store(), await store()];
    const fingerprint = startFingerprint({ a: 1 });
    let starts = 0;
    // The start in flight until the other store has found the claim pending (it asks whether its replica is alive).
    const probe = new Redis(redis.url);
    const aliveChecks = async () => Number(/cmdstat_exists:calls=(\d+)/.exec(await probe.info('commandstats'))?.[1] ?? 0);
    const checksBefore = await aliveChecks();
    const slowStart = async () => {
      starts += 1;
      await until(async () => (await aliveChecks()) > checksBefore, 'the other store waiting on the claim');
      return 'run-1';
    };
    const results = await Promise.all([first.run('s', 'k', fingerprint, slowStart, wait), second.run('s', 'k', fingerprint, slowStart, wait)]);
    expect(starts).toBe(1);
    expect(results.map((result) => result.nativeId)).toEqual(['run-1', 'run-1']);
    expect(results.filter((result) => result.replayed)).toHaveLength(1);
    probe.disconnect();
    await expect(second.run('s', 'k', startFingerprint({ a: 2 }), slowStart, wait)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });

    const refused = new GatewayError('BAD_USER_INPUT', 'no', { httpStatus: 400 });
    await expect(first.run('s', 'refused', fingerprint, async () => Promise.reject(refused), wait)).rejects.toBe(refused);
    await expect(second.run('s', 'refused', fingerprint, async () => 'run-2', wait)).resolves.toEqual({ nativeId: 'run-2', replayed: false });

    let sent = 0;
    const unclear = async () => {
      sent += 1;
      throw new GatewayError('UPSTREAM_TIMEOUT', 'slow', { provider: 'p' });
    };
    await expect(first.run('s', 'unclear', fingerprint, unclear, wait)).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
    await expect(second.run('s', 'unclear', fingerprint, unclear, wait)).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT', provider: 'p', message: expect.stringMatching(/not sent again/) });
    expect(sent).toBe(1);
  });

  it('answers a claim whose replica died mid-start (its alive lease gone) as interrupted, and sends nothing', async () => {
    const waiter = await store();
    const fingerprint = startFingerprint({ b: 1 });
    // What a replica killed mid-start leaves once its alive lease lapsed: the pending entry alone.
    const digest = createHash('sha256').update('s\u0000orphan').digest('base64url');
    const client = new Redis(redis.url);
    await client.set(`${keyPrefix}idempotency:${digest}`, JSON.stringify({ s: 'pending', f: fingerprint }), 'PX', 60_000);
    client.disconnect();
    let sent = 0;
    await expect(
      waiter.run('s', 'orphan', fingerprint, async () => {
        sent += 1;
        return 'run-3';
      }, wait),
    ).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', provider: 'p', message: expect.stringMatching(/interrupted/) });
    expect(sent).toBe(0);
  });

  it('stops a repeat waiting on a start in flight elsewhere when its client leaves, or at its bound, sending nothing', async () => {
    const [owner, waiter] = [await store(), await store()];
    const fingerprint = startFingerprint({ c: 1 });
    let finish: (nativeId: string) => void = () => undefined;
    let sent = 0;
    const hanging = owner.run('s', 'in-flight', fingerprint, () => new Promise<string>((resolve) => (finish = resolve)), wait);
    const repeat = async () => {
      sent += 1;
      return 'run-again';
    };
    const entryKey = `${keyPrefix}idempotency:${createHash('sha256').update('s\u0000in-flight').digest('base64url')}`;
    const client = new Redis(redis.url);
    await until(async () => (await client.exists(entryKey)) === 1, 'the first start claimed the key');
    client.disconnect();

    // The client leaves: its wait ends then, not when the first start ends.
    const left = new AbortController();
    const leaving = waiter.run('s', 'in-flight', fingerprint, repeat, { provider: 'p', waitMs: 60_000, signal: left.signal });
    const gone = new Error('client gone');
    setTimeout(() => left.abort(gone), 50);
    await expect(leaving).rejects.toBe(gone);

    // The bound: the start is still in progress, and the repeat is told so with its provider.
    await expect(waiter.run('s', 'in-flight', fingerprint, repeat, { provider: 'p', waitMs: 200 })).rejects.toMatchObject({
      code: 'UPSTREAM_TIMEOUT',
      provider: 'p',
      message: expect.stringMatching(/still in progress after 200 ms; it was not sent again/),
    });
    expect(sent).toBe(0);
    finish('run-4');
    await expect(hanging).resolves.toEqual({ nativeId: 'run-4', replayed: false });
    await expect(waiter.run('s', 'in-flight', fingerprint, repeat, wait)).resolves.toEqual({ nativeId: 'run-4', replayed: true });
    // The settled entry keeps the 24 h of its claim.
    const probe = new Redis(redis.url);
    const ttl = await probe.pttl(entryKey);
    probe.disconnect();
    expect(ttl).toBeGreaterThan(23 * 60 * 60_000);
    expect(ttl).toBeLessThanOrEqual(24 * 60 * 60_000);
  });
});
