import { setTimeout as delay } from 'node:timers/promises';
import { Timeline, type SeededRandom, type SimulatorClock } from '../kit/index.js';
import {
  apiFetchBricks,
  type ExecutionPhase,
  type FlowDefinition,
  type ScriptedRun,
  type StoredExecution,
  type StoredExecutionData,
} from './flows-model.js';
import type { FlowsState } from './flows-state.js';
import { formatTimestamp } from './flows-timestamps.js';
import { toExecutionWire, type FlowExecutionWire } from './flows-wire.js';

/** D4: `code` answers a failed run with an empty 500 and stores nothing; `docs` stores it `failed` and answers 200. */
export type FlowsFailureMode = 'code' | 'docs';
/** D3: `code` answers 408 with an empty body and stores nothing; `docs` stores the run `failed` and answers 200. */
export type FlowsTimeoutMode = 'code' | 'docs';

export interface FlowRunnerOptions {
  state: FlowsState;
  clock: SimulatorClock;
  random: SeededRandom;
  failureMode: FlowsFailureMode;
  timeoutMode: FlowsTimeoutMode;
  /** `TimeoutLayer(30s)`, measured on the simulator clock. */
  requestTimeoutMs: number;
  /** Real-time interval at which a held request looks at the simulator clock. */
  pollIntervalMs: number;
  /** Whether a GET during the held POST sees the record `running` (see the report: the code stores it only at the end). */
  visibleWhileRunning: boolean;
}

/** How a held request ends: what POST /executions and the webhook answer. */
export type RunSettlement =
  | { kind: 'stored'; execution: FlowExecutionWire }
  | { kind: 'timed-out' }
  | { kind: 'failed' }
  | { kind: 'aborted' };

export interface RunHandle {
  executionId: string;
  startedAtMs: number;
  /** When the held request ends on the simulator clock (run end, or the 30 s cap). */
  endsAtMs: number;
  settled: Promise<RunSettlement>;
}

const defaultFailure = 'Brick execution error: Execution failed: upstream API returned 502 Bad Gateway';

/**
 * `FlowRunner::execute_flow_with_tracking` inside the request: the whole lifecycle is written as a
 * timeline at start, and the request is held until the simulator clock reaches its end.
 */
export class FlowRunner {
  readonly #options: FlowRunnerOptions;
  readonly #inFlight = new Set<string>();
  #stopped = false;

  constructor(options: FlowRunnerOptions) {
    this.#options = options;
  }

