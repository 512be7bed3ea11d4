import type { ExecutionRecord } from '../model/execution-record.js';
import type { ExecutionStatus } from '../model/execution-status.js';
import type { WorkflowRunOrigin } from '../model/workflow-run-details.js';
import type { CatalogPage, Workflow, WorkflowFamily, WorkflowVersion } from '../model/workflow.js';
import type { CallOptions } from './provider.js';

export type WorkflowRunRecord = ExecutionRecord<'workflow-runs'>;

/** A page of the workflow catalog: the app's own workflows, or the public (discoverable) ones. */
export interface WorkflowListRequest {
  family: WorkflowFamily;
  search: string | null;
  tags: readonly string[];
  offset: number;
  count: number;
}

/** A new retention for one run: a number of seconds, or keep forever (`maxAgeSeconds` null). */
export interface RetentionChange {
  maxAgeSeconds: number | null;
  preserveOnFailure: boolean | null;
}

export interface RunListRequest {
  workflowId: string;
  /** One status (Cortex filters on one value). */
  status: ExecutionStatus | null;
  origin: WorkflowRunOrigin | null;
  first: number;
  /** A cursor of an earlier answer. */
  after: string | null;
}

export interface RunListWindow {
  edges: { cursor: string; record: WorkflowRunRecord }[];
  hasNextPage: boolean;
  endCursor: string | null;
  /** From `pagination-count`; null when the gateway had to filter on its own (an inexact count). */
  totalCount: number | null;
}

export interface DiscoverStartRequest {
  workflowId: string;
  inputs: unknown;
  version: string | null;
  retention: RetentionChange | null;
}

/**
 * What Cortex offers beyond the common Provider interface, for the schema's WorkflowRun,
 * Workflow and WorkflowVersion fields (capabilities `retention`, `workflows`, `discover`).
 */
export interface WorkflowRunsOperations {
  /** The run as `verbose=all` shows it (version objects, step logs and calls); `record` itself when already so or unreadable. */
  readVerbose(record: WorkflowRunRecord, options: CallOptions): Promise<WorkflowRunRecord>;
  /** One workflow's runs, newest first, with status and origin filtered by Cortex. */
  listRuns(request: RunListRequest, options: CallOptions): Promise<RunListWindow>;
  updateRetention(nativeId: string, change: RetentionChange, options: CallOptions): Promise<WorkflowRunRecord>;
  startDiscoverable(request: DiscoverStartRequest, options: CallOptions): Promise<WorkflowRunRecord>;
  /** Cancels a run through the discover routes, whether or not runql remembers starting it. */
  cancelDiscoverable(nativeId: string, options: CallOptions): Promise<WorkflowRunRecord>;
  listWorkflows(request: WorkflowListRequest, options: CallOptions): Promise<CatalogPage<Workflow>>;
  getWorkflow(workflowId: string, family: WorkflowFamily, options: CallOptions): Promise<Workflow | null>;
  listVersions(workflowId: string, offset: number, count: number, options: CallOptions): Promise<CatalogPage<WorkflowVersion>>;
  getVersion(workflowId: string, version: string, family: WorkflowFamily, options: CallOptions): Promise<WorkflowVersion | null>;
}
