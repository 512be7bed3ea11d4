import type { ExecutionRecord } from '../model/execution-record.js';

/**
 * What the poller publishes for one execution. `sequence` grows by one per event of that
 * execution, so a watcher that read the latest state and then drains events queued on the bus
 * can drop the ones it has already seen (or older ones) instead of replaying them.
 */
export type LiveEvent =
  | { type: 'state'; sequence: number; record: ExecutionRecord }
  /** The upstream does not know the execution (never did, or deleted it). */
  | { type: 'missing'; sequence: number };

/** The bus topic of one execution; provider names cannot contain `:`, native ids may. */
export function liveTopic(provider: string, nativeId: string): string {
  return `${provider}:${nativeId}`;
}
