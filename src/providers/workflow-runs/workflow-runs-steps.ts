import { mapNativeStatus, type ExecutionStatus } from '../../model/execution-status.js';
import { parseTimestamp } from '../../model/timestamp.js';
import type { WorkflowChildRunLink, WorkflowStep } from '../../model/workflow-run-details.js';
import { idString, isObject, optionalString } from '../wire-values.js';
import type { StepWire } from './workflow-runs-api.js';

/** UPSTREAMS.md §4.1, Cortex column; steps use the same words (and never PENDING). */
export const workflowRunStatusTable: Readonly<Record<string, ExecutionStatus>> = {
  pending: 'PENDING',
  running: 'RUNNING',
  completed: 'SUCCEEDED',
  failed: 'FAILED',
  cancelled: 'CANCELLED',
  skipped: 'SKIPPED',
};

/**
 * `output` is a map from step key to step (current docs) or an array of steps (older docs,
 * docs/upstreams.md D2). Both become one list ordered by `start` (epoch ms, docs/upstreams.md A19, or a date-time), ties and
 * steps without a start kept in the order Cortex sent them. Anything that is not a step
 * object is kept as an UNKNOWN step carrying it as output rather than dropped.
 */
export function toSteps(output: unknown, verbose: boolean): WorkflowStep[] {
  let entries: { fallbackKey: string; value: unknown }[];
  if (Array.isArray(output)) entries = output.map((value, index) => ({ fallbackKey: String(index), value }));
  else if (isObject(output)) entries = Object.entries(output).map(([fallbackKey, value]) => ({ fallbackKey, value }));
  else return [];

  const steps = entries.map(({ fallbackKey, value }, index) => ({ step: toStep(value, fallbackKey, verbose), index }));
  return steps
    .sort((a, b) => compareStart(a.step.startedAt, b.step.startedAt) || a.index - b.index)
    .map(({ step }) => step);
}

/** The step a replay of a failed run starts from: the first failed one in execution order, else the first. */
export function replayStepKey(steps: readonly WorkflowStep[]): string | null {
  return (steps.find((step) => step.status === 'FAILED') ?? steps[0])?.key ?? null;
}

/** The first step that executes in a version's definition (notes never do). */
export function firstDefinedStepKey(definitions: unknown): string | null {
  if (!Array.isArray(definitions)) return null;
  for (const definition of definitions) {
    if (isObject(definition) && definition.type !== 'note' && typeof definition.key === 'string') return definition.key;
  }
  return null;
}

function toStep(value: unknown, fallbackKey: string, verbose: boolean): WorkflowStep {
  if (!isStepShaped(value)) {
    return {
      key: fallbackKey,
      type: null,
      status: 'UNKNOWN',
      nativeStatus: '',
      startedAt: null,
      endedAt: null,
      output: value ?? null,
      error: null,
      logs: null,
      calls: null,
      childRun: null,
    };
  }
  const wire: StepWire = value;
  const key = idString(wire.key) ?? fallbackKey;
  const endedAt = parseTimestamp(wire.end);
  const mapped = mapNativeStatus(wire.status, workflowRunStatusTable, endedAt);
  const type = optionalString(wire.type);
  return {
    key,
    type,
    status: mapped.status,
    nativeStatus: mapped.nativeStatus,
    startedAt: parseTimestamp(wire.start),
    endedAt,
    output: wire.output ?? null,
    error: errorText(wire.error),
    logs: Array.isArray(wire.logs) ? wire.logs : verbose ? [] : null,
    calls: Array.isArray(wire.calls) ? wire.calls : verbose ? [] : null,
    childRun: type === 'workflow' ? childLink(wire.output, key) : null,
  };
}

/** A `workflow` step's output names the child run it started. */
function childLink(output: unknown, stepKey: string): WorkflowChildRunLink | null {
  if (!isObject(output)) return null;
  const runId = idString(output.run_id);
  const workflowId = idString(output.workflow_id);
  if (runId === null || workflowId === null) return null;
  const mapped = mapNativeStatus(output.status, workflowRunStatusTable, null);
  return {
    nativeId: `${workflowId}/${runId}`,
    runId,
    workflowId,
    appId: idString(output.app_id),
    workflowAppId: idString(output.workflow_app_id),
    stepKey,
    status: mapped.status,
    nativeStatus: mapped.nativeStatus,
  };
}

function isStepShaped(value: unknown): value is Record<string, unknown> {
  return isObject(value) && ('status' in value || 'key' in value || 'start' in value);
}

function errorText(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function compareStart(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}
