/**
 * Keyset pagination, newest first. A cursor names the last item returned by its sort key
 * (createdAt, sequence), not by position, so items added between two page requests never
 * shift the next page: newer ones sort before the cursor, older ones after it.
 */
export type SortKey = readonly [createdAt: number, sequence: number];

export interface ItemsPolicy {
  defaultItems: number;
  /** A7: `reject` answers 400 outside 1..100; `clamp` silently fits the value into range. */
  outOfRange: 'reject' | 'clamp';
}

export const maxItems = 100;

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export function parseItems(raw: string | null, policy: ItemsPolicy): Parsed<number> {
  if (raw === null || raw === '') return { ok: true, value: policy.defaultItems };
  if (!/^-?\d+$/.test(raw.trim())) return { ok: false, error: 'items must be an integer between 1 and 100' };
  const items = Number(raw.trim());
  if (items >= 1 && items <= maxItems) return { ok: true, value: items };
  if (policy.outOfRange === 'clamp') return { ok: true, value: Math.min(maxItems, Math.max(1, items)) };
  return { ok: false, error: 'items must be an integer between 1 and 100' };
}

export function encodeCursor(key: SortKey): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function parseCursor(raw: string | null): Parsed<SortKey | undefined> {
  if (raw === null || raw === '') return { ok: true, value: undefined };
  try {
    const decoded: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (Array.isArray(decoded) && decoded.length === 2 && decoded.every((part) => Number.isFinite(part))) {
      return { ok: true, value: [decoded[0] as number, decoded[1] as number] };
    }
  } catch {
    // falls through to the error below
  }
  return { ok: false, error: 'Invalid cursor' };
}

function compareNewestFirst(left: SortKey, right: SortKey): number {
  return right[0] - left[0] || right[1] - left[1];
}

export interface Page<T> {
  items: T[];
  hasMore: boolean;
  /** Cursor of the last item when more follow; null on the last page. */
  cursor: string | null;
}

export function pageNewestFirst<T>(all: readonly T[], keyOf: (item: T) => SortKey, after: SortKey | undefined, size: number): Page<T> {
  const sorted = [...all].sort((left, right) => compareNewestFirst(keyOf(left), keyOf(right)));
  const remaining = after === undefined ? sorted : sorted.filter((item) => compareNewestFirst(after, keyOf(item)) < 0);
  const items = remaining.slice(0, size);
  const hasMore = remaining.length > items.length;
  const last = items.at(-1);
  return { items, hasMore, cursor: hasMore && last !== undefined ? encodeCursor(keyOf(last)) : null };
}
