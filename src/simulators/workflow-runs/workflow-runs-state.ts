import { SeededRandom, Timeline, type SimulatorClock } from '../kit/index.js';
import { isoDateFormat, variedDateFormats, type WireDateFormat } from './workflow-runs-dates.js';
import { childInputFor } from './workflow-runs-outputs.js';
import { cancelledSnapshot, lifecycleForStatus, planRun, type PlanRequest, type PlannedOutcome, type SpawnChild } from './workflow-runs-plan.js';
import type { WorkflowRunsSettings } from './workflow-runs-settings.js';
import {
  runStatuses,
  type AppRecord,
  type OutputStyle,
  type RetentionWire,
  type RunRecord,
  type RunScript,
  type RunSnapshot,
  type StepDefinition,
  type WorkflowRecord,
} from './workflow-runs-types.js';
import { buildWorkflow, contentOf, latestVersion, type SeedWorkflowInput } from './workflow-runs-workflows.js';

export interface SeedRunInput {
  workflowId: string;
  id?: string;
  /** Invoking app (default: the workflow's app). */
  appId?: string;
  origin?: string;
  input?: unknown;
  /** Version number, or `draft` (default: the current version). */
  version?: number | 'draft';
  /** Epoch ms or an ISO string; default derived from `status`. */
  createdAt?: number | string;
  /**
   * The status the run shows now; the lifecycle around it is derived (PENDING starts later,
   * RUNNING ends later, terminal statuses ended already). Any other string is forced as is.
   * Absent: the run follows `script` from `createdAt` (default: created now, default timing).
   */
  status?: string;
  script?: RunScript;
  /** No further transitions after now (a RUNNING run stays RUNNING). */
  frozen?: boolean;
  retention?: RetentionWire | null;
  collectionId?: string;
  recordId?: string;
  dateFormat?: WireDateFormat;
  outputStyle?: OutputStyle;
  family?: 'plain' | 'discover';
  identifier?: string;
  fromStepKey?: string;
}

export interface StartRunParams {
  workflow: WorkflowRecord;
  invokingAppId: string;
  family: 'plain' | 'discover';
  input: unknown;
  versionNumber: number | null;
  fromStepKey?: string;
  /** undefined: the workflow's default. */
  retention?: RetentionWire | null;
  identifier?: string;
}

const terminalStatuses = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'SKIPPED']);
const maxChildDepth = 4;

/** In-memory state of the simulated Cortex account: apps, keys, workflows and runs. */
export class WorkflowRunsState {
  readonly apps = new Map<string, AppRecord>();
  readonly workflows = new Map<string, WorkflowRecord>();
  readonly runs = new Map<string, RunRecord>();
  readonly #keys = new Map<string, string>();
  readonly #random: SeededRandom;
  #scripts: RunScript[] = [];
  #sequence = 0;

