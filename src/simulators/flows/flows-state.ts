import { stableHash, type SimulatorClock } from '../kit/index.js';
import type {
  ExecutionPhase,
  FlowDefinition,
  ScriptedRun,
  StoredExecution,
  StoredExecutionData,
} from './flows-model.js';
import { toExecutionWire, type FlowExecutionWire } from './flows-wire.js';

/**
 * `storage`: insertion order (the brief's default: the docs give no order).
 * `shuffled`: a deterministic permutation, to catch clients that assume an order.
 * `started-desc`: what the code at HEAD does, `ORDER BY started_at DESC` on the TEXT column.
 */
export type FlowsListOrder = 'storage' | 'shuffled' | 'started-desc';

export interface FlowsStateOptions {
  clock: SimulatorClock;
  listOrder: FlowsListOrder;
  shuffleSeed: number;
}

/** The simulator's database: flows, executions, execution data and the scripted-run queue. */
export class FlowsState {
  readonly #clock: SimulatorClock;
  readonly #flows = new Map<string, FlowDefinition>();
  readonly #executions = new Map<string, StoredExecution>();
  readonly #data: StoredExecutionData[] = [];
  readonly #scripts: ScriptedRun[] = [];
  #listOrder: FlowsListOrder;
  readonly #shuffleSeed: number;
  #sequence = 0;

  constructor(options: FlowsStateOptions) {
    this.#clock = options.clock;
    this.#listOrder = options.listOrder;
    this.#shuffleSeed = options.shuffleSeed;
  }

  setListOrder(order: FlowsListOrder): void {
    this.#listOrder = order;
  }

  putFlow(flow: FlowDefinition): void {
    this.#flows.set(flow.id, flow);
  }

  flow(flowId: string): FlowDefinition | undefined {
    return this.#flows.get(flowId);
  }

  flows(): FlowDefinition[] {
    return [...this.#flows.values()];
  }

  nextSequence(): number {
    this.#sequence += 1;
    return this.#sequence;
  }

  insertExecution(record: StoredExecution): void {
    // execution_id is the table's PRIMARY KEY.
    if (this.#executions.has(record.executionId)) throw new Error(`execution ${record.executionId} already exists`);
    this.#executions.set(record.executionId, record);
  }

  /** Drops the row and its data rows for good (a run that ended without being stored). */
  removeExecution(executionId: string): boolean {
    for (let index = this.#data.length - 1; index >= 0; index--) {
      if (this.#data[index]!.executionId === executionId) this.#data.splice(index, 1);
    }
    return this.#executions.delete(executionId);
  }

  /** The record whatever its visibility (tests force statuses on running or dropped runs too). */
  storedExecution(executionId: string): StoredExecution | undefined {
    return this.#executions.get(executionId);
  }

  phaseOf(record: StoredExecution): ExecutionPhase {
    return record.timeline.stateAt(this.#clock.now());
  }

  /** The wire form a GET would answer now, or undefined when the row is not visible. */
  visibleExecution(executionId: string): FlowExecutionWire | undefined {
    const record = this.#executions.get(executionId);
    if (!record) return undefined;
    const phase = this.phaseOf(record);
    return phase.persisted ? toExecutionWire(record, phase) : undefined;
  }

  /** Every visible row in listing order, optionally of one flow. */
  visibleExecutions(flowId?: string): FlowExecutionWire[] {
    const rows: StoredExecution[] = [];
    for (const record of this.#executions.values()) {
      if (flowId !== undefined && record.flowId !== flowId) continue;
      if (this.phaseOf(record).persisted) rows.push(record);
    }
    return this.#ordered(rows).map((record) => toExecutionWire(record, this.phaseOf(record)));
  }

  addData(rows: StoredExecutionData[]): void {
    this.#data.push(...rows);
  }

  /** `ORDER BY brick_index, timestamp`, as the repository reads them. */
  visibleData(executionId: string, filter: { dataType?: string; brickIndex?: number } = {}): StoredExecutionData[] {
    const now = this.#clock.now();
    return this.#data
      .filter(
        (row) =>
          row.executionId === executionId &&
          row.visibleFromMs <= now &&
          (filter.dataType === undefined || row.dataType === filter.dataType) &&
          (filter.brickIndex === undefined || row.brickIndex === filter.brickIndex),
      )
      .sort((a, b) => a.brickIndex - b.brickIndex || compareText(a.timestamp, b.timestamp) || a.sequence - b.sequence);
  }

  /** DELETE removes the rows stored so far; rows a still-running brick writes later still arrive. */
  deleteVisibleData(executionId: string): void {
    const now = this.#clock.now();
    for (let index = this.#data.length - 1; index >= 0; index--) {
      const row = this.#data[index]!;
      if (row.executionId === executionId && row.visibleFromMs <= now) this.#data.splice(index, 1);
    }
  }

  enqueueScripts(runs: ScriptedRun[]): void {
    this.#scripts.push(...runs);
  }

  takeScript(flowId: string): ScriptedRun | undefined {
    const index = this.#scripts.findIndex((script) => script.flowId === undefined || script.flowId === flowId);
    if (index === -1) return undefined;
    return this.#scripts.splice(index, 1)[0];
  }

  pendingScripts(): number {
    return this.#scripts.length;
  }

  #ordered(rows: StoredExecution[]): StoredExecution[] {
    switch (this.#listOrder) {
      case 'storage':
        return rows.sort((a, b) => a.sequence - b.sequence);
      case 'started-desc':
        return rows.sort((a, b) => compareText(b.startedAt, a.startedAt) || a.sequence - b.sequence);
      case 'shuffled':
        return rows
          .map((record) => ({ record, key: stableHash(`${this.#shuffleSeed}:${record.executionId}`) }))
          .sort((a, b) => a.key - b.key || a.record.sequence - b.record.sequence)
          .map((entry) => entry.record);
    }
  }
}

/** SQLite compares TEXT bytewise; code-unit order matches it for the ASCII timestamps compared here. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
