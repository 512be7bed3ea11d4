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
    const slowStart = async () => {
      starts += 1;
      await new Promise((resolve) => setTimeout(resolve, 100));
      return 'run-1';
    };
    const results = await Promise.all([first.run('s', 'k', fingerprint, slowStart), second.run('s', 'k', fingerprint, slowStart)]);
    expect(starts).toBe(1);
    expect(results.map((result) => result.nativeId)).toEqual(['run-1', 'run-1']);
    expect(results.filter((result) => result.replayed)).toHaveLength(1);
    await expect(second.run('s', 'k', startFingerprint({ a: 2 }), slowStart)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });

    const refused = new GatewayError('BAD_USER_INPUT', 'no', { httpStatus: 400 });
    await expect(first.run('s', 'refused', fingerprint, async () => Promise.reject(refused))).rejects.toBe(refused);
    await expect(second.run('s', 'refused', fingerprint, async () => 'run-2')).resolves.toEqual({ nativeId: 'run-2', replayed: false });

    let sent = 0;
    const unclear = async () => {
      sent += 1;
      throw new GatewayError('UPSTREAM_TIMEOUT', 'slow', { provider: 'p' });
    };
    await expect(first.run('s', 'unclear', fingerprint, unclear)).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
    await expect(second.run('s', 'unclear', fingerprint, unclear)).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT', provider: 'p', message: expect.stringMatching(/not sent again/) });
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
      }),
    ).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', message: expect.stringMatching(/interrupted/) });
    expect(sent).toBe(0);
  });
});
