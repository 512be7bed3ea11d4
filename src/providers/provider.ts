import type { CircuitSnapshot } from '../http/circuit-breaker.js';
import type { ExecutionRecord } from '../model/execution-record.js';
import type { ExecutionStatus } from '../model/execution-status.js';
import type { Feedback } from '../model/feedback.js';
import type { ProviderKind } from '../model/provider-kind.js';
import type { NestedLookups } from './nested-lookups.js';
import type { WorkflowRunsOperations } from './workflow-runs-operations.js';

/**
 * What a provider can do. The schema layer answers NOT_SUPPORTED for an operation whose
 * capability is absent, before any upstream call.
 */
export type Capability =
  | 'get'
  | 'list'
  | 'start'
  | 'cancel'
  | 'retry'
  | 'rate'
  | 'children'
  | 'executeDefinition'
  | 'webhookExecute'
  /** Kind-specific operations the schema reaches through the adapter's own interface (Cortex run retention, workflow catalog, discoverable workflows). */
  | 'retention'
  | 'workflows'
  | 'discover';

export interface CallOptions {
  /** Aborts the upstream call when the client is gone. */
  signal?: AbortSignal;
  /**
   * False: a read makes one attempt (UpstreamRequest.retry). The live poller passes it to
   * `get` and `pollBatch`: it backs off on its own, and in-call retries would cost several
   * upstream calls per tick against an upstream that is already failing.
   */
  retry?: boolean;
}

/** How a provider can start executions. */
export interface StartModes {
  /** Returns at once with a PENDING/RUNNING execution. */
  async: boolean;
  /** Blocks until the run ends, for at most `maxDurationMs` (Infinity: no documented bound). */
  sync: { maxDurationMs: number } | null;
}

export interface StartRequest {
  /** App uuid or numeric id, flow id, or workflow id. */
  target: string;
  inputs: unknown;
  /** Upstream version selector (AirOps version_slug, Cortex workflow_version_id), if given. */
  version: string | null;
  mode: 'sync' | 'async';
}

export interface ListFilter {
  /** Native targets (apps, flows, workflows, responders) to restrict to; null: every target the provider lists. */
  targetIds: readonly string[] | null;
  /** Statuses to keep; the provider pushes them down where the upstream can filter. */
  statuses: readonly ExecutionStatus[] | null;
}

/**
 * A provider lists through one or more native streams, each newest first with its own
 * pagination (an AirOps app, a Cortex workflow, or the whole upstream). The listing merger
 * owns the merge across streams and providers and the opaque cursor.
 */
export interface ListQuery extends ListFilter {
  /** A key returned by listStreams. */
  stream: string;
  pageSize: number;
  /** Where to resume, exactly as a previous page returned it; null: the newest. */
  position: unknown;
}

export interface ListPage {
  /** Newest first. Records that do not match the filter may remain where the upstream cannot filter. */
  records: ExecutionRecord[];
  /** Opaque, JSON-serializable position of the next page; null at the end. */
  next: unknown;
}

export interface DefinitionStartRequest {
  target: string;
  inputs: Record<string, unknown>;
  inputsSchema: unknown[];
  definition: unknown[];
  mode: 'sync' | 'async';
}

export interface WebhookStartRequest {
  target: string;
  payload: unknown;
  version: string | null;
}

export interface ProviderStats {
  /** Upstream HTTP requests sent, retries included. */
  upstreamRequests: number;
  upstreamFailures: number;
  /** The provider's circuit breaker (absent for providers without an upstream client). */
  circuit?: CircuitSnapshot;
}

/**
 * One configured upstream behind the normalized model. Adapters implement it; nothing above
 * this interface sees a wire field, and nothing below it sees GraphQL. Optional members are
 * present exactly when the matching capability is.
 */
export interface Provider {
  readonly name: string;
  readonly kind: ProviderKind;
  readonly capabilities: ReadonlySet<Capability>;
  readonly startModes: StartModes;

  /** False when `nativeId` cannot be an id of this upstream (answer null without a call). */
  isValidNativeId(nativeId: string): boolean;
  /** The execution, or null when the upstream does not know it. */
  get(nativeId: string, options?: CallOptions): Promise<ExecutionRecord | null>;
  /** The native streams that together list what `filter` asks for (empty: nothing to list). */
  listStreams?(filter: ListFilter, options?: CallOptions): Promise<string[]>;
  list?(query: ListQuery, options?: CallOptions): Promise<ListPage>;
  start?(request: StartRequest, options?: CallOptions): Promise<ExecutionRecord>;
  /** Preconditions are checked by the caller from the record; the adapter re-reads after the write. */
  cancel?(record: ExecutionRecord, options?: CallOptions): Promise<ExecutionRecord>;
  retry?(record: ExecutionRecord, options?: CallOptions): Promise<ExecutionRecord>;
  rate?(record: ExecutionRecord, feedback: Feedback, options?: CallOptions): Promise<ExecutionRecord>;
  children?(record: ExecutionRecord, options?: CallOptions): Promise<ExecutionRecord[]>;
  executeDefinition?(request: DefinitionStartRequest, options?: CallOptions): Promise<ExecutionRecord>;
  webhookExecute?(request: WebhookStartRequest, options?: CallOptions): Promise<ExecutionRecord>;
  /**
   * Live batching: the list scope through which this execution can be polled together with
   * others (its AirOps app, its Zaia responder, its Cortex workflow), or null when it can't.
   */
  batchScopeOf?(record: ExecutionRecord): string | null;
  /**
   * The current state of as many of `nativeIds` (all in `scope`) as one upstream list call
   * returns; the caller falls back to `get` for the ones missing from the answer.
   */
  pollBatch?(scope: string, nativeIds: readonly string[], options?: CallOptions): Promise<ExecutionRecord[]>;
  /**
   * Refines the generic preconditions (cancel: not terminal; retry: FAILED; rate: SUCCEEDED)
   * with the upstream's own; returns why `operation` is refused, or null.
   */
  refusal?(operation: 'cancel' | 'retry' | 'rate', record: ExecutionRecord): string | null;

  /** Cortex's own operations (workflow catalog, retention, discoverable runs); kind `workflow-runs` only. */
  readonly workflowRuns?: WorkflowRunsOperations;
  /** Zaia's own reads (by chat message, whole subtrees); kind `nested` only. */
  readonly nestedLookups?: NestedLookups;

  stats(): ProviderStats;
  close(): Promise<void>;
}
