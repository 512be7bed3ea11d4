import type { ExecutionRecord } from '../model/execution-record.js';

export interface FinishedExecutionCacheOptions {
  /** How long a finished execution may be answered from memory (config `cache.finishedTtlMs`); 0 turns the cache off. */
  ttlMs: number;
  /** Entries kept at most; the oldest go first. */
  maxEntries?: number;
  now?: () => number;
}

interface Entry {
  record: ExecutionRecord;
  storedAt: number;
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
  #entries = new Map<string, Entry>();
  #maxEntries: number;
  #now: () => number;

  constructor(options: FinishedExecutionCacheOptions) {
    this.ttlMs = options.ttlMs;
    this.#maxEntries = options.maxEntries ?? defaultMaxEntries;
    this.#now = options.now ?? Date.now;
  }

  /** The finished execution read less than ttlMs ago, or undefined. */
  get(provider: string, nativeId: string): ExecutionRecord | undefined {
    const key = cacheKey(provider, nativeId);
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (this.#now() - entry.storedAt >= this.ttlMs) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.record;
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
    if (this.#entries.size >= this.#maxEntries) this.#evictOldest();
    this.#entries.set(key, { record, storedAt: this.#now() });
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

  #evictOldest(): void {
    // Map iteration follows insertion order and observe() re-inserts, so the first key is the oldest.
    const oldest = this.#entries.keys().next();
    if (!oldest.done) this.#entries.delete(oldest.value);
  }
}

function cacheKey(provider: string, nativeId: string): string {
  return `${provider}\u0000${nativeId}`;
}
