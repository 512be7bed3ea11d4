import type { Timeline } from '../kit/index.js';
import type { WireDateFormat } from './workflow-runs-dates.js';

export const runStatuses = ['PENDING', 'RUNNING', 'CANCELLED', 'COMPLETED', 'SKIPPED', 'FAILED'] as const;
export type RunStatus = (typeof runStatuses)[number];
export const runOrigins = ['WORKFLOW', 'TRIGGER', 'RECORD', 'TEST', 'ENDPOINT', 'WEBHOOK'] as const;
export type RunOrigin = (typeof runOrigins)[number];
export type StepStatus = 'RUNNING' | 'CANCELLED' | 'SKIPPED' | 'COMPLETED' | 'FAILED';
export type StepType = 'note' | 'branch' | 'code' | 'model' | 'http_request' | 'browser' | 'workflow' | 'service' | 'input';
export type OutputStyle = 'map' | 'legacy-array';

/** StepSchema of a workflow version; type-specific settings ride along as extra fields. */
export interface StepDefinition {
  type: StepType;
  key: string;
  display?: 'expanded' | 'collapsed';
  /** `{{input.field === 'value'}}`: the step is SKIPPED when the run's input does not match. */
  conditional?: string;
  loop?: string;
  throw_on_error?: boolean;
  input_connected?: boolean;
  destinations: string[];
  position: [number, number];
  size: [number, number];
  auto?: { provider: string; model: string; temperature: number };
  note?: string;
  code?: string;
  model?: string;
  prompt?: string;
  url?: string;
  /** The workflow a `workflow` step runs as a child run. */
  workflow_id?: string;
}

export interface RetentionWire {
  max_age_in_seconds: number;
  preserve_on_failure?: boolean;
}

export interface AppRecord {
  id: string;
  name: string;
}

export interface TagWire {
  id: string;
  name: string;
  color: string | null;
  app_id: string;
  created_at: string | null;
  updated_at: string | null;
}

export interface WorkflowContent {
  key: string;
  input: Record<string, unknown>;
  inputDefault: Record<string, unknown>;
  inputOptions: Record<string, unknown>;
  steps: StepDefinition[];
}

export interface WorkflowVersionRecord extends WorkflowContent {
  id: string;
  version: number;
  rollbackVersion?: number;
  description: string | null;
  notes: string | null;
  createdBy: { id: string; name: string };
  createdAt: number;
}

export interface WorkflowRecord {
  id: string;
  appId: string;
  name: string;
  description: string | null;
  visibility: 'PUBLIC' | 'PRIVATE';
  tags: string[];
  createdAt: number;
  updatedAt: number;
  retention: RetentionWire | null;
  /** Ascending by version number; the last one is the workflow's current version. */
  versions: WorkflowVersionRecord[];
  draft: WorkflowContent;
  dateFormat: WireDateFormat;
}

/** One planned execution of one step: decided when the run (or its replay) is planned. */
export interface StepExecution {
  key: string;
  type: StepType;
  start: number;
  end: number;
  outcome: 'COMPLETED' | 'FAILED' | 'SKIPPED' | 'CANCELLED';
  output: unknown;
  logs: unknown[];
  calls: StepCall[];
  error?: string;
  childRunId?: string;
  /** Where a step cut short by a scripted cancel would have ended: its child keeps that pace. */
  plannedEnd?: number;
}

export interface StepCall {
  id: string;
  type: 'model' | 'http';
  provider?: string;
  model?: string;
  total: number;
  start: number;
  end: number;
}

export interface StepSnapshot {
  execution: StepExecution;
  status: StepStatus;
  end?: number;
  error?: string;
}

/** The state of a run between two changes; a run's Timeline holds one per change. */
export interface RunSnapshot {
  status: string;
  startedAt: number | null;
  endedAt: number | null;
  error: string | null;
  steps: StepSnapshot[];
}

export interface RunRecord {
  id: string;
  /** The invoking app (`app_id`). */
  appId: string;
  /** The app the workflow belongs to (`workflow_app_id`). */
  workflowAppId: string;
  workflowId: string;
  /** null: a run of the workflow's draft. */
  versionNumber: number | null;
  origin: string;
  input: unknown;
  identifier?: string;
  createdAt: number;
  /** Created under `/workflows/discover/...` (A22). */
  family: 'plain' | 'discover';
  timeline: Timeline<RunSnapshot>;
  retention: RetentionWire | null;
  /** Last write that changed no status (retention PATCH), for `updated_at`. */
  lastWriteAt: number;
  collectionId?: string;
  recordId?: string;
  dateFormat: WireDateFormat;
  outputStyle: OutputStyle;
  /** Child runs this run's workflow steps created (pre-created at the step's start time). */
  childRunIds: string[];
  depth: number;
}

/** What the next execution started through the API will do (`scriptNextRuns`). */
export interface RunScript {
  outcome?: 'success' | 'error' | 'cancelled' | 'skipped';
  /** Simulator-clock time spent PENDING (default 500). */
  pendingMs?: number;
  /** Simulator-clock time spent RUNNING (default 1500), split over the steps. */
  runningMs?: number;
  /** The step that fails when `outcome` is `error` (default: the middle executed step). */
  failStepKey?: string;
  /** Error text of the failing step. */
  errorMessage?: string;
  /** Per-step durations; steps not named share what is left of `runningMs`. */
  stepDurationsMs?: Record<string, number>;
  /** Replaces the generated output of these steps. */
  stepOutputs?: Record<string, unknown>;
}
