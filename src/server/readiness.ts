/**
 * Why the process should not get traffic now, by named reason: `/readiness` answers 503 with
 * them while there is any. The gateway starts with `starting` (the server clears it once it
 * listens) and the server adds `shutting down` when a graceful stop begins. A module that
 * can make the gateway unfit for traffic adds its own reason while that lasts (a Redis
 * connection: `redis unreachable`). A failing upstream is never a reason: that is a partial
 * outage, shown by the circuit and the metrics.
 */
export class Readiness {
  #reasons = new Set<string>();

  constructor(initialReasons: readonly string[] = [startingReason]) {
    for (const reason of initialReasons) this.#reasons.add(reason);
  }

  get ready(): boolean {
    return this.#reasons.size === 0;
  }

  /** The reasons in the order they arose. */
  reasons(): string[] {
    return [...this.#reasons];
  }

  notReady(reason: string): void {
    this.#reasons.add(reason);
  }

  /** The cause of `reason` is gone (other reasons stay). */
  resolved(reason: string): void {
    this.#reasons.delete(reason);
  }
}

export const startingReason = 'starting';
export const shuttingDownReason = 'shutting down';
