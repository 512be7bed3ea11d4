/**
 * The bound on native pages one `executions` request may read. Where the gateway filters
 * itself (a status the upstream cannot filter by), matching executions may be rare, and a
 * request must not read an upstream to its end looking for them: it stops at the bound and
 * says so in `pageInfo.upstreamPageLimitReached`, with an `endCursor` that resumes past what it read.
 */
export class PageBudget {
  readonly limit: number;
  #used = 0;

  constructor(limit: number) {
    this.limit = limit;
  }

  /** Native pages still allowed. */
  get remaining(): number {
    return Math.max(0, this.limit - this.#used);
  }

  get used(): number {
    return this.#used;
  }

  spend(pages: number): void {
    this.#used += pages;
  }
}

/** Pages beyond the first one of every stream. */
export const extraPagesPerRequest = 16;

/** Every stream may be read once, plus a shared allowance for going deeper. */
export function pageLimitFor(streamCount: number): number {
  return streamCount + extraPagesPerRequest;
}
