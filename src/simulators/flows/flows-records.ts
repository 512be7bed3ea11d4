import { Timeline, type SeededRandom, type SimulatorClock } from '../kit/index.js';
import type { ExecutionPhase, FlowsExecutionStatus, StoredExecution } from './flows-model.js';
import { formatTimestamp, parseTimestampMs, type TimestampStyle } from './flows-timestamps.js';

/** A record written straight into the executions table, with explicit fields and lifecycle. */
export interface SeedExecution {
  /** Default: a UUID v4 (what the code issues). Doc-style `exec-456` or anything else is allowed. */
  executionId?: string;
  /** Need not name a registered flow (the table has no enforced foreign key). */
  flowId: string;
  /** Any JSON. Default `{}`. */
  inputPayload?: unknown;
  /** The status once the record has settled; any string. Default `completed`. */
  status?: FlowsExecutionStatus;
  /** Epoch ms (formatted with `timestampStyle`) or literal wire text. Default: now. */
  startedAt?: number | string;
  /** Default: started + `runningMs` (or 1 s) for completed/failed, otherwise null. */
  completedAt?: number | string | null;
  /** Default: `{"result":"ok"}` for completed, otherwise null. */
  outputPayload?: unknown;
  /** Default: a brick error for failed, otherwise null. */
  error?: string | null;
  /** When set, the record reads `running` from `startedAt` for this long, then `status`. */
  runningMs?: number;
  timestampStyle?: TimestampStyle;
  /** Leave null `completed_at` / `output_payload` / `error` out of the JSON (docs: "optional"). */
  omitNullFields?: boolean;
}

/** Fields a forced status may also set; anything left out keeps its current value. */
export interface ForcedFields {
  completedAt?: number | string | null;
  outputPayload?: unknown;
  error?: string | null;
}

export interface RecordContext {
  clock: SimulatorClock;
  random: SeededRandom;
  sequence: number;
}

const terminal = new Set(['completed', 'failed']);

export function buildSeededExecution(seed: SeedExecution, context: RecordContext): StoredExecution {
  const { clock, random } = context;
  const style = seed.timestampStyle ?? {};
  const stamp = (value: number | string): string => (typeof value === 'string' ? value : formatAt(value, style, random));
  const now = clock.now();
  const startedAtMs = typeof seed.startedAt === 'string' ? parseTimestampMs(seed.startedAt, now) : (seed.startedAt ?? now);
  const startedAt = stamp(seed.startedAt ?? startedAtMs);
  const status = seed.status ?? 'completed';
  const isTerminal = terminal.has(status);
  const endMs = startedAtMs + (seed.runningMs ?? 1000);
  const completedAt =
    seed.completedAt === undefined ? (isTerminal ? stamp(endMs) : null) : seed.completedAt === null ? null : stamp(seed.completedAt);
  const final: ExecutionPhase = {
    status,
    persisted: true,
    completedAt,
    outputPayload: seed.outputPayload !== undefined ? seed.outputPayload : status === 'completed' ? { result: 'ok' } : null,
    error: seed.error !== undefined ? seed.error : status === 'failed' ? 'Brick execution error: simulated failure' : null,
  };
  const steps =
    seed.runningMs === undefined
      ? [{ at: startedAtMs, state: final }]
      : [
          { at: startedAtMs, state: { status: 'running', persisted: true, completedAt: null, outputPayload: null, error: null } },
          { at: endMs, state: final },
        ];
  return {
    executionId: seed.executionId ?? random.uuid(),
    flowId: seed.flowId,
    inputPayload: seed.inputPayload !== undefined ? seed.inputPayload : {},
    startedAt,
    startedAtMs,
    sequence: context.sequence,
    timeline: new Timeline<ExecutionPhase>(steps),
    omitNullFields: seed.omitNullFields ?? false,
  };
}

/** Rewrites the record's future: from now on it reads `status` (and is stored, even if it was dropped). */
export function forceStatus(
  record: StoredExecution,
  current: ExecutionPhase,
  status: FlowsExecutionStatus,
  fields: ForcedFields,
  context: Omit<RecordContext, 'sequence'>,
): void {
  const now = context.clock.now();
  const completedAt =
    fields.completedAt !== undefined
      ? fields.completedAt === null
        ? null
        : typeof fields.completedAt === 'string'
          ? fields.completedAt
          : formatAt(fields.completedAt, {}, context.random)
      : terminal.has(status)
        ? (current.completedAt ?? formatAt(now, {}, context.random))
        : status === 'running' || status === 'pending'
          ? null
          : current.completedAt;
  const phase: ExecutionPhase = {
    status,
    persisted: true,
    completedAt,
    outputPayload: fields.outputPayload !== undefined ? fields.outputPayload : current.outputPayload,
    error: fields.error !== undefined ? fields.error : current.error,
  };
  record.timeline.rewriteFrom(now, [{ at: now, state: phase }]);
}

function formatAt(ms: number, style: TimestampStyle, random: SeededRandom): string {
  return formatTimestamp({ ms, subMillisecondNanos: random.integer(0, 999_999) }, style);
}
