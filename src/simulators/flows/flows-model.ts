import type { Timeline } from '../kit/index.js';

/** `BrickType::as_str()` names: the form the execution-data rows carry. */
export type BrickType =
  | 'OpenAi'
  | 'Nvidia'
  | 'HubSpot'
  | 'Notion'
  | 'Odoo'
  | 'N8n'
  | 'FieldMapping'
  | 'CombineText'
  | 'Conditional'
  | 'RulesEngine';

/** Bricks that call an external API: the runner also stores their output as `fetched` data. */
export const apiFetchBricks: ReadonlySet<BrickType> = new Set<BrickType>(['HubSpot', 'Notion', 'Odoo', 'N8n']);

/** The four snake_case values of `ExecutionStatus`, plus any string a fixture forces. */
export type FlowsExecutionStatus = 'pending' | 'running' | 'completed' | 'failed' | (string & {});

export type FlowsRunOutcome = 'completed' | 'failed';

/** How runs of a flow behave when started through POST /executions or the webhook. */
export interface FlowBehaviour {
  outcome: FlowsRunOutcome;
  /** Simulator-clock time from start to end; 30 s or more hits the request timeout (D3). */
  runningMs: number;
  /** Literal output of a completed run; wins over `produceOutput`. */
  output?: unknown;
  /** Output computed from the run's input (used when `output` is absent). */
  produceOutput?: (input: unknown) => unknown;
  /** `error` text of a failed run (visible only with `failureMode: 'docs'`). */
  error?: string;
}

export interface FlowDefinition {
  /** Free-form: UUID v4 from the code, doc-style slugs, even non-ASCII. */
  id: string;
  name: string;
  /** Inactive flows refuse webhook triggers (400); POST /executions ignores the flag. */
  active: boolean;
  bricks: BrickType[];
  behaviour: FlowBehaviour;
}

/** One scripted run, consumed by the next matching start (POST, webhook or startDemoRun). */
export interface ScriptedRun {
  outcome?: FlowsRunOutcome;
  runningMs?: number;
  output?: unknown;
  error?: string;
  /** Only a run of this flow consumes the entry. */
  flowId?: string;
}

/** What a record looks like during one stretch of its timeline. */
export interface ExecutionPhase {
  status: FlowsExecutionStatus;
  /** False while the row is not (or no longer, or never) in the executions table. */
  persisted: boolean;
  completedAt: string | null;
  outputPayload: unknown;
  error: string | null;
}

export interface StoredExecution {
  executionId: string;
  flowId: string;
  inputPayload: unknown;
  startedAt: string;
  startedAtMs: number;
  /** Insertion order: the "storage order" the listing returns by default. */
  sequence: number;
  timeline: Timeline<ExecutionPhase>;
  /** Docs mark completed_at/output_payload/error optional: drop them when null. */
  omitNullFields: boolean;
}

export interface StoredExecutionData {
  id: string;
  executionId: string;
  brickIndex: number;
  brickType: string;
  dataType: string;
  dataKey: string;
  dataValue: unknown;
  timestamp: string;
  /** The row appears once the simulator clock reaches this instant. */
  visibleFromMs: number;
  sequence: number;
}
