import DataLoader from 'dataloader';
import type { ExecutionRecord } from '../model/execution-record.js';
import { executionKeyString, type ExecutionKey } from './execution-loader.js';

/**
 * Parents of the executions of one operation. A parent is an execution by id, so this goes
 * through the by-id loader: parents that appear on the same list page (or are shared by many
 * children) cost nothing more, and each distinct missing parent costs one read. Keyed by the
 * child, so asking twice for one child's parent is one lookup.
 */
export function createParentLoader(executions: DataLoader<ExecutionKey, ExecutionRecord | null, string>): DataLoader<ExecutionRecord, ExecutionRecord | null, string> {
  return new DataLoader<ExecutionRecord, ExecutionRecord | null, string>(
    (children) =>
      Promise.all(
        children.map((child) =>
          child.parentNativeId === null
            ? null
            : executions.load({ provider: child.provider, nativeId: child.parentNativeId }).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))),
        ),
      ),
    { cacheKeyFn: (child) => executionKeyString({ provider: child.provider, nativeId: child.nativeId }) },
  );
}