  /** `override` (demo runs) replaces the scripted-run queue for this one run. */
  start(flow: FlowDefinition, inputPayload: unknown, override?: ScriptedRun): RunHandle {
    const { state, clock, requestTimeoutMs } = this.#options;
    const script = override ?? state.takeScript(flow.id);
    const outcome = script?.outcome ?? flow.behaviour.outcome;
    const runningMs = Math.max(0, script?.runningMs ?? flow.behaviour.runningMs);
    const startedAtMs = clock.now();
    const timedOut = runningMs >= requestTimeoutMs;
    const endsAtMs = startedAtMs + (timedOut ? requestTimeoutMs : runningMs);
    const executionId = this.#options.random.uuid();

    const running: ExecutionPhase = {
      status: 'running',
      persisted: this.#options.visibleWhileRunning,
      completedAt: null,
      outputPayload: null,
      error: null,
    };
    const output = resolveOutput(flow, script?.output, inputPayload);
    const final = this.#finalPhase({
      timedOut,
      outcome,
      endsAtMs,
      output,
      error: script?.error ?? flow.behaviour.error ?? defaultFailure,
    });
    const record: StoredExecution = {
      executionId,
      flowId: flow.id,
      inputPayload,
      startedAt: this.#stamp(startedAtMs),
      startedAtMs,
      sequence: state.nextSequence(),
      timeline: new Timeline([
        { at: startedAtMs, state: running },
        { at: endsAtMs, state: final },
      ]),
      omitNullFields: false,
    };
    state.insertExecution(record);
    state.addData(this.#brickData(flow, executionId, { startedAtMs, runningMs, endsAtMs, outcome, timedOut, output }));

    this.#inFlight.add(executionId);
    const settled = this.#hold(endsAtMs).then((held) => this.#settle(executionId, held, timedOut));
    return { executionId, startedAtMs, endsAtMs, settled };
  }

  /** Execution ids whose start request is still being held. */
  inFlight(): string[] {
    return [...this.#inFlight];
  }

  /** Releases every held request (the simulator is closing). */
  stop(): void {
    this.#stopped = true;
  }

  resume(): void {
    this.#stopped = false;
  }

  #finalPhase(run: { timedOut: boolean; outcome: string; endsAtMs: number; output: unknown; error: string }): ExecutionPhase {
    const completedAt = this.#stamp(run.endsAtMs);
    if (run.timedOut) {
      const persisted = this.#options.timeoutMode === 'docs';
      const seconds = Math.round(this.#options.requestTimeoutMs / 1000);
      return { status: 'failed', persisted, completedAt, outputPayload: null, error: `Execution timed out after ${seconds} seconds` };
    }
    if (run.outcome === 'failed') {
      const persisted = this.#options.failureMode === 'docs';
      return { status: 'failed', persisted, completedAt, outputPayload: null, error: run.error };
    }
    return { status: 'completed', persisted: true, completedAt, outputPayload: run.output, error: null };
  }

  /**
   * Each brick stores its output as `intermediate` data (API bricks also as `fetched`) when it
   * finishes. A failing run fails on its last brick; a timed-out run stops at the cap.
   */
  #brickData(
    flow: FlowDefinition,
    executionId: string,
    run: { startedAtMs: number; runningMs: number; endsAtMs: number; outcome: string; timedOut: boolean; output: unknown },
  ): StoredExecutionData[] {
    const rows: StoredExecutionData[] = [];
    const count = flow.bricks.length;
    flow.bricks.forEach((brickType, brickIndex) => {
      const isLast = brickIndex === count - 1;
      if (isLast && (run.outcome === 'failed' || run.timedOut)) return;
      const finishedAtMs = run.startedAtMs + Math.round((run.runningMs * (brickIndex + 1)) / count);
      if (finishedAtMs > run.endsAtMs) return;
      const value = isLast ? run.output : { brick: brickType, step: brickIndex, ok: true };
      const timestamp = this.#stamp(finishedAtMs);
      const row = (dataType: string, dataKey: string): StoredExecutionData => ({
        id: this.#options.random.uuid(),
        executionId,
        brickIndex,
        brickType,
        dataType,
        dataKey,
        dataValue: value,
        timestamp,
        visibleFromMs: finishedAtMs,
        sequence: this.#options.state.nextSequence(),
      });
      rows.push(row('intermediate', `brick_${brickIndex}`));
      if (apiFetchBricks.has(brickType)) rows.push(row('fetched', `fetched_${brickIndex}`));
    });
    return rows;
  }

  async #hold(untilMs: number): Promise<boolean> {
    while (!this.#stopped && this.#options.clock.now() < untilMs) await delay(this.#options.pollIntervalMs);
    return !this.#stopped;
  }

  #settle(executionId: string, held: boolean, timedOut: boolean): RunSettlement {
    this.#inFlight.delete(executionId);
    if (!held) return { kind: 'aborted' };
    const { state } = this.#options;
    const record = state.storedExecution(executionId);
    if (record) {
      const phase = state.phaseOf(record);
      if (phase.persisted) return { kind: 'stored', execution: toExecutionWire(record, phase) };
      state.removeExecution(executionId);
    }
    return timedOut ? { kind: 'timed-out' } : { kind: 'failed' };
  }

  /** chrono's `Utc::now()` has nanosecond precision, so fresh stamps usually carry 9 digits. */
  #stamp(ms: number): string {
    return formatTimestamp({ ms, subMillisecondNanos: this.#options.random.integer(0, 999_999) });
  }
}

function resolveOutput(flow: FlowDefinition, scripted: unknown, input: unknown): unknown {
  if (scripted !== undefined) return scripted;
  if (flow.behaviour.output !== undefined) return flow.behaviour.output;
  if (flow.behaviour.produceOutput) return flow.behaviour.produceOutput(input);
  return { result: 'ok', bricks_run: flow.bricks.length, input };
}
