/**
 * Cortex lists by page number and `take` (at most 100), clients by offset and count. The
 * window [offset, offset + count) is read with one page when some `take` holds all of it,
 * otherwise with two consecutive pages of `take = count`.
 */
export interface PageWindow {
  take: number;
  /** 1-based. */
  firstPage: number;
  pageCount: 1 | 2;
  /** Index of `offset` in the concatenated pages. */
  skip: number;
}

export function pageWindow(offset: number, count: number, maxTake = 100): PageWindow {
  const wanted = Math.max(1, count);
  for (let take = wanted; take <= maxTake; take++) {
    const first = Math.floor(offset / take);
    if (first === Math.floor((offset + wanted - 1) / take)) return { take, firstPage: first + 1, pageCount: 1, skip: offset - first * take };
  }
  const first = Math.floor(offset / wanted);
  return { take: wanted, firstPage: first + 1, pageCount: 2, skip: offset - first * wanted };
}
