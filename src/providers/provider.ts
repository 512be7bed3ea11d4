import type { CircuitSnapshot } from '../http/circuit-breaker.js';
import type { CallOptions } from '../http/upstream-request.js';
import type { ExecutionRecord } from '../model/execution-record.js';
import type { ExecutionStatus } from '../model/execution-status.js';
import type { Feedback } from '../model/feedback.js';
import type { ProviderKind } from '../model/provider-kind.js';
import type { NestedLookups } from './nested-lookups.js';
import type { WorkflowRunsOperations } from './workflow-runs-operations.js';

export type { CallOptions } from '../http/upstream-request.js';

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

/** How a provider lists: its native streams for a filter, and one page of a stream. */
export interface ListOperations {
  /** The native streams that together list what `filter` asks for (empty: nothing to list). */
  streams(filter: ListFilter, options: CallOptions): Promise<string[]>;
  page(query: ListQuery, options: CallOptions): Promise<ListPage>;
}

/**
 * A write on one execution (cancel, retry). The caller checks the contract's preconditions from
 * a fresh read; `refusal` refines them with the upstream's own and returns why the command is
 * refused, or null. The adapter re-reads after the write where the upstream answers nothing.
 */
export interface ExecutionCommand {
  refusal?(record: ExecutionRecord): string | null;
  run(record: ExecutionRecord, options: CallOptions): Promise<ExecutionRecord>;
}

/** Rating an execution: an ExecutionCommand that carries the feedback. */
export interface RateCommand {
  refusal?(record: ExecutionRecord): string | null;
  run(record: ExecutionRecord, feedback: Feedback, options: CallOptions): Promise<ExecutionRecord>;
}

/** Live batching: watched executions that share a list scope are polled with one list call. */
export interface BatchPolling {
  /** The list scope through which this execution can be polled with others (its AirOps app, Zaia responder, Cortex workflow), or null. */
  scopeOf(record: ExecutionRecord): string | null;
  /**
   * The current state of as many of `nativeIds` (all in `scope`) as one upstream list call
   * returns; the caller falls back to `get` for the ones missing from the answer.
   */
  poll(scope: string, nativeIds: readonly string[], options: CallOptions): Promise<ExecutionRecord[]>;
}

/**
 * Every operation a provider may offer, each taking the caller's CallOptions whole (they reach
 * the HTTP layer as they are, so a poller's `retry: false` cannot be lost on the way).
 */
export interface ProviderOperations {
  /** The execution, or null when the upstream does not know it. */
  get(nativeId: string, options: CallOptions): Promise<ExecutionRecord | null>;
  list: ListOperations;
  start(request: StartRequest, options: CallOptions): Promise<ExecutionRecord>;
  cancel: ExecutionCommand;
  retry: ExecutionCommand;
  rate: RateCommand;
  children(record: ExecutionRecord, options: CallOptions): Promise<ExecutionRecord[]>;
  executeDefinition(request: DefinitionStartRequest, options: CallOptions): Promise<ExecutionRecord>;
  webhookExecute(request: WebhookStartRequest, options: CallOptions): Promise<ExecutionRecord>;
  batch: BatchPolling;
}

/** What a provider offers: every provider reads by id; the rest is there exactly when supported. */
export type ProviderOperationSet = Pick<ProviderOperations, 'get'> & Partial<Omit<ProviderOperations, 'get'>>;

/** Kind-specific operations, which the schema reaches beyond the common ones. */
export interface ProviderExtensions {
  /** Cortex's own operations (workflow catalog, retention, discoverable runs); kind `workflow-runs` only. */
  workflowRuns?: WorkflowRunsOperations;
  /** Zaia's own reads (by chat message, whole subtrees); kind `nested` only. */
  nested?: NestedLookups;
}

/**
 * One configured upstream behind the normalized model. Adapters implement it; nothing above
 * this interface sees a wire field, and nothing below it sees GraphQL. `operations` and
 * `extensions` are the one source of truth for what it supports: an absent operation is
 * answered NOT_SUPPORTED before any upstream call, and `capabilities` is derived from them.
 */
export interface Provider {
  readonly name: string;
  readonly kind: ProviderKind;
  readonly startModes: StartModes;
  readonly operations: ProviderOperationSet;
  readonly extensions: ProviderExtensions;

  /** False when `nativeId` cannot be an id of this upstream (answer null without a call). */
  isValidNativeId(nativeId: string): boolean;
  stats(): ProviderStats;
  close(): Promise<void>;
}
