import type { TimelineStep } from '../kit/index.js';
import { conditionHolds, failureMessageFor, synthesizeStep } from './workflow-runs-outputs.js';
import type { RunSnapshot, StepDefinition, StepExecution, StepSnapshot } from './workflow-runs-types.js';

export type PlannedOutcome = 'success' | 'error' | 'cancelled' | 'skipped';

/** Everything needed to lay out one execution (a new run, or a replay of an existing one). */
export interface PlanRequest {
  runId: string;
  input: unknown;
  /** PENDING from here on; absent for a replay, which goes straight back to RUNNING (A10). */
  createdAt?: number;
  startAt: number;
  runningMs: number;
  outcome: PlannedOutcome;
  /** When a `cancelled` outcome strikes (default: half-way through `runningMs`). */
  cancelAt?: number;
  failStepKey?: string;
  errorMessage?: string;
  stepDurationsMs?: Record<string, number>;
  stepOutputs?: Record<string, unknown>;
  /** The steps to execute, in order (notes already removed). */
  steps: StepDefinition[];
  /** Steps kept from an earlier execution of the same run (replay). */
  kept?: StepSnapshot[];
  /** `started_at` to report; default `startAt`. */
  startedAt?: number | null;
}

/** Creates the child run of a `workflow` step; returns its id, or undefined when it has none. */
export type SpawnChild = (
  step: StepDefinition,
  execution: StepExecution,
  outcome: Exclude<PlannedOutcome, 'skipped'>,
) => string | undefined;

/**
 * Lays out a run as timeline steps: PENDING at creation, one RUNNING snapshot per step boundary,
 * then the terminal snapshot. Reading the timeline at any instant gives the run as it was then.
 */
export function planRun(request: PlanRequest, spawnChild: SpawnChild): TimelineStep<RunSnapshot>[] {
  const kept = request.kept ?? [];
  const startedAt = request.startedAt === undefined ? request.startAt : request.startedAt;
  const entries: TimelineStep<RunSnapshot>[] = [];
  if (request.createdAt !== undefined) {
    entries.push({ at: request.createdAt, state: { status: 'PENDING', startedAt: null, endedAt: null, error: null, steps: kept } });
  }
  if (request.outcome === 'skipped') {
    const state: RunSnapshot = { status: 'SKIPPED', startedAt: request.startedAt ?? null, endedAt: request.startAt, error: null, steps: kept };
    entries.push({ at: request.startAt, state });
    return entries;
  }
  const executions = layOutSteps(request);
  const cancelAt = request.outcome === 'cancelled' ? request.cancelAt ?? defaultCancelAt(request, executions) : undefined;
  if (cancelAt !== undefined && cancelAt <= request.startAt) {
    // Cancelled before it ever started: PENDING → CANCELLED with no step.
    entries.push({ at: cancelAt, state: { status: 'CANCELLED', startedAt: request.startedAt ?? null, endedAt: cancelAt, error: null, steps: kept } });
    return entries;
  }

  let endAt = executions.length > 0 ? executions[executions.length - 1]!.end : request.startAt;
  let finalStatus = 'COMPLETED';
  let finalError: string | null = null;
  let planned = executions;

  if (request.outcome === 'error') {
    const failIndex = failingIndex(executions, request.failStepKey);
    finalStatus = 'FAILED';
    if (failIndex === -1) {
      finalError = request.errorMessage ?? failureMessageFor(request.runId, 'run');
      planned = [];
      endAt = request.startAt;
    } else {
      const failing = executions[failIndex]!;
      failing.outcome = 'FAILED';
      failing.error = request.errorMessage ?? failureMessageFor(request.runId, failing.key);
      planned = executions.slice(0, failIndex + 1);
      endAt = failing.end;
      finalError = `Step "${failing.key}" failed: ${failing.error}`;
    }
  } else if (cancelAt !== undefined) {
    finalStatus = 'CANCELLED';
    planned = executions.filter((execution) => execution.start < cancelAt || (execution.start === cancelAt && execution.end === cancelAt && execution.outcome === 'SKIPPED'));
    for (const execution of planned) {
      if (execution.end > cancelAt) {
        execution.plannedEnd = execution.end;
        execution.end = cancelAt;
        execution.outcome = 'CANCELLED';
      }
    }
    endAt = cancelAt;
  }

  for (const execution of planned) attachOutput(request, execution, spawnChild);

  const times = [...new Set([request.startAt, ...planned.flatMap((execution) => [execution.start, execution.end])])]
    .filter((time) => time < endAt)
    .sort((a, b) => a - b);
  for (const time of times) {
    entries.push({ at: time, state: { status: 'RUNNING', startedAt, endedAt: null, error: null, steps: [...kept, ...stepsAt(planned, time)] } });
  }
  entries.push({ at: endAt, state: { status: finalStatus, startedAt, endedAt: endAt, error: finalError, steps: [...kept, ...stepsAt(planned, endAt)] } });
  return entries;
}

/** The snapshot a cancel at `now` leaves: running steps end CANCELLED. */
export function cancelledSnapshot(current: RunSnapshot, now: number): RunSnapshot {
  return {
    status: 'CANCELLED',
    startedAt: current.startedAt,
    endedAt: now,
    error: null,
    steps: current.steps.map((step) => (step.status === 'RUNNING' ? { ...step, status: 'CANCELLED', end: now } : step)),
  };
}

