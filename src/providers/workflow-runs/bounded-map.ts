/**
 * A Map that forgets its oldest entries beyond `limit`, for what the adapter learns along the
 * way and cannot ask Cortex again (which route family a run belongs to, which run started a
 * child): memory must stay bounded however long the gateway runs.
 */
export class BoundedMap<K, V> {
  #entries = new Map<K, V>();
  readonly #limit: number;

  constructor(limit: number) {
    this.#limit = limit;
  }

  get(key: K): V | undefined {
    return this.#entries.get(key);
  }

  set(key: K, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    while (this.#entries.size > this.#limit) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#entries.delete(oldest.value);
    }
  }

  get size(): number {
    return this.#entries.size;
  }
}
