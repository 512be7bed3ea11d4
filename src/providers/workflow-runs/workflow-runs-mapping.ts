import { malformedRecord } from '../../http/upstream-failure.js';
import type { ExecutionError, ExecutionRecord } from '../../model/execution-record.js';
import { mapNativeStatus, type ExecutionStatus } from '../../model/execution-status.js';
import { parseTimestamp } from '../../model/timestamp.js';
import type {
  TimestampPrecision,
  WorkflowRunOrigin,
  WorkflowRunRetention,
  WorkflowRunUsage,
  WorkflowRunVersionReference,
  WorkflowStep,
} from '../../model/workflow-run-details.js';
import type { WorkflowVersion } from '../../model/workflow.js';
import { limitErrorMessage } from '../error-message-length.js';
import { idString, isObject, optionalNumber, optionalString } from '../wire-values.js';
import type { RunWire } from './workflow-runs-api.js';
import { toSteps, workflowRunStatusTable } from './workflow-runs-steps.js';
import { toRetention, toWorkflowVersion } from './workflow-mapping.js';

/** Cortex's native status for each normalized one it can filter on (`status` takes one value). */
export const nativeRunStatus: Readonly<Partial<Record<ExecutionStatus, string>>> = {
  PENDING: 'PENDING',
  RUNNING: 'RUNNING',
  SUCCEEDED: 'COMPLETED',
  FAILED: 'FAILED',
  CANCELLED: 'CANCELLED',
  SKIPPED: 'SKIPPED',
};

const originByWire: Readonly<Record<string, WorkflowRunOrigin>> = {
  endpoint: 'API',
  webhook: 'WEBHOOK',
  trigger: 'TRIGGER',
  record: 'RECORD',
  test: 'TEST',
  workflow: 'WORKFLOW',
};

/** Cortex's `origin` filter value for each normalized origin it can filter on. */
export const nativeRunOrigin: Readonly<Partial<Record<WorkflowRunOrigin, string>>> = {
  API: 'ENDPOINT',
  WEBHOOK: 'WEBHOOK',
  TRIGGER: 'TRIGGER',
  RECORD: 'RECORD',
  TEST: 'TEST',
  WORKFLOW: 'WORKFLOW',
};

/** Credits are Cortex's own; the unit names the vendor so nobody adds them to another's. */
export const cortexCreditUnit = 'cortex:credits';

const plainDatePattern = /^\s*\d{4}-\d{2}-\d{2}\s*$/;

export interface WorkflowRunMappingContext {
  provider: string;
  /** The workflow and run asked for, when the body lacks them. */
  requestedWorkflowId?: string;
  requestedRunId?: string;
  verbose: boolean;
  family: 'plain' | 'discover';
  stale?: boolean;
  /** The parent, when runql saw it start this run through a `workflow` step. */
  parentNativeId?: string | null;
}

/** Native id of a run: `<workflow_id>/<run_id>` (the app is the provider's). */
export function workflowRunNativeId(workflowId: string, runId: string): string {
  return `${workflowId}/${runId}`;
}

/**
 * Splits a native id at its last slash: run ids are Cortex-generated and slash-free, while a
 * workflow id is better left unconstrained. Null when it cannot be a Cortex run.
 */
export function splitNativeId(nativeId: string): { workflowId: string; runId: string } | null {
  const slash = nativeId.lastIndexOf('/');
  if (slash <= 0 || slash === nativeId.length - 1) return null;
  return { workflowId: nativeId.slice(0, slash), runId: nativeId.slice(slash + 1) };
}

