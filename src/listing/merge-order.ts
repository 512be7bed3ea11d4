import type { ExecutionRecord } from '../model/execution-record.js';
import { executionGlobalId } from '../model/global-id.js';

/**
 * A record's place in the merged listing: newest first by createdAt, ties by the global id a
 * client sees (`Execution.id`), ascending. Native streams order ties their own way (or not at
 * all), so the merger never relies on their tie order, only on this key.
 */
export interface MergeKey {
  /** createdAt in epoch milliseconds. */
  createdAt: number;
  /** The execution's global id. */
  id: string;
}

/** A record with its key computed once. */
export interface KeyedRecord {
  record: ExecutionRecord;
  key: MergeKey;
}

export function mergeKeyOf(record: ExecutionRecord): MergeKey {
  return { createdAt: Date.parse(record.createdAt), id: executionGlobalId(record.provider, record.nativeId) };
}

/** Negative when `left` comes first in the merged listing, 0 for the same place. */
export function compareMergeOrder(left: MergeKey, right: MergeKey): number {
  if (left.createdAt !== right.createdAt) return right.createdAt - left.createdAt;
  return left.id < right.id ? -1 : left.id > right.id ? 1 : 0;
}

/** True when `key` comes strictly after `bound` (always, without a bound). */
export function isAfter(key: MergeKey, bound: MergeKey | null): boolean {
  return bound === null || compareMergeOrder(bound, key) < 0;
}
