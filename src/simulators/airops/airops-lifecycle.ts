import type { TimelineStep } from '../kit/index.js';
import type { AiropsPhase, AiropsRunScript, JsonObject, JsonValue } from './airops-types.js';

/** What a run does when neither the test nor the caller said otherwise. */
export interface RunDefaults {
  pendingMs: number;
  runningMs: number;
}

export const builtInRunDefaults: RunDefaults = { pendingMs: 500, runningMs: 1500 };

/** Who the run belongs to, so a default output reads like the app's own. */
export interface RunContext {
  appName: string;
  inputs: JsonObject;
}

export function quietPhase(status: string): AiropsPhase {
  return { status, output: null, errorCode: null, errorMessage: null, runtime: null, creditsUsed: 0 };
}

function durationOf(value: number | undefined, fallback: number, name: string): number {
  const duration = value ?? fallback;
  if (!Number.isFinite(duration) || duration < 0) throw new RangeError(`${name} must be a non-negative number, got ${duration}`);
  return duration;
}

function runtimeSeconds(runningMs: number): number {
  return Math.round(runningMs / 1000);
}

export function defaultOutput(context: RunContext): JsonObject {
  const received = Object.keys(context.inputs);
  return {
    result: `${context.appName} finished with ${received.length} input${received.length === 1 ? '' : 's'}`,
    received_inputs: received,
  };
}

/** The phase a run rests in once it reaches `outcome`, having run for `runningMs`. */
export interface OutcomeFields {
  outcome?: string | undefined;
  output?: JsonValue | undefined;
  errorCode?: string | null | undefined;
  errorMessage?: JsonValue | undefined;
  creditsUsed?: number | undefined;
}

export function outcomePhase(
  fields: OutcomeFields,
  runningMs: number,
  context: RunContext,
): AiropsPhase {
  const outcome = fields.outcome ?? 'success';
  const runtime = runtimeSeconds(runningMs);
  switch (outcome) {
    case 'success':
      return {
        status: 'success',
        output: fields.output !== undefined ? fields.output : defaultOutput(context),
        errorCode: null,
        errorMessage: null,
        runtime,
        creditsUsed: fields.creditsUsed ?? Math.max(1, Math.ceil(runningMs / 1000)),
      };
    case 'error':
      return {
        status: 'error',
        output: fields.output !== undefined ? fields.output : null,
        errorCode: fields.errorCode !== undefined ? fields.errorCode : 'step_failed',
        errorMessage: fields.errorMessage !== undefined ? fields.errorMessage : "Step 'generate_text' failed: the model returned an error",
        runtime,
        creditsUsed: fields.creditsUsed ?? Math.floor(runningMs / 2000),
      };
    case 'review_needed':
      return {
        ...quietPhase('review_needed'),
        output: fields.output !== undefined ? fields.output : null,
        creditsUsed: fields.creditsUsed ?? Math.floor(runningMs / 1000),
      };
    default:
      return {
        status: outcome,
        output: fields.output !== undefined ? fields.output : null,
        errorCode: fields.errorCode ?? null,
        errorMessage: fields.errorMessage !== undefined ? fields.errorMessage : null,
        runtime,
        creditsUsed: fields.creditsUsed ?? 0,
      };
  }
}

/** pending at `startAt` → running → outcome, on the simulator clock. */
export function runSteps(script: AiropsRunScript, defaults: RunDefaults, startAt: number, context: RunContext): TimelineStep<AiropsPhase>[] {
  const pendingMs = durationOf(script.pendingMs, defaults.pendingMs, 'pendingMs');
  const runningMs = durationOf(script.runningMs, defaults.runningMs, 'runningMs');
  const runningAt = startAt + pendingMs;
  return [
    { at: startAt, state: quietPhase('pending') },
    { at: runningAt, state: quietPhase('running') },
    { at: runningAt + runningMs, state: outcomePhase(script, runningMs, context) },
  ];
}

/** running at `startAt` → the after-review outcome (A17). */
export function afterReviewSteps(script: AiropsRunScript, startAt: number, context: RunContext): TimelineStep<AiropsPhase>[] {
  const after = script.afterReview ?? {};
  const runningMs = durationOf(after.runningMs, 1000, 'afterReview.runningMs');
  return [
    { at: startAt, state: quietPhase('running') },
    { at: startAt + runningMs, state: outcomePhase(after, runningMs, context) },
  ];
}
