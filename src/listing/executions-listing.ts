import { GatewayError } from '../errors/gateway-error.js';
import type { Logger } from '../log/logger.js';
import type { ExecutionRecord } from '../model/execution-record.js';
import type { CallOptions, Provider } from '../providers/provider.js';
import { encodeListingCursor, type ListingCursor, type StreamResume } from './listing-cursor.js';
import { matchesFilter, unlistableError, type ListingScope } from './listing-scope.js';
import { compareMergeOrder, isAfter, type KeyedRecord, type MergeKey } from './merge-order.js';
import { PageBudget, pageLimitFor } from './page-budget.js';
import { StreamReader, streamId } from './stream-reader.js';

export interface ListingRequest {
  scope: ListingScope;
  /** Edges wanted (0–100, already validated). */
  first: number;
  after: ListingCursor | null;
  signal?: AbortSignal | undefined;
  /** Every record read upstream, as it arrives (the request's loaders and the finished cache take them). */
  observe?: (record: ExecutionRecord) => void;
  /** Native pages this request may read; default pageLimitFor(streams). */
  pageLimit?: number;
  logger?: Logger;
}

export interface ListingPageInfo {
  hasNextPage: boolean;
  /** Listing cursors are positions in a merge: a page `after` one is never the first, whatever it holds. */
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
  /** True when the page stopped early at the bound on native pages: fewer than `first` edges, more may follow. */
  upstreamPageLimitReached: boolean;
}

export interface ListingResult {
  edges: ListingEdge[];
  pageInfo: ListingPageInfo;
  /** One per provider whose executions are missing (it failed, or it cannot list although the filter named it). */
  errors: GatewayError[];
  /** Native pages read (each is one `Provider.list` call). */
  pagesRead: number;
}

/** An edge whose cursor is encoded only if the client selects it. */
export class ListingEdge {
  readonly node: ExecutionRecord;
  #state: ListingCursor;
  #encoded: string | undefined;

  constructor(node: ExecutionRecord, state: ListingCursor) {
    this.node = node;
    this.#state = state;
  }

  get cursor(): string {
    this.#encoded ??= encodeListingCursor(this.#state);
    return this.#encoded;
  }
}

/** What a provider's streams are read at when they start from the top. */
export function pageSizeFor(first: number, gatewayFilters: boolean): number {
  // One more than asked tells hasNextPage without another call; where the gateway filters
  // statuses itself, bigger pages find matches in fewer calls.
  return Math.min(100, Math.max(first + 1, gatewayFilters ? 50 : 1));
}

/**
 * `executions`: a k-way merge over every (provider, stream) in scope, newest first by
 * createdAt, ties by global id. Streams are read concurrently, one native page at a time and
 * only when the merge needs it: a record is emitted once no stream could still return
 * something before it (see StreamReader.mayHold), so streams whose native tie order differs,
 * or whose pages split a tie, still merge exactly.
 *
 * Resumption trusts only the cursor's key: whatever a re-read page returns that is not strictly
 * after it is skipped, so pages that shifted because new executions arrived at the top
 * (page numbers, offsets) neither repeat nor lose anything.
 */
