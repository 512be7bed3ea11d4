import type { ExecutionRecord } from '../model/execution-record.js';
import { BoundedMap } from '../util/bounded-map.js';

export interface FinishedExecutionCacheOptions {
  /** How long a finished execution may be answered from memory (config `cache.finishedTtlMs`); 0 turns the cache off. */
  ttlMs: number;
  /** Entries kept at most; the oldest go first. */
  maxEntries?: number;
  now?: () => number;
}

const defaultMaxEntries = 10_000;

/**
 * Finished executions are read in bursts (a list page, then the detail view, then a refresh),
 * so a finished record read from the upstream is kept for a short time and the burst costs one
 * call. Finished is not final: AirOps retry and Cortex replay move a run back to running, and
 * another client may do that straight at the upstream, hence the short TTL rather than forever.
 *
 * Only request reads (the per-request loaders) consult it. Anything that observes an execution
 * for its own sake (the live poller, a mutation's precondition check) reads the upstream
 * directly and may report what it saw through `observe`, never the other way round.
 */
export class FinishedExecutionCache {
  readonly ttlMs: number;
  #entries: BoundedMap<string, ExecutionRecord>;

  constructor(options: FinishedExecutionCacheOptions) {
    this.ttlMs = options.ttlMs;
    this.#entries = new BoundedMap({
      maxEntries: options.maxEntries ?? defaultMaxEntries,
      ttlMs: options.ttlMs,
      ...(options.now === undefined ? {} : { now: options.now }),
    });
  }

  /** The finished execution read less than ttlMs ago, or undefined. */
  get(provider: string, nativeId: string): ExecutionRecord | undefined {
    return this.#entries.get(cacheKey(provider, nativeId));
  }

  /**
   * A fresh upstream read of `record`: kept when finished, and when not finished it drops any
   * older finished state (the run was moved back to running), so memory never contradicts
   * what the upstream said last.
   */
  observe(record: ExecutionRecord): void {
    const key = cacheKey(record.provider, record.nativeId);
    this.#entries.delete(key);
    if (!record.isTerminal || this.ttlMs <= 0) return;
    this.#entries.set(key, record);
  }

  /** runql changed or may have changed this execution (a mutation): the next read goes upstream. */
  invalidate(provider: string, nativeId: string): void {
    this.#entries.delete(cacheKey(provider, nativeId));
  }

  get size(): number {
    return this.#entries.size;
  }

  clear(): void {
    this.#entries.clear();
  }
}

function cacheKey(provider: string, nativeId: string): string {
  return `${provider}\u0000${nativeId}`;
}
