import type { ExecutionStatus } from './execution-status.js';
import type { Retention, WorkflowVersion } from './workflow.js';

/** Where a run came from. Cortex's `ENDPOINT` (a run started through its API) reads as API. */
export const workflowRunOrigins = ['API', 'WEBHOOK', 'TRIGGER', 'RECORD', 'TEST', 'WORKFLOW', 'UNKNOWN'] as const;
export type WorkflowRunOrigin = (typeof workflowRunOrigins)[number];

/** Cortex documents its dates as plain dates; such a value becomes midnight UTC and says so. */
export const timestampPrecisions = ['DATE', 'DATE_TIME'] as const;
export type TimestampPrecision = (typeof timestampPrecisions)[number];

/** A run another run's `workflow` step started: Cortex's only link between runs (no parent pointer). */
export interface WorkflowChildRunLink {
  /** `<workflow_id>/<run_id>`, the child's native id in runql. */
  nativeId: string;
  runId: string;
  workflowId: string;
  appId: string | null;
  workflowAppId: string | null;
  /** The step of the parent that started it. */
  stepKey: string;
  status: ExecutionStatus;
  nativeStatus: string;
}

/** One executed step, in execution order (by start). */
export interface WorkflowStep {
  key: string;
  type: string | null;
  status: ExecutionStatus;
  nativeStatus: string;
  startedAt: string | null;
  endedAt: string | null;
  output: unknown;
  error: string | null;
  /** Only sent with `verbose=all`; null when this read did not ask for it. */
  logs: unknown[] | null;
  calls: unknown[] | null;
  childRun: WorkflowChildRunLink | null;
}

/** Credits in Cortex's own unit (`unit` says so): never comparable with another provider's. */
export interface WorkflowRunUsage {
  total: number | null;
  unit: string;
  byStep: { stepKey: string; total: number | null }[];
  /** `usage.calls`, verbatim (nested per model or HTTP call). */
  calls: unknown;
}

export interface WorkflowRunRetention extends Retention {
  /** `retention_due_at`: when the run's data may be purged. */
  dueAt: string | null;
}

/** The version a run executed: `isDraft` when it ran the workflow's draft. */
export interface WorkflowRunVersionReference {
  id: string | null;
  number: number | null;
  /** Null when this read cannot tell (Cortex leaves the version objects out without verbose). */
  isDraft: boolean | null;
}

/** What Cortex reports beyond the common model (filled by the workflow-runs adapter). */
export interface WorkflowRunDetails {
  workflowId: string;
  runId: string;
  /** The invoking app (`app_id`). */
  appId: string | null;
  /** The app owning the workflow (`workflow_app_id`); differs from appId for discoverable workflows. */
  workflowAppId: string | null;
  origin: WorkflowRunOrigin;
  nativeOrigin: string | null;
  version: WorkflowRunVersionReference;
  /** The full version object; only present when the run was read with `verbose=all`. */
  workflowVersion: WorkflowVersion | null;
  steps: WorkflowStep[];
  usage: WorkflowRunUsage | null;
  retention: WorkflowRunRetention | null;
  /** `result`, the API-facing value (the last code step's `result`, else the last step's output). */
  result: unknown;
  collectionId: string | null;
  recordId: string | null;
  childRuns: WorkflowChildRunLink[];
  timestampPrecision: TimestampPrecision;
  /** `discover`: created through the discoverable-workflow routes, which have no GET (docs/upstreams.md A22). */
  family: 'plain' | 'discover';
  /** True when the read asked for `verbose=all` (version objects, step logs and calls). */
  verbose: boolean;
  /**
   * True when Cortex cannot be asked for this run (a discover run of another app's workflow):
   * the fields are what Cortex last answered to runql, not its current state.
   */
  stale: boolean;
}
