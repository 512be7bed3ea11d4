import { createHash } from 'node:crypto';
import { GatewayError, badUserInput } from '../errors/gateway-error.js';
import { abortableSleep } from '../util/abortable-sleep.js';
import { BoundedMap } from '../util/bounded-map.js';

const maxEntries = 100_000;

interface Entry {
  fingerprint: string;
  outcome: Promise<string>;
}

/**
 * Where idempotency keys live: this process's memory (IdempotencyStore) or Redis, shared by
 * every replica (RedisIdempotencyStore). Both answer the same way.
 */
export interface Idempotency {
  /**
   * Runs `start` once per (scope, key) and fingerprint; later calls share its native id or
   * failure. A later call made while the first start is in flight waits for it, within `wait`.
   */
  run(scope: string, key: string, fingerprint: string, start: () => Promise<string>, wait: IdempotentWait): Promise<{ nativeId: string; replayed: boolean }>;
}

/** How long a repeat waits for the first start's outcome: until its client leaves, or `waitMs` (a start that runs longer is stuck). */
export interface IdempotentWait {
  provider: string;
  waitMs: number;
  signal?: AbortSignal;
}

/** What a repeat that waited `waitMs` for the first start is told (nothing was sent again). */
export function stillInProgress(wait: IdempotentWait): GatewayError {
  return new GatewayError(
    'UPSTREAM_TIMEOUT',
    `An earlier start with this idempotencyKey was still in progress after ${wait.waitMs} ms; it was not sent again: ask again with the same key for its outcome`,
    { provider: wait.provider },
  );
}

/** `outcome`, unless the waiting client leaves first or `wait.waitMs` runs out. */
export async function awaitWithin<T>(outcome: Promise<T>, wait: IdempotentWait): Promise<T> {
  const stop = new AbortController();
  const signal = wait.signal === undefined ? stop.signal : AbortSignal.any([stop.signal, wait.signal]);
  try {
    return await Promise.race([
      outcome,
      abortableSleep(wait.waitMs, signal).then(() => {
        throw stillInProgress(wait);
      }),
    ]);
  } finally {
    stop.abort();
  }
}

export const idempotencyTtlMs = 24 * 60 * 60_000;

export const differentInputMessage = 'idempotencyKey was already used with a different provider, target or input within 24 h';

/**
 * Remembers, per idempotency key, the native id a start produced, so a client that retries
 * after a dropped response gets the first run instead of a second paid one. A start the
 * upstream clearly refused is forgotten (the client may try again); a start whose outcome is
 * unknown (timeout, reset, 5xx) is remembered as that failure, because sending it again could
 * start the run twice. In memory, for one process (RedisIdempotencyStore is the same across replicas).
 */
export class IdempotencyStore implements Idempotency {
  /** Keys expire after the TTL (24 h) and the oldest go first beyond maxEntries. */
  #entries: BoundedMap<string, Entry>;

  constructor(options: { ttlMs?: number; now?: () => number } = {}) {
    this.#entries = new BoundedMap({ maxEntries, ttlMs: options.ttlMs ?? idempotencyTtlMs, ...(options.now === undefined ? {} : { now: options.now }) });
  }

  async run(scope: string, key: string, fingerprint: string, start: () => Promise<string>, wait: IdempotentWait): Promise<{ nativeId: string; replayed: boolean }> {
    const storeKey = `${scope}\u0000${key}`;
    const existing = this.#entries.get(storeKey);
    if (existing) {
      if (existing.fingerprint !== fingerprint) {
        throw badUserInput(differentInputMessage);
      }
      const settled = await awaitWithin(
        existing.outcome.then(
          (nativeId) => ({ nativeId }),
          (error: unknown) => ({ error }),
        ),
        wait,
      );
      if ('nativeId' in settled) return { nativeId: settled.nativeId, replayed: true };
      // Clearly refused: the key was forgotten, and this request is a start of its own (as with Redis).
      if (!mayHaveStarted(settled.error)) return this.run(scope, key, fingerprint, start, wait);
      throw replayedFailure(settled.error);
    }
    const outcome = start();
    const entry: Entry = { fingerprint, outcome };
    this.#entries.set(storeKey, entry);
    try {
      return { nativeId: await outcome, replayed: false };
    } catch (error) {
      if (!mayHaveStarted(error) && this.#entries.get(storeKey) === entry) this.#entries.delete(storeKey);
      throw error;
    }
  }
}

/** A stable digest of what a start asks for (key order in JSON objects does not matter). */
export function startFingerprint(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('base64url');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([name, item]) => `${JSON.stringify(name)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Whether the upstream may have started a run despite the error. */
export function mayHaveStarted(error: unknown): boolean {
  if (!GatewayError.is(error)) return true;
  if (error.notApplied) return false;
  switch (error.code) {
    case 'UPSTREAM_TIMEOUT':
    case 'UPSTREAM_UNAVAILABLE':
      return true;
    case 'UPSTREAM_ERROR':
      // A malformed 2xx answer means the upstream accepted the start; a 4xx means it refused.
      return error.httpStatus === undefined || error.httpStatus < 400 || error.httpStatus >= 500;
    default:
      return false;
  }
}

/** What a repeat of a start that failed without a clear answer is told. */
export function replayedFailure(error: unknown): unknown {
  if (!GatewayError.is(error)) return error;
  return new GatewayError(
    error.code,
    `An earlier start with this idempotencyKey ended without a clear answer (${error.message}); it was not sent again, so no second run was started`,
    {
      ...(error.provider === undefined ? {} : { provider: error.provider }),
      ...(error.httpStatus === undefined ? {} : { httpStatus: error.httpStatus }),
    },
  );
}
