import { badUserInput } from '../errors/gateway-error.js';
import type { MergeKey } from './merge-order.js';

/** Where one native stream resumes: its own position, read at the page size it was started with. */
export interface StreamResume {
  /** The provider's native position (AirOps cursor, page number, offset...), opaque here. */
  position: unknown;
  /** Page numbers and offsets mean something only at a fixed page size, so a stream keeps its own. */
  pageSize: number;
}

/**
 * The opaque `after` of the merged listing. `key` is the source of truth: everything not
 * strictly after it in merge order is skipped, whatever a native page returns. The streams'
 * positions only save reading: they point at the first native page still holding something
 * after `key` (pages may have shifted since, which the key absorbs).
 */
export interface ListingCursor {
  key: MergeKey;
  /** Digest of the filter the positions were read under; positions of another filter are not reused. */
  filter: string;
  /** By stream id; null: the stream was read to its end. Streams absent here start from the top. */
  streams: Readonly<Record<string, StreamResume | null>>;
}

const version = 1;
const maxCursorLength = 64 * 1024;

/**
 * JSON in base64url: `{v, k: [createdAt, id], f, s: {streamId: [pageSize, position] | 0}}`.
 * Not signed: a forged position can only make its own provider answer an error or a wrong
 * page, and the key still decides what is emitted.
 */
export function encodeListingCursor(cursor: ListingCursor): string {
  const streams: Record<string, unknown> = {};
  for (const [id, resume] of Object.entries(cursor.streams)) {
    streams[id] = resume === null ? 0 : [resume.pageSize, resume.position ?? null];
  }
  const text = JSON.stringify({ v: version, k: [cursor.key.createdAt, cursor.key.id], f: cursor.filter, s: streams });
  return Buffer.from(text, 'utf8').toString('base64url');
}

/** The cursor, or BAD_USER_INPUT for anything runql could not have issued. */
export function decodeListingCursor(text: string): ListingCursor {
  if (text.length === 0 || text.length > maxCursorLength || !/^[A-Za-z0-9_-]+$/.test(text)) throw malformed();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw malformed();
  }
  if (!isObject(parsed) || parsed.v !== version || typeof parsed.f !== 'string' || !isObject(parsed.s)) throw malformed();
  const key = parsed.k;
  if (!Array.isArray(key) || key.length !== 2 || !Number.isFinite(key[0]) || typeof key[1] !== 'string') throw malformed();
  const streams: Record<string, StreamResume | null> = {};
  for (const [id, value] of Object.entries(parsed.s)) {
    if (value === 0) {
      streams[id] = null;
      continue;
    }
    if (!Array.isArray(value) || value.length !== 2 || !Number.isInteger(value[0]) || value[0] < 1 || value[0] > 100) throw malformed();
    streams[id] = { pageSize: value[0] as number, position: value[1] };
  }
  return { key: { createdAt: key[0] as number, id: key[1] as string }, filter: parsed.f, streams };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function malformed() {
  return badUserInput('Malformed cursor in after');
}
