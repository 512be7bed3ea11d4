import { BoundedMap } from '../../util/bounded-map.js';

const maxRememberedLinks = 50_000;

/**
 * FlowMason retries by running the flow again, which creates an unrelated execution. runql
 * remembers which failed execution each re-run it made retried, so the new record can point
 * back at it. In-memory and bounded (oldest links are forgotten first): a restart forgets them,
 * and the executions themselves are unaffected.
 */
export class FlowsRetryLinks {
  #retriedBy: BoundedMap<string, string>;

  constructor(limit = maxRememberedLinks) {
    this.#retriedBy = new BoundedMap({ maxEntries: limit });
  }

  remember(rerunId: string, retriedId: string): void {
    this.#retriedBy.set(rerunId, retriedId);
  }

  /** The native id of the execution `rerunId` re-ran, or null when runql did not make it as a retry. */
  retryOf(rerunId: string): string | null {
    return this.#retriedBy.get(rerunId) ?? null;
  }
}
