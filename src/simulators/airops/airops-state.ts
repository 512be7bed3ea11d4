import { formatDateTime, SeededRandom, Timeline, truncateToFractionDigits, type SeededRandomOptions } from '../kit/index.js';
import {
  afterReviewSteps,
  outcomePhase,
  quietPhase,
  runSteps,
  type RunContext,
  type RunDefaults,
} from './airops-lifecycle.js';
import { canonicalStyle, validateStyle, variedStyles } from './airops-timestamps.js';
import type {
  AiropsApp,
  AiropsAppSeed,
  AiropsAppWire,
  AiropsExecutionSeed,
  AiropsExecutionWire,
  AiropsFeedback,
  AiropsPhase,
  AiropsRunScript,
  IdStyle,
  JsonObject,
  TimestampStyle,
} from './airops-types.js';

/** AirOps fixture uuids were recorded with one hex digit per draw; keep them. */
export const airopsRandomOptions: SeededRandomOptions = { uuidDrawing: 'hex-digit-per-draw' };

export interface ExecutionRecord {
  /** Internal creation order: the tie-breaker of the listing's sort key. */
  sequence: number;
  wireId: number | string;
  uuid: string;
  appId: number;
  versionId: number;
  conversationId: number | string | null;
  inputs: JsonObject;
  source: string | null;
  feedback: AiropsFeedback | null;
  createdAt: number;
  timestampStyle: TimestampStyle;
  subMillisecond: string;
  timeline: Timeline<AiropsPhase>;
  /** The script of the current lifecycle; its `afterReview` decides what approval leads to. */
  script: AiropsRunScript;
  /** Last write that is not a phase change (feedback): it moves `updatedAt` too. */
  touchedAt: number;
  /** Started while the workspace was at capacity: rests in `pending` until capacity frees up. */
  queued: boolean;
}

export interface StateSettings {
  workspaceId: number;
  idStyle: IdStyle;
  runDefaults: RunDefaults;
  varyTimestamps: boolean;
  capacityErrorCode: string;
  seed: number;
}

export interface StartRun {
  app: AiropsApp;
  inputs: JsonObject;
  versionSlug?: number;
  source: string;
  /** Explicit lifecycle; otherwise the next scripted run (or the defaults). */
  script?: AiropsRunScript;
  /** Sync execute at capacity fails at once instead of queueing (A4). */
  atCapacity?: 'queue' | 'fail';
}

const idBase = 1000;
const unsettledStatuses = new Set(['pending', 'running']);

/** Everything the simulated workspace holds: apps, executions and the scripts of the next runs. */
export class AiropsState {
  readonly settings: StateSettings;
  #apps = new Map<number, AiropsApp>();
  #executions = new Map<string, ExecutionRecord>();
  #scripts: AiropsRunScript[] = [];
  #sequence = 0;
  #random: SeededRandom;

  constructor(settings: StateSettings) {
    this.settings = settings;
    this.#random = new SeededRandom(settings.seed ^ 0x5eed, airopsRandomOptions);
  }

  // ---- apps ---------------------------------------------------------------------------