export async function listExecutions(request: ListingRequest): Promise<ListingResult> {
  const { scope, first, after } = request;
  const options: CallOptions = request.signal ? { signal: request.signal } : {};
  const observe = request.observe ?? (() => undefined);
  const failures = new ProviderFailures(request.logger);
  for (const provider of scope.unlistable) failures.add(provider, unlistableError(provider));

  const { readers, finished } = await openStreams(request, options, failures);
  const budget = new PageBudget(request.pageLimit ?? pageLimitFor(readers.length));

  const snapshot = (key: MergeKey): ListingCursor => {
    const streams: Record<string, StreamResume | null> = {};
    for (const id of finished) streams[id] = null;
    for (const reader of readers) streams[reader.id] = reader.resume();
    return { key, filter: scope.digest, streams };
  };

  /** The next record in merge order, reading native pages as needed. */
  const next = async (): Promise<KeyedRecord | 'end' | 'limit'> => {
    for (;;) {
      let leader: StreamReader | undefined;
      for (const reader of readers) {
        const head = reader.done ? undefined : reader.head();
        if (head && (!leader || compareMergeOrder(head.key, leader.head()!.key) < 0)) leader = reader;
      }
      const candidate = leader?.head();
      const createdAt = candidate ? candidate.key.createdAt : Number.NEGATIVE_INFINITY;
      // Streams that may still return something at or before the candidate are read first.
      const blocking = readers.filter((reader) => reader.mayHold(createdAt));
      if (blocking.length === 0) return leader ? leader.consume() : 'end';
      const reading = blocking.slice(0, budget.remaining);
      if (reading.length === 0) return 'limit';
      budget.spend(reading.length);
      await Promise.all(
        reading.map((reader) =>
          reader.readPage(scope.filter, options, observe).catch((error: unknown) => {
            if (request.signal?.aborted) throw error;
            reader.failed = true;
            failures.add(reader.provider, error);
          }),
        ),
      );
    }
  };

  const edges: ListingEdge[] = [];
  let lastKey = after?.key ?? null;
  let endState: ListingCursor | null = after;
  let hasNextPage = false;
  let upstreamPageLimitReached = false;
  let reachedEnd = false;

  while (edges.length < first) {
    const item = await next();
    if (item === 'end') {
      reachedEnd = true;
      break;
    }
    if (item === 'limit') {
      upstreamPageLimitReached = true;
      hasNextPage = true;
      break;
    }
    if (isAfter(item.key, lastKey)) {
      lastKey = item.key;
      endState = snapshot(lastKey);
      if (matchesFilter(item.record, scope.filter)) edges.push(new ListingEdge(item.record, endState));
    } else if (lastKey !== null) {
      // Already emitted by an earlier page (or a duplicate): skipped, but the streams moved on.
      endState = snapshot(lastKey);
    }
  }

  if (edges.length >= first && !reachedEnd && !upstreamPageLimitReached) {
    hasNextPage = readers.some((reader) => reader.holdsMatch(lastKey, scope.filter)) || (await peekMatch(next, lastKey, scope));
  }

  for (const reader of readers) {
    if (reader.outOfOrder > 0) {
      // Such records may land behind the cursor and be missed: an adapter bug, or upstream drift worth knowing about.
      request.logger?.warn('a native stream was not newest first', { provider: reader.provider.name, stream: reader.stream, records: reader.outOfOrder });
    }
  }

  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: endState ? encodeListingCursor(endState) : null,
      upstreamPageLimitReached,
    },
    errors: failures.list(),
    pagesRead: budget.used,
  };
}

/** Opens one reader per (provider, stream), asking the providers concurrently. */
async function openStreams(
  request: ListingRequest,
  options: CallOptions,
  failures: ProviderFailures,
): Promise<{ readers: StreamReader[]; finished: string[] }> {
  const { scope, after } = request;
  const samePositions = after !== null && after.filter === scope.digest;
  const fresh: StreamResume = { position: null, pageSize: pageSizeFor(request.first, scope.filter.statuses !== null) };
  const opened = await Promise.all(
    scope.providers.map(async (provider) => {
      try {
        return { provider, streams: await provider.operations.list.streams(scope.filter, options) };
      } catch (error) {
        if (request.signal?.aborted) throw error;
        failures.add(provider, error);
        return { provider, streams: [] };
      }
    }),
  );
  const readers: StreamReader[] = [];
  const finished: string[] = [];
  for (const { provider, streams } of opened) {
    for (const stream of new Set(streams)) {
      const id = streamId(provider.name, stream);
      const saved = samePositions ? after.streams[id] : undefined;
      if (saved === null) finished.push(id);
      else readers.push(new StreamReader(provider, stream, saved ?? fresh));
    }
  }
  return { readers, finished };
}

/** Whether one more matching record follows (it stays unconsumed for the next page). */
async function peekMatch(next: () => Promise<KeyedRecord | 'end' | 'limit'>, lastKey: MergeKey | null, scope: ListingScope): Promise<boolean> {
  let seen = lastKey;
  for (;;) {
    const item = await next();
    if (item === 'end') return false;
    // Unknown within the bound: the next page may turn out empty, which a client handles.
    if (item === 'limit') return true;
    if (!isAfter(item.key, seen)) continue;
    seen = item.key;
    if (matchesFilter(item.record, scope.filter)) return true;
  }
}

/** One error per provider whose executions are missing from the page, each naming the provider. */
class ProviderFailures {
  #byProvider = new Map<string, GatewayError>();
  #logger: Logger | undefined;

  constructor(logger: Logger | undefined) {
    this.#logger = logger;
  }

  add(provider: Provider, error: unknown): void {
    if (this.#byProvider.has(provider.name)) return;
    this.#byProvider.set(provider.name, this.#asGatewayError(provider, error));
  }

  list(): GatewayError[] {
    return [...this.#byProvider.values()];
  }

  #asGatewayError(provider: Provider, error: unknown): GatewayError {
    if (GatewayError.is(error)) {
      if (error.provider === provider.name) return error;
      return new GatewayError(error.code, error.message, {
        provider: provider.name,
        ...(error.httpStatus === undefined ? {} : { httpStatus: error.httpStatus }),
        ...(error.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: error.retryAfterSeconds }),
      });
    }
    this.#logger?.error('listing a provider failed unexpectedly (a bug)', {
      provider: provider.name,
      message: error instanceof Error ? error.message : String(error),
    });
    return new GatewayError('UPSTREAM_ERROR', `Executions of provider "${provider.name}" could not be listed`, { provider: provider.name });
  }
}
