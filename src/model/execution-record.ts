import type { ExecutionStatus } from './execution-status.js';
import type { ProviderKind } from './provider-kind.js';
import type { AirOpsDetails } from './airops-details.js';
import type { FlowDetails } from './flow-details.js';
import type { NestedDetails } from './nested-details.js';
import type { WorkflowRunDetails } from './workflow-run-details.js';

/** An execution's error in normalized form; `details` keeps the upstream's raw error value. */
export interface ExecutionError {
  code: string | null;
  message: string;
  details: unknown;
}

/**
 * The normalized execution: plain data, independent of GraphQL and of any wire format.
 * Timestamps are ISO 8601 UTC strings with milliseconds (see parseTimestamp).
 */
export interface ExecutionRecordBase {
  /** The configured provider name (several providers may share a kind). */
  provider: string;
  nativeId: string;
  status: ExecutionStatus;
  nativeStatus: string;
  isTerminal: boolean;
  input: unknown;
  output: unknown;
  error: ExecutionError | null;
  createdAt: string;
  updatedAt: string | null;
  startedAt: string | null;
  endedAt: string | null;
  /** Credits in the provider's own unit (never summed across providers). */
  creditsUsed: number | null;
  /** The app / flow / workflow / responder this execution ran, when known. */
  targetId: string | null;
  /** The parent's native id, when the upstream reports one. */
  parentNativeId: string | null;
}

/** Kind-specific fields, one entry per provider kind; adapters fill `details`. */
export interface ExecutionDetailsByKind {
  airops: AirOpsDetails;
  flows: FlowDetails;
  nested: NestedDetails;
  'workflow-runs': WorkflowRunDetails;
}

export type ExecutionRecord<K extends ProviderKind = ProviderKind> = {
  [P in K]: ExecutionRecordBase & { kind: P; details: ExecutionDetailsByKind[P] };
}[K];
