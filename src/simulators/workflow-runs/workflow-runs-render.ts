import { formatWireDate } from './workflow-runs-dates.js';
import { isRecord } from './workflow-runs-outputs.js';
import type { WorkflowRunsState } from './workflow-runs-state.js';
import type {
  RunRecord,
  RunSnapshot,
  StepCall,
  StepSnapshot,
  TagWire,
  WorkflowContent,
  WorkflowRecord,
  WorkflowVersionRecord,
} from './workflow-runs-types.js';

/** RunSchema as sent on the wire. */
export interface RunWire {
  id: string;
  result: unknown;
  input: unknown;
  output: Record<string, StepWire> | StepWire[] | null;
  status: string;
  origin: string;
  error?: string;
  started_at: string | null;
  ended_at: string | null;
  app_id: string;
  workflow_app_id: string;
  workflow_id: string;
  workflow_version_draft: Record<string, unknown> | null;
  workflow_version: Record<string, unknown> | null;
  collection_id?: string;
  record_id?: string;
  version?: number;
  usage: UsageWire;
  retention: { max_age_in_seconds: number; preserve_on_failure?: boolean } | null;
  retention_due_at: string | null;
  created_at: string | null;
  updated_at: string | null;
}

export interface StepWire {
  status: string;
  key: string;
  type: string;
  output?: unknown;
  logs?: unknown[];
  calls?: unknown[];
  start: number | string;
  end?: number | string;
  error?: string;
}

export interface UsageWire {
  total: number;
  calls: Array<{ id: string; total: number; calls?: unknown[] }>;
  steps: Record<string, { total: number; calls: Array<{ id: string; total: number }> }>;
}

export interface RenderOptions {
  /** `verbose=all` was asked for. */
  verbose: boolean;
}

/** Turns internal records into Cortex's JSON at a given simulator instant. */
export class WorkflowRunsRenderer {
  constructor(private readonly state: WorkflowRunsState) {}

  run(run: RunRecord, at: number, options: RenderOptions): RunWire {
    const snapshot = this.state.snapshot(run, at);
    const purged = this.state.isPurged(run, at);
    const full = options.verbose || this.state.settings.withoutVerbose === 'full';
    const workflow = this.state.workflows.get(run.workflowId);
    const date = (epochMs: number | null): string | null => (epochMs === null ? null : formatWireDate(epochMs, run.dateFormat, run.id));
    const steps = orderedSteps(snapshot);
    const renderedSteps = steps.map((step) => this.step(step, at, full));
    let output: RunWire['output'] = null;
    if (!purged && renderedSteps.length > 0) {
      output = run.outputStyle === 'legacy-array' ? renderedSteps : Object.fromEntries(renderedSteps.map((step) => [step.key, step]));
    }
    const versionRecord = workflow?.versions.find((version) => version.version === run.versionNumber);
    const dueAt = this.state.retentionDueAt(run, at);
    return {
      id: run.id,
      result: purged || snapshot.status !== 'COMPLETED' ? null : resultOf(steps),
      input: purged ? null : run.input,
      output,
      status: snapshot.status,
      origin: run.origin,
      ...(snapshot.error !== null ? { error: snapshot.error } : {}),
      started_at: date(snapshot.startedAt),
      ended_at: date(snapshot.endedAt),
      app_id: run.appId,
      workflow_app_id: run.workflowAppId,
      workflow_id: run.workflowId,
      workflow_version_draft: full && workflow && run.versionNumber === null ? this.content(workflow.draft) : null,
      workflow_version: full && workflow && versionRecord ? this.version(workflow, versionRecord) : null,
      ...(run.collectionId !== undefined ? { collection_id: run.collectionId } : {}),
      ...(run.recordId !== undefined ? { record_id: run.recordId } : {}),
      ...(run.versionNumber !== null ? { version: run.versionNumber } : {}),
      usage: this.usage(snapshot, at),
      retention: run.retention ? { ...run.retention } : null,
      retention_due_at: date(dueAt),
      created_at: date(run.createdAt),
      updated_at: date(this.state.updatedAt(run, at)),
    };
  }

  step(step: StepSnapshot, at: number, full: boolean): StepWire {
    const execution = step.execution;
    let output: unknown;
    if (execution.type === 'workflow' && execution.childRunId !== undefined) output = this.childLink(execution.childRunId, at);
    else if (step.status === 'COMPLETED') output = execution.output;
    const details = full && step.status !== 'SKIPPED';
    return {
      status: step.status,
      key: execution.key,
      type: execution.type,
      ...(output !== undefined ? { output } : {}),
      ...(details ? { logs: execution.logs } : {}),
      ...(details ? { calls: execution.calls.filter((call) => step.status !== 'RUNNING' || call.start <= at).map((call) => this.call(call)) } : {}),
      start: this.stepTime(execution.start),
      ...(step.end !== undefined ? { end: this.stepTime(step.end) } : {}),
      ...(step.error !== undefined ? { error: step.error } : {}),
    };
  }

