import { badUserInput } from '../../errors/gateway-error.js';
import type { ExecutionRecord } from '../../model/execution-record.js';

/**
 * Where a walk of Zaia's list stands. Zaia pages by number over a list that moves: new
 * executions push everything down, a deletion pulls it up. So the position names the page the
 * walk last read *and* what it has already scanned there (the last `createdAt` and every id
 * scanned at that instant), and the next read skips whatever is not strictly older. Ties are
 * remembered by id rather than compared, because Zaia's tie order is not documented (docs/upstreams.md A11).
 */
export interface ListPosition {
  /** The page read last (re-read first: it tells whether the list moved). */
  pageNumber: number;
  /** Zaia's `pageSize` for this walk; page numbers only mean something at a fixed size. */
  pageSize: number;
  /** `createdAt` of the last scanned record, or null before the first. */
  createdAt: string | null;
  /** Ids scanned at exactly `createdAt`. */
  ids: string[];
}

export interface ListingRead {
  position: ListPosition | null;
  /** Records wanted. */
  wanted: number;
  /** Zaia's `pageSize` when a walk starts. */
  upstreamPageSize: number;
  /** Upstream pages one call may read. */
  maxPages: number;
  /** Where Zaia cannot filter (status always; responders that are not uuids), the walk does. */
  matches(record: ExecutionRecord): boolean;
  fetchPage(pageNumber: number, pageSize: number): Promise<ExecutionRecord[]>;
}

export interface ListingResult {
  records: ExecutionRecord[];
  /** Null once the list is exhausted. */
  next: ListPosition | null;
}

/** Pages the walk steps back at most per call when the list moved up under it. */
const maxStepsBack = 2;

/** Reads until `wanted` matching records or the end of the list, within `maxPages` upstream pages. */
export async function readListing(read: ListingRead): Promise<ListingResult> {
  const pageSize = read.position?.pageSize ?? read.upstreamPageSize;
  let pageNumber = read.position?.pageNumber ?? 1;
  let createdAt = read.position?.createdAt ?? null;
  let ids = new Set(read.position?.ids ?? []);
  const records: ExecutionRecord[] = [];
  const position = (): ListPosition => ({ pageNumber, pageSize, createdAt, ids: [...ids] });
  const alreadyScanned = (record: ExecutionRecord): boolean =>
    createdAt !== null && (record.createdAt > createdAt || (record.createdAt === createdAt && ids.has(record.nativeId)));

  if (read.wanted <= 0) return { records, next: read.position ?? position() };
  let stepsBack = 0;
  for (let pagesRead = 0; pagesRead < read.maxPages; pagesRead++) {
    const page = await read.fetchPage(pageNumber, pageSize);
    // Everything here is older than what was scanned (or the page is gone): a deletion moved
    // unscanned records up onto the page before.
    const movedUp = createdAt !== null && pageNumber > 1 && (page.length === 0 || !alreadyScanned(page[0]!));
    if (movedUp && stepsBack < maxStepsBack && pagesRead === stepsBack) {
      stepsBack += 1;
      pageNumber -= 1;
      continue;
    }
    for (const record of page) {
      if (alreadyScanned(record)) continue;
      if (records.length >= read.wanted) return { records, next: position() };
      if (record.createdAt === createdAt) ids.add(record.nativeId);
      else {
        createdAt = record.createdAt;
        ids = new Set([record.nativeId]);
      }
      if (read.matches(record)) records.push(record);
    }
    if (page.length < pageSize) return { records, next: null };
    // The next call re-reads this page rather than starting on the next one: a next page
    // opening with older records would look like a list that moved up.
    if (records.length >= read.wanted || pagesRead + 1 >= read.maxPages) break;
    pageNumber += 1;
  }
  return { records, next: position() };
}

/** The position as the merger stores it (plain JSON, opaque to it). */
export function encodePosition(position: ListPosition | null): unknown {
  return position === null ? null : { page: position.pageNumber, size: position.pageSize, at: position.createdAt, ids: position.ids };
}

/** Null for the start of a walk; BAD_USER_INPUT for anything this adapter cannot have written. */
export function decodePosition(value: unknown): ListPosition | null {
  if (value === null || value === undefined) return null;
  const fields = typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  const pageNumber = fields?.page;
  const pageSize = fields?.size;
  const createdAt = fields?.at;
  const ids = fields?.ids;
  if (
    !Number.isSafeInteger(pageNumber) ||
    (pageNumber as number) < 1 ||
    !Number.isInteger(pageSize) ||
    (pageSize as number) < 1 ||
    (pageSize as number) > 100 ||
    !(createdAt === null || typeof createdAt === 'string') ||
    !Array.isArray(ids) ||
    !ids.every((id) => typeof id === 'string')
  ) {
    throw badUserInput('Malformed cursor in after');
  }
  return { pageNumber: pageNumber as number, pageSize: pageSize as number, createdAt: createdAt as string | null, ids: ids as string[] };
}
