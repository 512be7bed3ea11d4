import type DataLoader from 'dataloader';
import type { Gateway } from '../gateway.js';
import type { ExecutionRecord } from '../model/execution-record.js';
import type { Provider } from '../providers/provider.js';
import { maxNestingDepth } from '../providers/nested-lookups.js';
import { createChildrenLoader, type SubtreeReader } from './children-loader.js';
import { createExecutionLoader, executionKeyOf, type ExecutionKey } from './execution-loader.js';
import { createParentLoader } from './parent-loader.js';

/**
 * The loaders of one operation (by id, parent, children), each built on first use: most
 * operations touch one of them or none, and the hot path stays lean.
 */
export class RequestLoaders {
  #gateway: Gateway;
  #signal: AbortSignal | undefined;
  #useFinished: boolean;
  #executions: DataLoader<ExecutionKey, ExecutionRecord | null, string> | undefined;
  #parents: DataLoader<ExecutionRecord, ExecutionRecord | null, string> | undefined;
  #children: DataLoader<ExecutionRecord, ExecutionRecord[], string> | undefined;

  /** `useFinished: false` for reads that must reflect the upstream now (subscription events). */
  constructor(gateway: Gateway, signal: AbortSignal | undefined, useFinished: boolean) {
    this.#gateway = gateway;
    this.#signal = signal;
    this.#useFinished = useFinished;
  }

  get executions(): DataLoader<ExecutionKey, ExecutionRecord | null, string> {
    this.#executions ??= createExecutionLoader({
      registry: this.#gateway.registry,
      finished: this.#gateway.finishedExecutions,
      useFinished: this.#useFinished,
      signal: this.#signal,
    });
    return this.#executions;
  }

  get parents(): DataLoader<ExecutionRecord, ExecutionRecord | null, string> {
    this.#parents ??= createParentLoader(this.executions);
    return this.#parents;
  }

  get children(): DataLoader<ExecutionRecord, ExecutionRecord[], string> {
    this.#children ??= createChildrenLoader({
      registry: this.#gateway.registry,
      executions: this.executions,
      finished: this.#gateway.finishedExecutions,
      subtreeReaderOf,
      namedChildrenOf,
      signal: this.#signal,
    });
    return this.#children;
  }

  /** A record this operation read upstream: later fields of the operation use it without a call. */
  hold(record: ExecutionRecord): void {
    this.executions.prime(executionKeyOf(record), record);
    this.#gateway.finishedExecutions.observe(record);
  }
}

/** Zaia's nestings answer a whole subtree in one call. */
function subtreeReaderOf(provider: Provider): SubtreeReader | null {
  const lookups = provider.nestedLookups;
  if (!lookups) return null;
  return { maxDepth: maxNestingDepth, descendants: (record, depth, options) => lookups.descendants(record, depth, options) };
}

/** Cortex runs name the child runs their `workflow` steps started. */
function namedChildrenOf(record: ExecutionRecord): readonly string[] | null {
  return record.kind === 'workflow-runs' ? record.details.childRuns.map((link) => link.nativeId) : null;
}