  workflow(workflow: WorkflowRecord): Record<string, unknown> {
    const app = this.state.apps.get(workflow.appId);
    const current = workflow.versions[workflow.versions.length - 1];
    const date = (epochMs: number): string => formatWireDate(epochMs, workflow.dateFormat, workflow.id);
    return {
      id: workflow.id,
      name: workflow.name,
      description: workflow.description,
      app: { id: workflow.appId, name: app?.name ?? workflow.appId },
      visibility: workflow.visibility,
      version: current ? this.version(workflow, current) : null,
      tags: workflow.tags.map((name) => this.tag(workflow, name)),
      deleted: false,
      created_at: date(workflow.createdAt),
      updated_at: date(workflow.updatedAt),
      key: current?.key ?? workflow.draft.key,
      input: current?.input ?? workflow.draft.input,
      input_default: current?.inputDefault ?? workflow.draft.inputDefault,
      input_options: current?.inputOptions ?? workflow.draft.inputOptions,
      steps: current?.steps ?? workflow.draft.steps,
      retention: workflow.retention ? { ...workflow.retention } : null,
    };
  }

  version(workflow: WorkflowRecord, version: WorkflowVersionRecord): Record<string, unknown> {
    return {
      id: version.id,
      app_id: workflow.appId,
      workflow_id: workflow.id,
      description: version.description,
      version: version.version,
      ...(version.rollbackVersion !== undefined ? { rollback_version: version.rollbackVersion } : {}),
      notes: version.notes,
      created_by: { ...version.createdBy },
      created_at: formatWireDate(version.createdAt, workflow.dateFormat, version.id),
      ...this.content(version),
    };
  }

  private content(content: WorkflowContent): Record<string, unknown> {
    return { key: content.key, input: content.input, input_default: content.inputDefault, input_options: content.inputOptions, steps: content.steps };
  }

  private tag(workflow: WorkflowRecord, name: string): TagWire {
    const created = formatWireDate(workflow.createdAt, workflow.dateFormat, name);
    return { id: `tag_${name.replace(/[^A-Za-z0-9]/g, '') || 'x'}`, name, color: name.length % 2 === 0 ? '#7c3aed' : null, app_id: workflow.appId, created_at: created, updated_at: created };
  }

  /** The child-run link a `workflow` step's output carries. */
  private childLink(childRunId: string, at: number): Record<string, unknown> | null {
    const child = this.state.runs.get(childRunId);
    if (!child || !this.state.isVisible(child, at)) return null;
    const wire = this.run(child, at, { verbose: false });
    return {
      run_id: child.id,
      app_id: child.appId,
      workflow_id: child.workflowId,
      workflow_app_id: child.workflowAppId,
      status: wire.status,
      origin: wire.origin,
      error: wire.error ?? null,
      usage: wire.usage,
      result: wire.result,
      output: wire.output,
      date: wire.created_at,
    };
  }

  private usage(snapshot: RunSnapshot, at: number): UsageWire {
    const usage: UsageWire = { total: 0, calls: [], steps: {} };
    for (const step of snapshot.steps) {
      const execution = step.execution;
      let stepTotal = 0;
      const stepCalls: Array<{ id: string; total: number }> = [];
      if (execution.childRunId !== undefined) {
        const child = this.state.runs.get(execution.childRunId);
        if (child && this.state.isVisible(child, at)) {
          stepTotal = this.usage(this.state.snapshot(child, at), at).total;
          stepCalls.push({ id: child.id, total: stepTotal });
        }
      } else if (step.status !== 'RUNNING' && step.status !== 'SKIPPED') {
        for (const call of execution.calls) {
          stepTotal += call.total;
          stepCalls.push({ id: call.id, total: call.total });
        }
      }
      if (stepCalls.length === 0) continue;
      usage.steps[execution.key] = { total: round(stepTotal), calls: stepCalls };
      usage.calls.push(...stepCalls.map((call) => ({ ...call, calls: [] })));
      usage.total += stepTotal;
    }
    usage.total = round(usage.total);
    return usage;
  }

  private call(call: StepCall): Record<string, unknown> {
    return { ...call, start: this.stepTime(call.start), end: this.stepTime(call.end) };
  }

  private stepTime(epochMs: number): number | string {
    return this.state.settings.stepTimeFormat === 'iso' ? new Date(epochMs).toISOString() : epochMs;
  }
}

/** Execution order: by start, then as executed (a replay appends after kept steps). */
function orderedSteps(snapshot: RunSnapshot): StepSnapshot[] {
  return snapshot.steps
    .map((step, index) => ({ step, index }))
    .sort((a, b) => a.step.execution.start - b.step.execution.start || a.index - b.index)
    .map(({ step }) => step);
}

/** The last code step's `result`, else the whole output of the last step that produced one. */
function resultOf(steps: StepSnapshot[]): unknown {
  const completed = steps.filter((step) => step.status === 'COMPLETED');
  const lastCode = [...completed].reverse().find((step) => step.execution.type === 'code');
  if (lastCode && isRecord(lastCode.execution.output) && 'result' in lastCode.execution.output) return lastCode.execution.output.result;
  const last = completed[completed.length - 1];
  return last ? last.execution.output ?? null : null;
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
