import type { TimelineStep } from '../kit/index.js';
import type { NestedDetailStage } from './nested-detail.js';

/**
 * What an execution shows at one moment. The record's timeline holds one of these per
 * transition; `updatedAt` is the moment of the step in force.
 */
export interface NestedPhase {
  status: string;
  startedAtMs: number;
  endedAtMs: number | null;
  creditsUsed: number;
  detailStage: NestedDetailStage;
  purged: boolean;
}

export type NestedOutcome = 'completed' | 'failed' | 'cancelled';

/** The canonical spellings of A16; `statusNames` may respell them (the A16 alternative). */
export type NestedCanonicalStatus = 'pending' | 'running' | NestedOutcome;

/**
 * How one execution progresses on the simulator clock:
 * pending (`pendingMs`) → running (at least `runningMs`, and until its children have ended)
 * → the outcome. `Infinity` keeps it pending or running forever.
 */
export interface NestedLifecycle {
  pendingMs?: number;
  runningMs?: number;
  outcome?: NestedOutcome;
  /** Spellings of the three stages, e.g. `queued`, `processing`/`waiting_for_input`, `success`/`timeout`/any string. */
  pendingStatus?: string;
  runningStatus?: string;
  finalStatus?: string;
  /** False: the final status comes with `endedAt: null` (default true). */
  setsEndedAt?: boolean;
  /** Credits once ended (0 before); default a seeded float. */
  creditsUsed?: number;
  /** Purged this long after it ended (never by default). */
  purgeAfterMs?: number;
}

export const defaultPendingMs = 500;
export const defaultRunningMs = 1500;
/** A parent ends this long after its last child. */
export const parentTailMs = 100;

export interface ResolvedLifecycle {
  pendingMs: number;
  runningMs: number;
  outcome: NestedOutcome;
  pendingStatus: string;
  runningStatus: string;
  finalStatus: string;
  setsEndedAt: boolean;
  creditsUsed: number;
  purgeAfterMs: number;
}

export function resolveLifecycle(
  lifecycle: NestedLifecycle,
  statusNames: Record<NestedCanonicalStatus, string>,
  defaultCredits: number,
): ResolvedLifecycle {
  const pendingMs = lifecycle.pendingMs ?? defaultPendingMs;
  const runningMs = lifecycle.runningMs ?? defaultRunningMs;
  const purgeAfterMs = lifecycle.purgeAfterMs ?? Infinity;
  for (const [name, value] of [['pendingMs', pendingMs], ['runningMs', runningMs], ['purgeAfterMs', purgeAfterMs]] as const) {
    if (Number.isNaN(value) || value < 0) throw new RangeError(`${name} must be ≥ 0, got ${value}`);
  }
  const creditsUsed = lifecycle.creditsUsed ?? defaultCredits;
  if (!Number.isFinite(creditsUsed) || creditsUsed < 0) throw new RangeError(`creditsUsed must be ≥ 0, got ${creditsUsed}`);
  const outcome = lifecycle.outcome ?? 'completed';
  return {
    pendingMs,
    runningMs,
    outcome,
    pendingStatus: lifecycle.pendingStatus ?? statusNames.pending,
    runningStatus: lifecycle.runningStatus ?? statusNames.running,
    finalStatus: lifecycle.finalStatus ?? statusNames[outcome],
    setsEndedAt: lifecycle.setsEndedAt ?? true,
    creditsUsed,
    purgeAfterMs,
  };
}

/** `endAtMs` is computed by the caller because a parent's end waits for its children. */
export function lifecycleSteps(
  lifecycle: ResolvedLifecycle,
  spawnAtMs: number,
  endAtMs: number,
): TimelineStep<NestedPhase>[] {
  const runningAtMs = spawnAtMs + lifecycle.pendingMs;
  const steps: TimelineStep<NestedPhase>[] = [];
  // The schema makes startedAt non-null, so a pending execution shows its creation time.
  const pending: NestedPhase = {
    status: lifecycle.pendingStatus,
    startedAtMs: spawnAtMs,
    endedAtMs: null,
    creditsUsed: 0,
    detailStage: 'in-progress',
    purged: false,
  };
  if (lifecycle.pendingMs > 0) steps.push({ at: spawnAtMs, state: pending });
  if (!Number.isFinite(runningAtMs)) return steps;
  steps.push({ at: runningAtMs, state: { ...pending, status: lifecycle.runningStatus, startedAtMs: runningAtMs } });
  if (!Number.isFinite(endAtMs)) return steps;
  const ended: NestedPhase = {
    status: lifecycle.finalStatus,
    startedAtMs: runningAtMs,
    endedAtMs: lifecycle.setsEndedAt ? endAtMs : null,
    creditsUsed: lifecycle.creditsUsed,
    detailStage: lifecycle.outcome === 'completed' ? 'succeeded' : 'failed',
    purged: false,
  };
  steps.push({ at: endAtMs, state: ended });
  if (Number.isFinite(lifecycle.purgeAfterMs)) {
    steps.push({ at: endAtMs + lifecycle.purgeAfterMs, state: { ...ended, purged: true } });
  }
  return steps;
}

const succeededSpellings = new Set(['completed', 'success', 'succeeded', 'finished']);
const failedSpellings = new Set(['failed', 'error', 'timeout', 'cancelled', 'canceled', 'aborted', 'stopped']);

/** For `setStatus`: which detail a status forced by a test shows, and whether it ends the record by default. */
export function stageForStatus(status: string, current: NestedDetailStage): NestedDetailStage {
  const lower = status.toLowerCase();
  if (succeededSpellings.has(lower)) return 'succeeded';
  if (failedSpellings.has(lower)) return 'failed';
  return current;
}

const openSpellings = new Set(['pending', 'queued', 'running', 'processing']);

/** Whether a status forced by a test ends the record, opens it, or says nothing we know. */
export function statusEnding(status: string): 'ends' | 'open' | 'unknown' {
  const lower = status.toLowerCase();
  if (succeededSpellings.has(lower) || failedSpellings.has(lower)) return 'ends';
  if (openSpellings.has(lower) || lower.startsWith('waiting') || lower.startsWith('awaiting')) return 'open';
  return 'unknown';
}