export function toWorkflowRunRecord(wire: RunWire, context: WorkflowRunMappingContext): ExecutionRecord<'workflow-runs'> {
  const runId = idString(wire.id) ?? context.requestedRunId;
  const workflowId = idString(wire.workflow_id) ?? context.requestedWorkflowId;
  if (runId === undefined || workflowId === undefined) throw malformedRecord(context.provider, 'a run without an id or workflow id');
  const createdAt = parseTimestamp(wire.created_at) ?? parseTimestamp(wire.started_at) ?? parseTimestamp(wire.updated_at);
  if (createdAt === null) throw malformedRecord(context.provider, 'a run without a readable created_at');
  const endedAt = parseTimestamp(wire.ended_at);
  const mapped = mapNativeStatus(wire.status, workflowRunStatusTable, endedAt);
  const steps = toSteps(wire.output, context.verbose);
  const usage = toUsage(wire.usage);
  const nativeOrigin = optionalString(wire.origin);

  return {
    kind: 'workflow-runs',
    provider: context.provider,
    nativeId: workflowRunNativeId(workflowId, runId),
    ...mapped,
    input: wire.input ?? null,
    output: outputOf(wire.result, steps),
    error: toError(mapped.status, wire.error, steps),
    createdAt,
    updatedAt: parseTimestamp(wire.updated_at),
    startedAt: parseTimestamp(wire.started_at),
    endedAt,
    creditsUsed: usage?.total ?? null,
    targetId: workflowId,
    parentNativeId: context.parentNativeId ?? null,
    details: {
      workflowId,
      runId,
      appId: idString(wire.app_id),
      workflowAppId: idString(wire.workflow_app_id),
      origin: nativeOrigin === null ? 'UNKNOWN' : (originByWire[nativeOrigin.trim().toLowerCase()] ?? 'UNKNOWN'),
      nativeOrigin,
      version: versionReference(wire),
      workflowVersion: context.verbose ? fullVersion(wire, workflowId) : null,
      steps,
      usage,
      retention: toRunRetention(wire.retention, wire.retention_due_at),
      result: wire.result ?? null,
      collectionId: idString(wire.collection_id),
      recordId: idString(wire.record_id),
      childRuns: steps.flatMap((step) => (step.childRun ? [step.childRun] : [])),
      timestampPrecision: precisionOf(wire.created_at),
      family: context.family,
      verbose: context.verbose,
      stale: context.stale ?? false,
    },
  };
}

/** `result` is what Cortex's API answers with; before there is one, the latest step output. */
function outputOf(result: unknown, steps: readonly WorkflowStep[]): unknown {
  if (result !== undefined && result !== null) return result;
  for (let index = steps.length - 1; index >= 0; index--) {
    const output = steps[index]!.output;
    if (output !== null && output !== undefined) return output;
  }
  return null;
}

/** Cortex's `error` is a bare string; a failed step's error stands in when the run has none. */
function toError(status: ExecutionStatus, error: unknown, steps: readonly WorkflowStep[]): ExecutionError | null {
  const text = typeof error === 'string' ? error : error === undefined || error === null ? '' : JSON.stringify(error);
  if (text !== '') return { code: null, message: limitErrorMessage(text), details: error };
  if (status !== 'FAILED') return null;
  const failed = steps.find((step) => step.status === 'FAILED' && step.error !== null);
  const message = failed ? `Step "${failed.key}" failed: ${failed.error}` : 'Run failed (Cortex gave no message)';
  return { code: null, message: limitErrorMessage(message), details: null };
}

function toUsage(value: unknown): WorkflowRunUsage | null {
  if (!isObject(value)) return null;
  const byStep = isObject(value.steps)
    ? Object.entries(value.steps).map(([stepKey, step]) => ({ stepKey, total: isObject(step) ? optionalNumber(step.total) : optionalNumber(step) }))
    : [];
  return { total: optionalNumber(value.total), unit: cortexCreditUnit, byStep, calls: value.calls ?? null };
}

function toRunRetention(retention: unknown, dueAt: unknown): WorkflowRunRetention | null {
  const base = toRetention(retention);
  const due = parseTimestamp(dueAt);
  if (base === null && due === null) return null;
  return { ...(base ?? { maxAgeSeconds: null, keepForever: false, preserveOnFailure: null }), dueAt: due };
}

/**
 * `version` is the version number; the version objects only come with `verbose=all` (docs/upstreams.md A21). A
 * draft run has `workflow_version` null and `workflow_version_draft` set.
 */
function versionReference(wire: RunWire): WorkflowRunVersionReference {
  const deployed = isObject(wire.workflow_version) ? wire.workflow_version : null;
  const number = optionalNumber(wire.version) ?? (deployed ? optionalNumber(deployed.version) : null);
  let isDraft: boolean | null = null;
  if (deployed || number !== null) isDraft = false;
  else if (isObject(wire.workflow_version_draft)) isDraft = true;
  return { id: deployed ? idString(deployed.id) : null, number, isDraft };
}

function fullVersion(wire: RunWire, workflowId: string): WorkflowVersion | null {
  if (isObject(wire.workflow_version)) return toWorkflowVersion(wire.workflow_version, { workflowId, isDraft: false });
  if (isObject(wire.workflow_version_draft)) return toWorkflowVersion(wire.workflow_version_draft, { workflowId, isDraft: true });
  return null;
}

function precisionOf(value: unknown): TimestampPrecision {
  return typeof value === 'string' && plainDatePattern.test(value) ? 'DATE' : 'DATE_TIME';
}