/** Half-way through the step running at half time, so a scripted cancel always catches a step mid-flight. */
function defaultCancelAt(request: PlanRequest, executions: StepExecution[]): number {
  const half = request.startAt + Math.floor(request.runningMs / 2);
  const current = executions.filter((execution) => execution.start <= half && execution.end > execution.start).pop();
  return current ? Math.floor((current.start + current.end) / 2) : half;
}

function layOutSteps(request: PlanRequest): StepExecution[] {
  const runnable = request.steps.filter((step) => conditionHolds(step, request.input));
  const explicit = request.stepDurationsMs ?? {};
  const explicitTotal = runnable.reduce((sum, step) => sum + (explicit[step.key] ?? 0), 0);
  const shared = runnable.filter((step) => explicit[step.key] === undefined);
  const remaining = Math.max(0, request.runningMs - explicitTotal);
  const share = shared.length > 0 ? Math.floor(remaining / shared.length) : 0;
  const lastShared = shared[shared.length - 1];
  let cursor = request.startAt;
  return request.steps.map((step) => {
    if (!runnable.includes(step)) {
      return { key: step.key, type: step.type, start: cursor, end: cursor, outcome: 'SKIPPED', output: undefined, logs: [], calls: [] };
    }
    let duration = explicit[step.key] ?? share;
    if (step === lastShared) duration = remaining - share * (shared.length - 1);
    const execution: StepExecution = { key: step.key, type: step.type, start: cursor, end: cursor + duration, outcome: 'COMPLETED', output: undefined, logs: [], calls: [] };
    cursor += duration;
    return execution;
  });
}

function failingIndex(executions: StepExecution[], failStepKey: string | undefined): number {
  const runnable = executions.map((execution, index) => ({ execution, index })).filter(({ execution }) => execution.outcome !== 'SKIPPED');
  if (failStepKey !== undefined) {
    const named = runnable.find(({ execution }) => execution.key === failStepKey);
    if (named) return named.index;
  }
  const candidates = runnable.filter(({ execution }) => execution.type !== 'input');
  const pool = candidates.length > 0 ? candidates : runnable;
  if (pool.length === 0) return -1;
  return pool[Math.floor((pool.length - 1) / 2)]!.index;
}

function attachOutput(request: PlanRequest, execution: StepExecution, spawnChild: SpawnChild): void {
  if (execution.outcome === 'SKIPPED') return;
  const step = request.steps.find((candidate) => candidate.key === execution.key)!;
  const synthesized = synthesizeStep(step, request.input, request.runId, execution);
  execution.logs = synthesized.logs;
  execution.calls = synthesized.calls;
  if (execution.outcome === 'COMPLETED') {
    execution.output = request.stepOutputs && execution.key in request.stepOutputs ? request.stepOutputs[execution.key] : synthesized.output;
  }
  if (step.type === 'workflow') {
    const childOutcome = execution.outcome === 'FAILED' ? 'error' : execution.outcome === 'CANCELLED' ? 'cancelled' : 'success';
    const childRunId = spawnChild(step, execution, childOutcome);
    if (childRunId !== undefined) {
      execution.childRunId = childRunId;
      if (execution.outcome === 'FAILED') execution.error = `Workflow run ${childRunId} failed: ${execution.error ?? 'unknown error'}`;
    }
  }
}

function stepsAt(executions: StepExecution[], time: number): StepSnapshot[] {
  return executions
    .filter((execution) => execution.start <= time)
    .map((execution): StepSnapshot => {
      if (execution.end > time) return { execution, status: 'RUNNING' };
      return {
        execution,
        status: execution.outcome,
        end: execution.end,
        ...(execution.error !== undefined ? { error: execution.error } : {}),
      };
    });
}

/**
 * The lifecycle of a seeded run that must show `status` now: PENDING starts later, RUNNING
 * started already and ends later, terminal statuses have ended. No status: follow the timing
 * from `createdAt` (default now).
 */
export function lifecycleForStatus(
  status: string | undefined,
  timing: { now: number; createdAt: number | undefined; pendingMs: number; runningMs: number; outcome: PlannedOutcome },
): { createdAt: number; startAt: number; runningMs: number; outcome: PlannedOutcome } {
  const { now, pendingMs, runningMs } = timing;
  if (status === undefined) {
    const createdAt = timing.createdAt ?? now;
    return { createdAt, startAt: createdAt + pendingMs, runningMs, outcome: timing.outcome };
  }
  if (status === 'PENDING') {
    const createdAt = timing.createdAt ?? now;
    return { createdAt, startAt: Math.max(createdAt + pendingMs, now + 1), runningMs, outcome: timing.outcome };
  }
  if (status === 'RUNNING') {
    const createdAt = timing.createdAt ?? now - pendingMs - Math.floor(runningMs / 2);
    const startAt = Math.min(createdAt + pendingMs, now);
    return { createdAt, startAt, runningMs: now - startAt + Math.max(1, Math.ceil(runningMs / 2)), outcome: timing.outcome };
  }
  const createdAt = timing.createdAt ?? now - pendingMs - runningMs - 60_000;
  const startAt = Math.min(createdAt + pendingMs, now);
  return { createdAt, startAt, runningMs: Math.max(0, Math.min(runningMs, now - startAt)), outcome: outcomeForStatus(status) ?? timing.outcome };
}

function outcomeForStatus(status: string): PlannedOutcome | undefined {
  switch (status) {
    case 'COMPLETED':
      return 'success';
    case 'FAILED':
      return 'error';
    case 'CANCELLED':
      return 'cancelled';
    case 'SKIPPED':
      return 'skipped';
    default:
      return undefined;
  }
}
