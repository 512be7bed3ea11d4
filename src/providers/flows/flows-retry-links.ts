const maxRememberedLinks = 50_000;

/**
 * FlowMason retries by running the flow again, which creates an unrelated execution. runql
 * remembers which failed execution each re-run it made retried, so the new record can point
 * back at it. In-memory and bounded (oldest links are forgotten first): a restart forgets them,
 * and the executions themselves are unaffected.
 */
export class FlowsRetryLinks {
  #retriedBy = new Map<string, string>();
  #limit: number;

  constructor(limit = maxRememberedLinks) {
    this.#limit = limit;
  }

  remember(rerunId: string, retriedId: string): void {
    this.#retriedBy.delete(rerunId);
    if (this.#retriedBy.size >= this.#limit) {
      const oldest = this.#retriedBy.keys().next().value;
      if (oldest !== undefined) this.#retriedBy.delete(oldest);
    }
    this.#retriedBy.set(rerunId, retriedId);
  }

  /** The native id of the execution `rerunId` re-ran, or null when runql did not make it as a retry. */
  retryOf(rerunId: string): string | null {
    return this.#retriedBy.get(rerunId) ?? null;
  }
}
