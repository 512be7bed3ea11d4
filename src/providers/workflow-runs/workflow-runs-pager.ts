import { badUserInput } from '../../errors/gateway-error.js';
import type { ExecutionRecord } from '../../model/execution-record.js';
import type { PaginationHeaders } from './workflow-runs-api.js';

/**
 * Where a walk through one workflow's runs (newest first, page/take) stands. Cortex pages by
 * number, so a run created at the top shifts every later one down a place, and one leaving a
 * status filter shifts them up. A resumed walk finds the run it consumed last (`recent`) on
 * the page it reads, or where `pagination-count` says it has moved, and goes on right after
 * it; when that run is gone it leans towards reading again (what `recent` then skips) rather
 * than skipping. Timestamps cannot serve as the position: a plain-date `created_at` reads as
 * midnight, so the normalized times of one page are not monotonic.
 */
export interface RunsPosition {
  /** Runs consumed so far, counted from the newest when `count` was read. */
  offset: number;
  take: number;
  count: number | null;
  /** Run ids consumed last, newest last. */
  recent: string[];
}

export interface RunsPageAnswer {
  records: ExecutionRecord<'workflow-runs'>[];
  pagination: PaginationHeaders;
}

export type FetchRunsPage = (page: number, take: number) => Promise<RunsPageAnswer>;

export interface PagedRun {
  record: ExecutionRecord<'workflow-runs'>;
  /** Resumes right after this run. */
  after: RunsPosition;
}

export interface RunsWalk {
  runs: PagedRun[];
  /** Null once the list is exhausted. */
  next: RunsPosition | null;
  totalCount: number | null;
}

export interface WalkOptions {
  /** Stop after the page that brings the kept runs to this many. */
  wanted: number;
  /** Upstream calls one walk may make. */
  maxPages: number;
  /** Runs to return; the others are consumed all the same (a filter Cortex cannot apply). */
  keep?: (record: ExecutionRecord<'workflow-runs'>) => boolean;
}

export const maxTake = 100;
const recentLimit = 20;

export function freshPosition(take: number): RunsPosition {
  return { offset: 0, take: Math.max(1, Math.min(maxTake, Math.floor(take))), count: null, recent: [] };
}

export async function walkRuns(fetchPage: FetchRunsPage, start: RunsPosition, options: WalkOptions): Promise<RunsWalk> {
  const take = start.take;
  const pageOf = (offset: number) => Math.floor(offset / take) + 1;
  let offset = start.offset;
  let count = start.count;
  const recent = [...start.recent];
  const runs: PagedRun[] = [];
  const pages = new Map<number, RunsPageAnswer>();
  let calls = 0;
  const read = async (page: number): Promise<RunsPageAnswer> => {
    let answer = pages.get(page);
    if (!answer) {
      calls += 1;
      answer = await fetchPage(page, take);
      pages.set(page, answer);
    }
    return answer;
  };
  let anchored = recent.length === 0;

  while (calls < options.maxPages || pages.has(pageOf(offset))) {
    const page = pageOf(offset);
    const answer = await read(page);
    if (!anchored) {
      anchored = true;
      const relocated = await relocate({ answer, page, offset, count, recent, take, read, canRead: () => calls < options.maxPages });
      if (relocated !== offset) {
        offset = relocated;
        if (pageOf(offset) !== page) continue;
      }
    }
    count = answer.pagination.count ?? count;
    const pageStart = (page - 1) * take;
    const records = answer.records;
    for (let index = Math.max(0, offset - pageStart); index < records.length; index++) {
      offset = pageStart + index + 1;
      const record = records[index]!;
      const runId = record.details.runId;
      if (recent.includes(runId)) continue;
      recent.push(runId);
      if (recent.length > recentLimit) recent.shift();
      if (options.keep?.(record) ?? true) runs.push({ record, after: { offset, take, count, recent: [...recent] } });
    }
    offset = Math.max(offset, pageStart + records.length);
    const pageTake = answer.pagination.take ?? take;
    const exhausted = records.length < Math.min(take, pageTake) || (count !== null && offset >= count);
    if (exhausted) return { runs, next: null, totalCount: count };
    if (runs.length >= options.wanted) break;
  }
  return { runs, next: { offset, take, count, recent }, totalCount: count };
}

interface RelocateInput {
  answer: RunsPageAnswer;
  page: number;
  offset: number;
  count: number | null;
  recent: readonly string[];
  take: number;
  read: (page: number) => Promise<RunsPageAnswer>;
  canRead: () => boolean;
}

/** Where a resumed walk goes on: right after the run it consumed last, wherever that has moved. */
async function relocate(input: RelocateInput): Promise<number> {
  const { answer, page, offset, count, recent, take } = input;
  const latest = recent[recent.length - 1]!;
  const seen = answer.pagination.count;
  const delta = count !== null && seen !== null ? seen - count : 0;
  const here = after(answer, page, take, [latest]);
  if (here !== null) return here;
  if (delta !== 0) {
    // Where the last run is if every change happened above it.
    const expected = Math.floor(Math.max(0, offset - 1 + delta) / take) + 1;
    if (expected !== page && input.canRead()) {
      const there = after(await input.read(expected), expected, take, [latest]);
      if (there !== null) return there;
    }
  }
  // The last run is gone: go on after the latest earlier one still here, else lean back.
  const earlier = after(answer, page, take, [...recent].reverse());
  if (earlier !== null) return earlier;
  return Math.max(0, Math.min(offset, offset + delta));
}

/** The offset right after the first of `runIds` found on this page, or null. */
function after(answer: RunsPageAnswer, page: number, take: number, runIds: readonly string[]): number | null {
  for (const runId of runIds) {
    const index = answer.records.findIndex((record) => record.details.runId === runId);
    if (index !== -1) return (page - 1) * take + index + 1;
  }
  return null;
}

/** A position as `list` or a cursor handed it out; anything else is a client's mistake. */
export function parsePosition(value: unknown): RunsPosition {
  if (typeof value === 'object' && value !== null) {
    const { offset, take, count, recent } = value as Record<string, unknown>;
    const valid =
      isCount(offset) &&
      isCount(take) &&
      take >= 1 &&
      take <= maxTake &&
      (count === null || isCount(count)) &&
      Array.isArray(recent) &&
      recent.length <= recentLimit &&
      recent.every((id) => typeof id === 'string');
    if (valid) return { offset, take, count, recent: recent as string[] };
  }
  throw badUserInput('Malformed cursor for a workflow run listing');
}

export function encodeCursor(position: RunsPosition): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): RunsPosition {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badUserInput('Malformed cursor for a workflow run listing');
  }
  return parsePosition(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
