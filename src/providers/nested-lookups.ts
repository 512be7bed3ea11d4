import type { ExecutionRecord } from '../model/execution-record.js';
import type { CallOptions } from './provider.js';

/** How far below an execution a nested tree is read: a cap, since the upstream's nesting is unbounded. */
export const maxNestingDepth = 10;

/** Reads only Zaia offers, beyond the common Provider interface (NestedExecution fields and queries). */
export interface NestedLookups {
  executionByChatMessage(chatMessageId: string, options: CallOptions): Promise<ExecutionRecord<'nested'> | null>;
  /** The subtree below `record` in preorder, each execution once, down to `maxDepth` (at most maxNestingDepth). */
  descendants(record: ExecutionRecord, maxDepth: number, options: CallOptions): Promise<ExecutionRecord<'nested'>[]>;
}