  addApp(seed: AiropsAppSeed, now: number): AiropsApp {
    const id = seed.id ?? Math.max(0, ...this.#apps.keys()) + 1;
    if (!Number.isInteger(id) || id < 1) throw new RangeError(`app id must be a positive integer, got ${id}`);
    if (this.#apps.has(id)) throw new Error(`app ${id} already exists`);
    const uuid = seed.uuid ?? this.freshUuid();
    if (uuid.length !== 36) throw new RangeError(`an app uuid has 36 characters, got ${JSON.stringify(uuid)}`);
    const versions = seed.versions ?? 1;
    if (!Number.isInteger(versions) || versions < 1) throw new RangeError(`versions must be a positive integer, got ${versions}`);
    const app: AiropsApp = {
      id,
      uuid,
      name: seed.name ?? `App ${id}`,
      description: seed.description ?? null,
      published: seed.published ?? true,
      versions,
      inputNames: seed.inputNames ?? ['input'],
      requiredInputs: seed.requiredInputs ?? [],
      createdAt: seed.createdAt ?? now,
    };
    this.#apps.set(id, app);
    return app;
  }

  apps(): AiropsApp[] {
    return [...this.#apps.values()];
  }

  /** By uuid (case-insensitively) or, when allowed (A2), by numeric id in any form. */
  findApp(reference: number | string, acceptNumeric = true): AiropsApp | undefined {
    if (typeof reference === 'number') return acceptNumeric ? this.#apps.get(reference) : undefined;
    if (/^\d+$/.test(reference)) return acceptNumeric ? this.#apps.get(Number(reference)) : undefined;
    const wanted = reference.toLowerCase();
    return this.apps().find((app) => app.uuid.toLowerCase() === wanted);
  }

  appWire(app: AiropsApp): AiropsAppWire {
    const stamp = formatDateTime(app.createdAt, canonicalStyle);
    return {
      id: app.id,
      uuid: app.uuid,
      name: app.name,
      description: app.description,
      published: app.published,
      workspace_id: this.settings.workspaceId,
      active_version_id: versionId(app, app.versions),
      createdAt: stamp,
      updatedAt: stamp,
    };
  }

  // ---- executions ---------------------------------------------------------------------

  scriptNextRuns(scripts: AiropsRunScript[]): void {
    this.#scripts.push(...scripts);
  }

  clearScripts(): void {
    this.#scripts = [];
  }

  #nextScript(): AiropsRunScript {
    return this.#scripts.shift() ?? {};
  }

  find(uuid: string): ExecutionRecord | undefined {
    return this.#executions.get(uuid.toLowerCase());
  }

  executions(appId?: number): ExecutionRecord[] {
    const all = [...this.#executions.values()];
    return appId === undefined ? all : all.filter((record) => record.appId === appId);
  }

  /** A run started through the API (execute, async, definition, webhook, demo). */
  startRun(start: StartRun, now: number): ExecutionRecord {
    // a run refused at capacity never runs, so it leaves the scripted runs for the next ones
    const script = start.script ?? (start.atCapacity === 'fail' ? {} : this.#nextScript());
    const style = this.settings.varyTimestamps ? variedStyles[(this.#sequence + 1) % variedStyles.length]! : canonicalStyle;
    const record = this.#newRecord({
      app: start.app,
      inputs: start.inputs,
      source: start.source,
      versionSlug: start.versionSlug,
      createdAt: truncateToFractionDigits(now, style.fractionDigits),
      style,
      script,
    });
    const context = contextOf(start.app, start.inputs);
    if (start.atCapacity === 'fail') {
      record.timeline = new Timeline([{ at: record.createdAt, state: {
        ...quietPhase('error'),
        errorCode: this.settings.capacityErrorCode,
        errorMessage: 'Your workspace is at its current capacity. Try again later or use async_execute.',
      } }]);
    } else if (start.atCapacity === 'queue') {
      record.timeline = new Timeline([{ at: record.createdAt, state: quietPhase('pending') }]);
      record.queued = true;
    } else {
      record.timeline = new Timeline(runSteps(script, this.settings.runDefaults, record.createdAt, context));
    }
    return this.#store(record);
  }

  /** A record with explicit fields and lifecycle (tests, fixtures). */
  addExecution(seed: AiropsExecutionSeed, now: number): ExecutionRecord {
    const app = this.findApp(seed.app);
    if (!app) throw new Error(`unknown app ${String(seed.app)}`);
    if (seed.uuid !== undefined && this.find(seed.uuid)) throw new Error(`execution ${seed.uuid} already exists`);
    const style = seed.timestampStyle ?? canonicalStyle;
    validateStyle(style);
    const inputs = seed.inputs ?? {};
    const record = this.#newRecord({
      app,
      inputs,
      source: seed.source === undefined ? 'api' : seed.source,
      versionSlug: seed.versionSlug,
      createdAt: seed.createdAt ?? now,
      style,
      script: seed.run ?? {},
      uuid: seed.uuid,
      wireId: seed.id,
      idForm: seed.idForm,
    });
    record.conversationId = seed.conversationId ?? null;
    record.feedback = seed.feedback ?? null;
    const context = contextOf(app, inputs);
    if (seed.status !== undefined) {
      record.timeline = new Timeline([{ at: seed.updatedAt ?? record.createdAt, state: fixedPhase(seed, context) }]);
    } else {
      record.timeline = new Timeline(runSteps(record.script, this.settings.runDefaults, record.createdAt, context));
    }
    return this.#store(record);
  }

  phase(record: ExecutionRecord, now: number): AiropsPhase {
    return record.timeline.stateAt(now);
  }

  /** True once a sync execute may answer: anything but pending/running (A17: review_needed too). */
  settled(record: ExecutionRecord, now: number): boolean {
    return !unsettledStatuses.has(this.phase(record, now).status);
  }

  wire(record: ExecutionRecord, now: number): AiropsExecutionWire {
    const step = record.timeline.stepAt(now);
    const phase = step.state;
    const updatedAt = Math.max(step.at, record.touchedAt, record.createdAt);
    return {
      id: record.wireId,
      uuid: record.uuid,
      status: phase.status,
      airops_apps_version_id: record.versionId,
      conversation_id: record.conversationId,
      credits_used: phase.creditsUsed,
      error_code: phase.errorCode,
      error_message: phase.errorMessage,
      feedback: record.feedback,
      inputs: record.inputs,
      output: phase.output,
      runtime: phase.runtime,
      source: record.source,
      workspace_id: this.settings.workspaceId,
      createdAt: formatDateTime(record.createdAt, record.timestampStyle, record.subMillisecond),
      updatedAt: formatDateTime(updatedAt, record.timestampStyle, record.subMillisecond),
    };
  }

  // ---- writes (each rewrites the future of the record's timeline) -----------------------

  cancel(record: ExecutionRecord, now: number): void {
    const current = this.phase(record, now);
    const runningSince = lastStepAt(record, now, 'running');
    record.queued = false;
    record.timeline.rewriteFrom(now, [{ at: now, state: {
      ...current,
      status: 'cancelled',
      runtime: runningSince === undefined ? null : Math.round((now - runningSince) / 1000),
    } }]);
  }

  /** Same uuid: error → pending → running → the next scripted outcome. */
  retry(record: ExecutionRecord, now: number): void {
    const script = this.#nextScript();
    record.script = script;
    record.queued = false;
    record.timeline.rewriteFrom(now, runSteps(script, this.settings.runDefaults, now, this.#context(record)));
  }

  approveReview(record: ExecutionRecord, now: number): void {
    record.timeline.rewriteFrom(now, afterReviewSteps(record.script, now, this.#context(record)));
  }

  setFeedback(record: ExecutionRecord, feedback: AiropsFeedback, now: number): void {
    record.feedback = feedback;
    record.touchedAt = now;
  }

  /** The sync limit ran out at `at` (10 minutes in the real service): the run fails there. */
  timeOut(record: ExecutionRecord, at: number): void {
    record.queued = false;
    record.timeline.rewriteFrom(at, [{ at, state: {
      ...this.phase(record, at),
      status: 'error',
      errorCode: 'execution_timeout',
      errorMessage: 'The app took more than 10 minutes to run',
      runtime: Math.round((at - (lastStepAt(record, at, 'running') ?? at)) / 1000),
    } }]);
  }

  /** Puts the record in `status` from now on, whatever it is (tests; unknown strings too). */
  force(record: ExecutionRecord, status: string, fields: Partial<Omit<AiropsPhase, 'status'>>, now: number): void {
    record.queued = false;
    record.timeline.rewriteFrom(now, [{ at: now, state: { ...this.phase(record, now), ...fields, status } }]);
  }

  /** Capacity freed: every queued run starts now, skipping the time it already waited. */
  releaseQueued(now: number): void {
    for (const record of this.#executions.values()) {
      if (!record.queued) continue;
      record.queued = false;
      const steps = runSteps({ ...record.script, pendingMs: 0 }, this.settings.runDefaults, now, this.#context(record));
      record.timeline.rewriteFrom(now, steps.filter((step) => step.state.status !== 'pending'));
    }
  }

  // ---- helpers ------------------------------------------------------------------------

  #newRecord(parts: {
    app: AiropsApp;
    inputs: JsonObject;
    source: string | null;
    versionSlug: number | undefined;
    createdAt: number;
    style: TimestampStyle;
    script: AiropsRunScript;
    uuid?: string | undefined;
    wireId?: number | string | undefined;
    idForm?: 'int' | 'string' | undefined;
  }): ExecutionRecord {
    this.#sequence += 1;
    const sequence = this.#sequence;
    const uuid = parts.uuid ?? this.freshUuid();
    if (uuid.length !== 36) throw new RangeError(`an execution uuid has 36 characters, got ${JSON.stringify(uuid)}`);
    const slug = parts.versionSlug ?? parts.app.versions;
    return {
      sequence,
      wireId: parts.wireId ?? this.#wireId(idBase + sequence, parts.idForm),
      uuid,
      appId: parts.app.id,
      versionId: versionId(parts.app, slug),
      conversationId: null,
      inputs: parts.inputs,
      source: parts.source,
      feedback: null,
      createdAt: parts.createdAt,
      timestampStyle: parts.style,
      subMillisecond: String((sequence * 7919 + 104729) % 1_000_000).padStart(6, '0'),
      timeline: new Timeline([{ at: parts.createdAt, state: quietPhase('pending') }]),
      script: parts.script,
      touchedAt: parts.createdAt,
      queued: false,
    };
  }

  #wireId(numeric: number, form: 'int' | 'string' | undefined): number | string {
    const chosen = form ?? (this.settings.idStyle === 'mixed' ? (numeric % 4 === 3 ? 'string' : 'int') : this.settings.idStyle);
    return chosen === 'string' ? String(numeric) : numeric;
  }

  #store(record: ExecutionRecord): ExecutionRecord {
    this.#executions.set(record.uuid.toLowerCase(), record);
    return record;
  }

  /** A seeded uuid no app or execution uses yet. */
  freshUuid(): string {
    let uuid = this.#random.uuid();
    while (this.find(uuid) || this.apps().some((app) => app.uuid === uuid)) uuid = this.#random.uuid();
    return uuid;
  }

  #context(record: ExecutionRecord): RunContext {
    const app = this.#apps.get(record.appId);
    return { appName: app?.name ?? 'App', inputs: record.inputs };
  }
}

export function versionId(app: AiropsApp, slug: number): number {
  return app.id * 100 + slug;
}

function contextOf(app: AiropsApp, inputs: JsonObject): RunContext {
  return { appName: app.name, inputs };
}

function lastStepAt(record: ExecutionRecord, now: number, status: string): number | undefined {
  let found: number | undefined;
  for (const step of record.timeline.steps()) {
    if (step.at > now) break;
    if (step.state.status === status) found = step.at;
  }
  return found;
}

function fixedPhase(seed: AiropsExecutionSeed, context: RunContext): AiropsPhase {
  const status = seed.status!;
  const base =
    status === 'pending' || status === 'running'
      ? quietPhase(status)
      : outcomePhase({ outcome: status, output: seed.output, errorCode: seed.errorCode, errorMessage: seed.errorMessage }, (seed.runtime ?? 3) * 1000, context);
  return {
    ...base,
    ...(seed.output !== undefined ? { output: seed.output } : {}),
    ...(seed.errorCode !== undefined ? { errorCode: seed.errorCode } : {}),
    ...(seed.errorMessage !== undefined ? { errorMessage: seed.errorMessage } : {}),
    ...(seed.runtime !== undefined ? { runtime: seed.runtime } : {}),
    ...(seed.creditsUsed !== undefined ? { creditsUsed: seed.creditsUsed } : {}),
  };
}