  constructor(
    readonly clock: SimulatorClock,
    readonly settings: WorkflowRunsSettings,
  ) {
    this.#random = new SeededRandom(settings.seed, {
      // Workflow-runs fixture ids were recorded this way; keep them.
      uuidDrawing: 'hex-digit-per-draw-then-variant-draw',
      zeroSeedReplacement: 0x9e3779b9,
    });
    this.addApp({ id: settings.appId, name: settings.appName }, settings.apiKey);
    for (const key of settings.extraApiKeys) this.#keys.set(key, settings.appId);
    for (const app of settings.foreignApps) this.addApp({ id: app.id, name: app.name }, app.apiKey);
  }

  get random(): SeededRandom {
    return this.#random;
  }

  addApp(app: AppRecord, apiKey?: string): void {
    this.apps.set(app.id, app);
    if (apiKey !== undefined) this.#keys.set(apiKey, app.id);
  }

  appOfKey(apiKey: string): string | undefined {
    return this.#keys.get(apiKey);
  }

  keys(): Array<{ key: string; appId: string }> {
    return [...this.#keys].map(([key, appId]) => ({ key, appId }));
  }

  // ── workflows ────────────────────────────────────────────────────────────

  addWorkflow(input: SeedWorkflowInput): WorkflowRecord {
    if (this.workflows.has(input.id)) throw new Error(`workflow ${input.id} already exists`);
    const appId = input.appId ?? this.settings.appId;
    if (!this.apps.has(appId)) throw new Error(`unknown app ${appId}`);
    const workflow = buildWorkflow({ ...input, appId }, this.clock.now(), this.#random, input.dateFormat ?? this.#nextDateFormat());
    this.workflows.set(workflow.id, workflow);
    return workflow;
  }

  executableSteps(run: RunRecord): StepDefinition[] {
    const workflow = this.workflows.get(run.workflowId);
    if (!workflow) return [];
    return contentOf(workflow, run.versionNumber).steps.filter((step) => step.type !== 'note');
  }

  // ── scripts ──────────────────────────────────────────────────────────────

  scriptNextRuns(scripts: RunScript[]): void {
    this.#scripts.push(...scripts);
  }

  pendingScripts(): number {
    return this.#scripts.length;
  }

  takeScript(): RunScript {
    return this.#scripts.shift() ?? {};
  }

  // ── runs ─────────────────────────────────────────────────────────────────

  /** A run started through the API: takes the next script, created now. */
  startRun(params: StartRunParams): RunRecord {
    const now = this.clock.now();
    const script = this.takeScript();
    return this.#createRun(
      {
        workflow: params.workflow,
        appId: params.invokingAppId,
        family: params.family,
        origin: this.settings.apiRunOrigin,
        input: params.input ?? {},
        versionNumber: params.versionNumber,
        createdAt: now,
        retention: params.retention === undefined ? params.workflow.retention : params.retention,
        ...(params.identifier !== undefined ? { identifier: params.identifier } : {}),
        ...(params.fromStepKey !== undefined ? { fromStepKey: params.fromStepKey } : {}),
      },
      {
        startAt: now + (script.pendingMs ?? this.settings.pendingMs),
        runningMs: script.runningMs ?? this.settings.runningMs,
        outcome: script.outcome ?? 'success',
        script,
      },
    );
  }

  /** A run with explicit fields, for tests and fixtures. */
  addRun(input: SeedRunInput): RunRecord {
    const workflow = this.workflows.get(input.workflowId);
    if (!workflow) throw new Error(`unknown workflow ${input.workflowId}`);
    const now = this.clock.now();
    const script = input.script ?? {};
    const given = typeof input.createdAt === 'string' ? Date.parse(input.createdAt) : input.createdAt;
    if (given !== undefined && Number.isNaN(given)) throw new Error(`bad createdAt ${String(input.createdAt)}`);
    const { createdAt, startAt, runningMs, outcome } = lifecycleForStatus(input.status, {
      now,
      createdAt: given,
      pendingMs: script.pendingMs ?? this.settings.pendingMs,
      runningMs: script.runningMs ?? this.settings.runningMs,
      outcome: script.outcome ?? 'success',
    });
    const status = input.status;
    const versionNumber = input.version === 'draft' ? null : input.version ?? latestVersion(workflow).version;
    if (versionNumber !== null && !workflow.versions.some((version) => version.version === versionNumber)) {
      throw new Error(`workflow ${workflow.id} has no version ${versionNumber}`);
    }
    const run = this.#createRun(
      {
        workflow,
        appId: input.appId ?? workflow.appId,
        family: input.family ?? 'plain',
        origin: input.origin ?? 'WORKFLOW',
        input: input.input ?? { text: 'Hello from a seeded run' },
        versionNumber,
        createdAt,
        retention: input.retention === undefined ? workflow.retention : input.retention,
        ...(input.id !== undefined ? { id: input.id } : {}),
        ...(input.identifier !== undefined ? { identifier: input.identifier } : {}),
        ...(input.fromStepKey !== undefined ? { fromStepKey: input.fromStepKey } : {}),
        ...(input.collectionId !== undefined ? { collectionId: input.collectionId } : {}),
        ...(input.recordId !== undefined ? { recordId: input.recordId } : {}),
        ...(input.dateFormat !== undefined ? { dateFormat: input.dateFormat } : {}),
        ...(input.outputStyle !== undefined ? { outputStyle: input.outputStyle } : {}),
      },
      { startAt, runningMs, outcome, script },
    );
    if (status !== undefined && !(runStatuses as readonly string[]).includes(status)) {
      this.forceStatus(run, status, { endedAt: this.snapshot(run, now).endedAt ?? now });
    }
    if (input.frozen) this.#freeze(run, now);
    return run;
  }

  snapshot(run: RunRecord, at: number): RunSnapshot {
    return run.timeline.stateAt(at);
  }

  /** A run exists from its creation on (children are pre-created for their step's start). */
  isVisible(run: RunRecord, at: number): boolean {
    return run.createdAt <= at;
  }

  isTerminalAt(run: RunRecord, at: number): boolean {
    const snapshot = this.snapshot(run, at);
    if (terminalStatuses.has(snapshot.status)) return true;
    if (snapshot.status === 'PENDING' || snapshot.status === 'RUNNING') return false;
    return snapshot.endedAt !== null;
  }

  /** Time of the latest change at or before `at`. */
  updatedAt(run: RunRecord, at: number): number {
    const changed = run.timeline.stepAt(at).at;
    return run.lastWriteAt <= at ? Math.max(changed, run.lastWriteAt) : changed;
  }

  retentionDueAt(run: RunRecord, at: number): number | null {
    const retention = run.retention;
    if (!retention || retention.max_age_in_seconds < 0) return null;
    if (retention.preserve_on_failure && this.snapshot(run, at).status === 'FAILED') return null;
    return run.createdAt + retention.max_age_in_seconds * 1000;
  }

  isPurged(run: RunRecord, at: number): boolean {
    if (!this.settings.purgeAfterRetention || !this.isTerminalAt(run, at)) return false;
    const due = this.retentionDueAt(run, at);
    return due !== null && at >= due;
  }

  /** PENDING/RUNNING → CANCELLED now, children included; false when the run cannot be cancelled. */
  cancel(run: RunRecord, now: number): boolean {
    const current = this.snapshot(run, now);
    if (current.status !== 'PENDING' && current.status !== 'RUNNING') return false;
    this.#dropFutureChildren(run, now);
    run.timeline.rewriteFrom(now, [{ at: now, state: cancelledSnapshot(current, now) }]);
    for (const step of current.steps) {
      const childId = step.status === 'RUNNING' ? step.execution.childRunId : undefined;
      const child = childId !== undefined ? this.runs.get(childId) : undefined;
      if (child) this.cancel(child, now);
    }
    return true;
  }

  /**
   * Re-executes `run` from `stepKey` (A10: same id, back to RUNNING). Steps before it keep
   * their results; the rest run again per the next script.
   */
  replay(run: RunRecord, stepKey: string): RunRecord {
    const now = this.clock.now();
    const steps = this.executableSteps(run);
    const index = steps.findIndex((step) => step.key === stepKey);
    if (index === -1) throw new Error(`unknown step ${stepKey}`);
    if (!this.isTerminalAt(run, now)) this.cancel(run, now);
    const current = this.snapshot(run, now);
    const earlier = new Set(steps.slice(0, index).map((step) => step.key));
    const kept = current.steps.filter((step) => earlier.has(step.execution.key));
    const script = this.takeScript();
    if (!this.settings.replayKeepsRunId) {
      const workflow = this.workflows.get(run.workflowId)!;
      return this.#createRun(
        {
          workflow,
          appId: run.appId,
          family: run.family,
          origin: this.settings.apiRunOrigin,
          input: run.input,
          versionNumber: run.versionNumber,
          createdAt: now,
          retention: run.retention,
          fromStepKey: stepKey,
        },
        { startAt: now, runningMs: script.runningMs ?? this.settings.runningMs, outcome: script.outcome ?? 'success', script, kept },
      );
    }
    const request: PlanRequest = {
      ...scriptFields(script),
      runId: run.id,
      input: run.input,
      startAt: now,
      runningMs: script.runningMs ?? this.settings.runningMs,
      outcome: script.outcome ?? 'success',
      steps: steps.slice(index),
      kept,
      startedAt: current.startedAt ?? now,
    };
    run.timeline.rewriteFrom(now, planRun(request, this.#spawner(run)));
    return run;
  }

  setRetention(run: RunRecord, retention: RetentionWire | null): void {
    run.retention = retention;
    run.lastWriteAt = this.clock.now();
  }

  /** Shows `status` from now on and freezes the run there (used for unknown statuses too). */
  forceStatus(run: RunRecord, status: string, options: { endedAt?: number | null } = {}): void {
    const now = this.clock.now();
    const current = this.snapshot(run, now);
    const terminal = terminalStatuses.has(status);
    const endedAt = options.endedAt !== undefined ? options.endedAt : terminal ? current.endedAt ?? now : current.endedAt;
    this.#dropFutureChildren(run, now);
    run.timeline.rewriteFrom(now, [{ at: now, state: { ...current, status, endedAt } }]);
  }

  /** Runs of a workflow visible at `at`, in list order (A9). */
  listRuns(workflowId: string, at: number, filter: { status?: string; origin?: string } = {}): RunRecord[] {
    const runs = [...this.runs.values()].filter((run) => {
      if (run.workflowId !== workflowId || !this.isVisible(run, at)) return false;
      if (filter.origin !== undefined && run.origin !== filter.origin) return false;
      if (filter.status !== undefined && this.snapshot(run, at).status !== filter.status) return false;
      return true;
    });
    const direction = this.settings.runsOrder === 'newest-first' ? -1 : 1;
    return runs.sort((a, b) => direction * (a.createdAt - b.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  // ── internals ────────────────────────────────────────────────────────────

  #createRun(
    fields: {
      workflow: WorkflowRecord;
      appId: string;
      family: 'plain' | 'discover';
      origin: string;
      input: unknown;
      versionNumber: number | null;
      createdAt: number;
      retention: RetentionWire | null;
      id?: string;
      identifier?: string;
      fromStepKey?: string;
      collectionId?: string;
      recordId?: string;
      dateFormat?: WireDateFormat;
      outputStyle?: OutputStyle;
      depth?: number;
    },
    lifecycle: { startAt: number; runningMs: number; outcome: PlannedOutcome; script: RunScript; cancelAt?: number; kept?: RunSnapshot['steps'] },
  ): RunRecord {
    const id = fields.id ?? this.#newRunId();
    if (this.runs.has(id)) throw new Error(`run ${id} already exists`);
    const sequence = this.#sequence++;
    const run: RunRecord = {
      id,
      appId: fields.appId,
      workflowAppId: fields.workflow.appId,
      workflowId: fields.workflow.id,
      versionNumber: fields.versionNumber,
      origin: fields.origin,
      input: fields.input,
      createdAt: fields.createdAt,
      family: fields.family,
      // Placeholder until planned below; the plan needs the record to exist for its children.
      timeline: new Timeline([{ at: fields.createdAt, state: { status: 'PENDING', startedAt: null, endedAt: null, error: null, steps: [] } }]),
      retention: fields.retention,
      lastWriteAt: fields.createdAt,
      dateFormat: fields.dateFormat ?? this.#nextDateFormat(),
      outputStyle: fields.outputStyle ?? this.#outputStyleFor(sequence),
      childRunIds: [],
      depth: fields.depth ?? 0,
      ...(fields.identifier !== undefined ? { identifier: fields.identifier } : {}),
      ...(fields.collectionId !== undefined ? { collectionId: fields.collectionId } : {}),
      ...(fields.recordId !== undefined ? { recordId: fields.recordId } : {}),
    };
    this.runs.set(id, run);
    let steps = this.executableSteps(run);
    if (fields.fromStepKey !== undefined) {
      const index = steps.findIndex((step) => step.key === fields.fromStepKey);
      if (index > 0) steps = steps.slice(index);
    }
    const request: PlanRequest = {
      ...scriptFields(lifecycle.script),
      runId: id,
      input: run.input,
      createdAt: fields.createdAt,
      startAt: lifecycle.startAt,
      runningMs: lifecycle.runningMs,
      outcome: lifecycle.outcome,
      steps,
      ...(lifecycle.cancelAt !== undefined ? { cancelAt: lifecycle.cancelAt } : {}),
      ...(lifecycle.kept !== undefined ? { kept: lifecycle.kept } : {}),
    };
    run.timeline = new Timeline(planRun(request, this.#spawner(run)));
    return run;
  }

  #spawner(parent: RunRecord): SpawnChild {
    return (step, execution, outcome) => {
      const workflow = step.workflow_id !== undefined ? this.workflows.get(step.workflow_id) : undefined;
      if (!workflow || parent.depth + 1 >= maxChildDepth) return undefined;
      const child = this.#createRun(
        {
          workflow,
          appId: parent.workflowAppId,
          family: 'plain',
          origin: 'WORKFLOW',
          input: childInputFor(parent.input, step),
          versionNumber: latestVersion(workflow).version,
          createdAt: execution.start,
          retention: workflow.retention,
          outputStyle: parent.outputStyle,
          depth: parent.depth + 1,
        },
        {
          startAt: execution.start,
          runningMs: (execution.plannedEnd ?? execution.end) - execution.start,
          outcome,
          script: outcome === 'error' && execution.error !== undefined ? { errorMessage: execution.error } : {},
          ...(outcome === 'cancelled' ? { cancelAt: execution.end } : {}),
        },
      );
      parent.childRunIds.push(child.id);
      return child.id;
    };
  }

  /** Children pre-created for steps that will now never start disappear with them. */
  #dropFutureChildren(run: RunRecord, now: number): void {
    for (const childId of [...run.childRunIds]) {
      const child = this.runs.get(childId);
      if (!child) continue;
      if (child.createdAt > now) {
        this.#removeRun(child);
        run.childRunIds = run.childRunIds.filter((id) => id !== childId);
      }
    }
  }

  #removeRun(run: RunRecord): void {
    for (const childId of run.childRunIds) {
      const child = this.runs.get(childId);
      if (child) this.#removeRun(child);
    }
    this.runs.delete(run.id);
  }

  #freeze(run: RunRecord, now: number): void {
    this.#dropFutureChildren(run, now);
    run.timeline.rewriteFrom(now, []);
  }

  #newRunId(): string {
    let id: string;
    do id = `run_${this.#random.base62(24)}`;
    while (this.runs.has(id));
    return id;
  }

  #nextDateFormat(): WireDateFormat {
    if (this.settings.dateFormats === 'iso') return isoDateFormat;
    return variedDateFormats[this.#sequence % variedDateFormats.length]!;
  }

  #outputStyleFor(sequence: number): OutputStyle {
    if (this.settings.outputStyle === 'mixed') return sequence % 2 === 0 ? 'map' : 'legacy-array';
    return this.settings.outputStyle;
  }
}

function scriptFields(script: RunScript): Pick<PlanRequest, 'failStepKey' | 'errorMessage' | 'stepDurationsMs' | 'stepOutputs'> {
  return {
    ...(script.failStepKey !== undefined ? { failStepKey: script.failStepKey } : {}),
    ...(script.errorMessage !== undefined ? { errorMessage: script.errorMessage } : {}),
    ...(script.stepDurationsMs !== undefined ? { stepDurationsMs: script.stepDurationsMs } : {}),
    ...(script.stepOutputs !== undefined ? { stepOutputs: script.stepOutputs } : {}),
  };
}
