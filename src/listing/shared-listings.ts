import { InFlightCalls } from '../cache/in-flight-calls.js';
import type { ExecutionRecord } from '../model/execution-record.js';
import { listExecutions, type ListingRequest, type ListingResult } from './executions-listing.js';

export interface SharedListingResult extends ListingResult {
  /** Every record the merge read upstream (the page and what it read ahead), for each caller's loaders. */
  read: ExecutionRecord[];
}

/**
 * Identical `executions` requests in flight at the same time share one merge: a frontend's
 * "all runs" page is opened by many users at once, and a merge spans several upstream rounds
 * (streams, then pages), so sharing whole merges saves more than sharing single GETs. Identical
 * means the same providers in scope (the client key's visibility included), filter, `first`
 * and `after`. One caller going away does not cancel the merge for the others.
 */
export class SharedListings {
  #calls = new InFlightCalls<SharedListingResult>();

  list(request: Omit<ListingRequest, 'signal' | 'observe'>, after: string | null, signal: AbortSignal | undefined): Promise<SharedListingResult> {
    const { scope, first } = request;
    const key = JSON.stringify([scope.providers.map((provider) => provider.name), scope.unlistable.map((provider) => provider.name), scope.digest, first, after]);
    return this.#calls.share(key, signal, async (shared) => {
      const read: ExecutionRecord[] = [];
      const result = await listExecutions({ ...request, signal: shared.signal, observe: (record) => read.push(record) });
      return { ...result, read };
    });
  }
}
