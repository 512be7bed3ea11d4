import { randomUUID } from 'node:crypto';
import { badUserInput } from '../../errors/gateway-error.js';
import type { Logger } from '../../log/logger.js';
import type { ExecutionRecord } from '../../model/execution-record.js';
import type { CallOptions, ListPage, ListQuery } from '../provider.js';

/** One stream lists every execution; the others one flow each (`GET /executions/flow/:flow_id`). */
const allExecutionsStream = 'executions';
const flowStreamPrefix = 'flow:';

export function flowsStreamKey(flowId: string | null): string {
  return flowId === null ? allExecutionsStream : `${flowStreamPrefix}${flowId}`;
}

/** The flow a stream key names (null: every execution); BAD_USER_INPUT for a key this adapter never issued. */
export function flowOfStream(stream: string): string | null {
  if (stream === allExecutionsStream) return null;
  if (stream.startsWith(flowStreamPrefix) && stream.length > flowStreamPrefix.length) return stream.slice(flowStreamPrefix.length);
  throw badUserInput('Malformed listing cursor (unknown FlowMason stream)');
}

/** Reads one upstream page of a stream: at most `limit` executions from `offset`, in the upstream's order. */
export type FlowsPageReader = (stream: string, offset: number, limit: number, options: CallOptions) => Promise<ExecutionRecord<'flows'>[]>;

export interface FlowsListingOptions {
  /** Executions asked for per upstream page. FlowMason serves at most 1000 (its SQL LIMIT clamp). */
  pageLimit: number;
  /** Upstream pages one snapshot may read: the bound on upstream calls per `list` call. */
  maxPages: number;
  /** How long a snapshot keeps serving the continuation pages of the walk that read it. */
  snapshotTtlMs: number;
  /** Snapshots kept at once (oldest dropped first); each holds one whole stream. */
  maxSnapshots: number;
  now?: () => number;
}

export const defaultFlowsListingOptions: FlowsListingOptions = {
  pageLimit: 500,
  maxPages: 20,
  snapshotTtlMs: 30_000,
  maxSnapshots: 8,
};

/**
 * Where a walk resumes: strictly after the last record it emitted, in newest-first order, plus
 * the snapshot that page came from (a hint only: when it has expired the stream is read again,
 * and the key alone still resumes exactly).
 */
interface FlowsListPosition {
  createdAt: string;
  nativeId: string;
  snapshot: string;
}

interface Snapshot {
  token: string;
  stream: string;
  readAt: number;
  /** Every execution of the stream, newest first. */
  records: ExecutionRecord<'flows'>[];
}

/**
 * FlowMason documents no list order (the code has used storage order and `started_at DESC`), so
 * a newest-first stream cannot be read page by page: a page of the stream is served from a
 * snapshot of the whole stream, read through every offset page (at most `maxPages`), sorted
 * newest first by createdAt (ties by native id, both descending), and kept briefly so that the
 * rest of a walk costs no further upstream calls. A walk that starts at the newest always reads
 * afresh.
 */
export class FlowsListing {
  #readPage: FlowsPageReader;
  #options: FlowsListingOptions;
  #now: () => number;
  #logger: Logger;
  #provider: string;
  #snapshots = new Map<string, Snapshot>();

  constructor(provider: string, readPage: FlowsPageReader, logger: Logger, options: Partial<FlowsListingOptions> = {}) {
    this.#provider = provider;
    this.#readPage = readPage;
    this.#logger = logger;
    this.#options = { ...defaultFlowsListingOptions, ...options };
    this.#now = this.#options.now ?? Date.now;
  }

  async page(query: ListQuery, options: CallOptions): Promise<ListPage> {
    flowOfStream(query.stream);
    const position = parsePosition(query.position);
    const snapshot = (position && this.#cached(query.stream, position.snapshot)) || (await this.#read(query.stream, options));
    const statuses = query.statuses === null ? null : new Set(query.statuses);
    const records = statuses === null ? snapshot.records : snapshot.records.filter((record) => statuses.has(record.status));
    const from = position === null ? 0 : firstAfter(records, position);
    const pageSize = Math.max(1, Math.floor(query.pageSize));
    const page = records.slice(from, from + pageSize);
    const last = page[page.length - 1];
    const more = from + page.length < records.length;
    const next: FlowsListPosition | null =
      more && last !== undefined ? { createdAt: last.createdAt, nativeId: last.nativeId, snapshot: snapshot.token } : null;
    return { records: page, next };
  }

  #cached(stream: string, token: string): Snapshot | undefined {
    const snapshot = this.#snapshots.get(token);
    if (!snapshot || snapshot.stream !== stream) return undefined;
    if (this.#now() - snapshot.readAt > this.#options.snapshotTtlMs) {
      this.#snapshots.delete(token);
      return undefined;
    }
    return snapshot;
  }

  async #read(stream: string, options: CallOptions): Promise<Snapshot> {
    const { pageLimit, maxPages } = this.#options;
    const byId = new Map<string, ExecutionRecord<'flows'>>();
    let offset = 0;
    let complete = false;
    for (let pageNumber = 0; pageNumber < maxPages && !complete; pageNumber++) {
      const items = await this.#readPage(stream, offset, pageLimit, options);
      let unseen = 0;
      for (const record of items) {
        if (!byId.has(record.nativeId)) unseen += 1;
        // Offsets shift when rows are added mid-walk: a record met twice is kept once, in its later state.
        byId.set(record.nativeId, record);
      }
      offset += items.length;
      // A short page is the end; a full page of records already seen means the server ignores `offset`.
      complete = items.length < pageLimit || unseen === 0;
    }
    if (!complete) {
      this.#logger.warn('FlowMason listing stopped at its page bound; older executions of this stream are not listed', {
        provider: this.#provider,
        pages: maxPages,
        executions: byId.size,
      });
    }
    const snapshot: Snapshot = { token: randomUUID(), stream, readAt: this.#now(), records: [...byId.values()].sort(newestFirst) };
    this.#remember(snapshot);
    return snapshot;
  }

  #remember(snapshot: Snapshot): void {
    const now = this.#now();
    for (const [token, kept] of this.#snapshots) {
      if (now - kept.readAt > this.#options.snapshotTtlMs) this.#snapshots.delete(token);
    }
    while (this.#snapshots.size >= this.#options.maxSnapshots) {
      const oldest = this.#snapshots.keys().next().value;
      if (oldest === undefined) break;
      this.#snapshots.delete(oldest);
    }
    this.#snapshots.set(snapshot.token, snapshot);
  }
}

/** Newest first: createdAt descending, then native id descending (the whole key reversed). */
export function newestFirst(a: Pick<ExecutionRecord, 'createdAt' | 'nativeId'>, b: Pick<ExecutionRecord, 'createdAt' | 'nativeId'>): number {
  return compareText(b.createdAt, a.createdAt) || compareText(b.nativeId, a.nativeId);
}

/** The index of the first record strictly after `position` in newest-first order. */
function firstAfter(records: readonly ExecutionRecord<'flows'>[], position: FlowsListPosition): number {
  let low = 0;
  let high = records.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (newestFirst(records[middle]!, position) <= 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

function parsePosition(position: unknown): FlowsListPosition | null {
  if (position === null || position === undefined) return null;
  if (typeof position === 'object' && !Array.isArray(position)) {
    const { createdAt, nativeId, snapshot } = position as Record<string, unknown>;
    if (typeof createdAt === 'string' && typeof nativeId === 'string' && typeof snapshot === 'string') {
      return { createdAt, nativeId, snapshot };
    }
  }
  throw badUserInput('Malformed listing cursor (FlowMason position)');
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
