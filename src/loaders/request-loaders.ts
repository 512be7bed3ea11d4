import type DataLoader from 'dataloader';
import type { Gateway } from '../gateway.js';
import type { ExecutionRecord } from '../model/execution-record.js';
import type { CallOptions, Provider } from '../providers/provider.js';
import { maxNestingDepth } from '../providers/nested-lookups.js';
import { createChildrenLoader, type SubtreeReader } from './children-loader.js';
import { createExecutionLoader, executionKeyOf, type ExecutionKey } from './execution-loader.js';
import { createParentLoader } from './parent-loader.js';

/**
 * The loaders of one operation (by id, parent, children), each built on first use: most
 * operations touch one of them or none, and the hot path stays lean. `renew` drops them, for a
 * subscription's next event.
 */
export class RequestLoaders {
  #gateway: Gateway;
  #callOptions: () => CallOptions;
  /** False once renewed: reads that must reflect the upstream now (subscription events) skip the finished cache. */
  #useFinished = true;
  #executions: DataLoader<ExecutionKey, ExecutionRecord | null, string> | undefined;
  #parents: DataLoader<ExecutionRecord, ExecutionRecord | null, string> | undefined;
  #children: DataLoader<ExecutionRecord, ExecutionRecord[], string> | undefined;

  /** `callOptions` is asked once per loader built (the request's signal is created lazily). */
  constructor(gateway: Gateway, callOptions: () => CallOptions) {
    this.#gateway = gateway;
    this.#callOptions = callOptions;
  }

  get executions(): DataLoader<ExecutionKey, ExecutionRecord | null, string> {
    this.#executions ??= createExecutionLoader({
      registry: this.#gateway.registry,
      finished: this.#gateway.finishedExecutions,
      useFinished: this.#useFinished,
      callOptions: this.#callOptions(),
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
      callOptions: this.#callOptions(),
    });
    return this.#children;
  }

  /** A record this operation read upstream: later fields of the operation use it without a call. */
  hold(record: ExecutionRecord): void {
    this.executions.prime(executionKeyOf(record), record);
    this.#gateway.finishedExecutions.observe(record);
  }

  /** Forgets every read so far; later reads go to the upstream, never to the finished cache. */
  renew(): void {
    this.#executions = undefined;
    this.#parents = undefined;
    this.#children = undefined;
    this.#useFinished = false;
  }
}

/** Zaia's nestings answer a whole subtree in one call. */
function subtreeReaderOf(provider: Provider): SubtreeReader | null {
  const lookups = provider.extensions.nested;
  if (!lookups) return null;
  return { maxDepth: maxNestingDepth, descendants: (record, depth, options) => lookups.descendants(record, depth, options) };
}

/** Cortex runs name the child runs their `workflow` steps started. */
function namedChildrenOf(record: ExecutionRecord): readonly string[] | null {
  return record.kind === 'workflow-runs' ? record.details.childRuns.map((link) => link.nativeId) : null;
}
