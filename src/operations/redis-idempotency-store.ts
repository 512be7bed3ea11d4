import { createHash, randomUUID } from 'node:crypto';
import { GatewayError, badUserInput } from '../errors/gateway-error.js';
import type { ErrorCode } from '../errors/error-code.js';
import type { Logger } from '../log/logger.js';
import { renewLeaseScript } from '../redis/lease-scripts.js';
import type { RedisConnection } from '../redis/redis-connection.js';
import { abortableSleep } from '../util/abortable-sleep.js';
import { differentInputMessage, idempotencyTtlMs, mayHaveStarted, replayedFailure, stillInProgress, type Idempotency, type IdempotentWait } from './idempotency-store.js';

/** How long a start in progress stays claimed without its replica renewing the claim. */
const aliveTtlMs = 10_000;
const renewEveryMs = 3_000;

/**
 * One entry per (scope, key), under a digest (no client key or input is written, only the
 * fingerprint's digest and the native id): `pending` while the first start is in flight,
 * then `done` with the native id or `failed` with the unclear failure, for 24 h from the claim.
 */
type Entry =
  | { s: 'pending'; f: string }
  | { s: 'done'; f: string; id: string }
  | { s: 'failed'; f: string; code: ErrorCode; message: string; provider?: string; httpStatus?: number };

// Claims the key when nobody has (the entry and its alive lease together), or returns the entry.
const claimScript = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[4])
  return false
end
return redis.call('GET', KEYS[1])`;

// Settles a claim this replica still holds: the outcome, or (ARGV[3] empty) forgets the key.
const settleScript = `
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[2])
if ARGV[2] == '' then redis.call('DEL', KEYS[1]) return 1 end
-- The entry keeps the 24 h of its claim (PTTL then PX rather than KEEPTTL, which needs Redis 6).
local ttl = redis.call('PTTL', KEYS[1])
if ttl > 0 then redis.call('SET', KEYS[1], ARGV[2], 'PX', ttl) end
return 1`;


/**
 * Idempotency keys shared by every replica on one Redis: the same key and input sent to any
 * of them, at once or after they all restarted, start one run. The replica that claims a key
 * starts the run and keeps its claim alive; the others poll the entry until it settles (or
 * their client leaves, or the wait's bound runs out: they never send the start either way). A
 * claim whose replica died mid-start (its alive lease lapsed) is answered as a start of
 * unknown outcome and never sent again. With Redis unreachable, a start with a key is refused
 * before anything is sent (`extensions.dependency: "redis"`).
 */
export class RedisIdempotencyStore implements Idempotency {
  readonly #redis: RedisConnection;
  readonly #logger: Logger;

  constructor(redis: RedisConnection, logger: Logger) {
    this.#redis = redis;
    this.#logger = logger;
  }

  async run(scope: string, key: string, fingerprint: string, start: () => Promise<string>, wait: IdempotentWait): Promise<{ nativeId: string; replayed: boolean }> {
    const digest = createHash('sha256').update(`${scope}\u0000${key}`).digest('base64url');
    const entryKey = this.#redis.key(`idempotency:${digest}`);
    const aliveKey = `${entryKey}:alive`;
    const pending = JSON.stringify({ s: 'pending', f: fingerprint } satisfies Entry);
    const deadline = Date.now() + wait.waitMs;
    for (let pause = 20; ; pause = Math.min(pause * 2, 250)) {
      const token = randomUUID();
      const existing = await this.#command(() =>
        this.#redis.client.eval(claimScript, 2, entryKey, aliveKey, pending, idempotencyTtlMs, token, aliveTtlMs),
      );
      if (existing === null) return { nativeId: await this.#startClaimed(entryKey, aliveKey, token, fingerprint, start), replayed: false };
      const entry = JSON.parse(String(existing)) as Entry;
      if (entry.f !== fingerprint) throw badUserInput(differentInputMessage);
      if (entry.s === 'done') return { nativeId: entry.id, replayed: true };
      if (entry.s === 'failed') throw replayedFailure(new GatewayError(entry.code, entry.message, optionsOf(entry)));
      const alive = await this.#command(() => this.#redis.client.exists(aliveKey));
      if (alive === 0) {
        // Re-read: the claim may have settled between the two reads.
        const again = await this.#command(() => this.#redis.client.get(entryKey));
        if (again === null || JSON.parse(again).s !== 'pending') continue;
        throw new GatewayError(
          'UPSTREAM_UNAVAILABLE',
          'An earlier start with this idempotencyKey was interrupted before its outcome was known (its gateway replica stopped); it was not sent again, so no second run was started',
          { provider: wait.provider },
        );
      }
      const left = deadline - Date.now();
      if (left <= 0) throw stillInProgress(wait);
      await abortableSleep(Math.min(pause, left), wait.signal);
    }
  }

  async #startClaimed(entryKey: string, aliveKey: string, token: string, fingerprint: string, start: () => Promise<string>): Promise<string> {
    const renew = setInterval(() => {
      this.#redis.client.eval(renewLeaseScript, 1, aliveKey, token, aliveTtlMs).catch(() => undefined);
    }, renewEveryMs);
    renew.unref();
    let outcome: Entry | null;
    try {
      const nativeId = await start();
      outcome = { s: 'done', f: fingerprint, id: nativeId };
      clearInterval(renew);
      await this.#settle(entryKey, aliveKey, token, outcome);
      return nativeId;
    } catch (error) {
      clearInterval(renew);
      outcome = mayHaveStarted(error) ? failedEntry(fingerprint, error) : null;
      await this.#settle(entryKey, aliveKey, token, outcome);
      throw error;
    }
  }

  /** Records the outcome; a failure to (Redis gone meanwhile) leaves the claim to lapse as "interrupted". */
  async #settle(entryKey: string, aliveKey: string, token: string, outcome: Entry | null): Promise<void> {
    try {
      await this.#redis.client.eval(settleScript, 2, entryKey, aliveKey, token, outcome === null ? '' : JSON.stringify(outcome));
    } catch (error) {
      this.#logger.warn('could not record the outcome of a start with an idempotencyKey in redis', { cause: (error as Error).message });
    }
  }

  async #command<T>(send: () => Promise<T>): Promise<T> {
    if (!this.#redis.connected) throw redisUnavailable();
    try {
      return await send();
    } catch (error) {
      throw redisUnavailable(error);
    }
  }
}

/** What failed is Redis, not the provider: `extensions.dependency` names it, and no provider is blamed. */
function redisUnavailable(cause?: unknown): GatewayError {
  return new GatewayError('UPSTREAM_UNAVAILABLE', 'Redis is unreachable, so the idempotencyKey cannot be checked; the start was not sent', {
    dependency: 'redis',
    ...(cause === undefined ? {} : { cause }),
  });
}

function failedEntry(fingerprint: string, error: unknown): Entry {
  if (!GatewayError.is(error)) return { s: 'failed', f: fingerprint, code: 'UPSTREAM_ERROR', message: 'the start failed without a clear answer' };
  return {
    s: 'failed',
    f: fingerprint,
    code: error.code,
    message: error.message,
    ...(error.provider === undefined ? {} : { provider: error.provider }),
    ...(error.httpStatus === undefined ? {} : { httpStatus: error.httpStatus }),
  };
}

function optionsOf(entry: { provider?: string; httpStatus?: number }): { provider?: string; httpStatus?: number } {
  return {
    ...(entry.provider === undefined ? {} : { provider: entry.provider }),
    ...(entry.httpStatus === undefined ? {} : { httpStatus: entry.httpStatus }),
  };
}
