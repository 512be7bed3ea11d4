export interface BoundedMapOptions {
  /** Entries kept at most; beyond it the oldest go first. */
  maxEntries: number;
  /** How long an entry lives after it was set; absent: until evicted. */
  ttlMs?: number;
  now?: () => number;
}

interface Entry<V> {
  value: V;
  storedAt: number;
}

/**
 * A Map in insertion order that forgets its oldest entries beyond `maxEntries` (and, with a
 * TTL, entries older than `ttlMs`), for what the gateway learns along the way and keeps in
 * memory: memory must stay bounded however long the gateway runs. Setting a key again makes it
 * the newest; reading it does not.
 */
export class BoundedMap<K, V> {
  #entries = new Map<K, Entry<V>>();
  readonly #maxEntries: number;
  readonly #ttlMs: number | undefined;
  readonly #now: () => number;

  constructor(options: BoundedMapOptions) {
    this.#maxEntries = options.maxEntries;
    this.#ttlMs = options.ttlMs;
    this.#now = options.now ?? Date.now;
  }

  /** The value set for `key`, unless evicted or expired (an expired entry is dropped here). */
  get(key: K): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (this.#expired(entry, this.#now())) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: K, value: V): void {
    const now = this.#ttlMs === undefined ? 0 : this.#now();
    this.#entries.delete(key);
    this.#entries.set(key, { value, storedAt: now });
    // Map iteration follows insertion order and set() re-inserts, so the first key is the oldest.
    for (const [oldestKey, oldest] of this.#entries) {
      if (this.#entries.size <= this.#maxEntries && !this.#expired(oldest, now)) break;
      this.#entries.delete(oldestKey);
    }
  }

  delete(key: K): void {
    this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }

  #expired(entry: Entry<V>, now: number): boolean {
    return this.#ttlMs !== undefined && now - entry.storedAt >= this.#ttlMs;
  }
}
