/**
 * Counts every request that reaches a simulator (faulted and unauthorized ones included),
 * by `METHOD route-template` and by `METHOD concrete-path`, so tests assert how many upstream
 * calls the gateway made.
 */
export class RequestCounters {
  #byKey = new Map<string, number>();
  #total = 0;

  record(method: string, template: string | undefined, path: string): void {
    this.#total += 1;
    this.#bump(`${method} ${path}`);
    if (template !== undefined && template !== path) this.#bump(`${method} ${template}`);
  }

  /** Requests with this method to this route template (`/x/:id`) or concrete path (`/x/42`). */
  count(method: string, pathOrTemplate: string): number {
    return this.#byKey.get(`${method.toUpperCase()} ${pathOrTemplate}`) ?? 0;
  }

  total(): number {
    return this.#total;
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries(this.#byKey);
  }

  reset(): void {
    this.#byKey.clear();
    this.#total = 0;
  }

  #bump(key: string): void {
    this.#byKey.set(key, (this.#byKey.get(key) ?? 0) + 1);
  }
}
