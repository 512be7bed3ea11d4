import type { DateTimeStyle } from '../kit/index.js';

/** Shapes shared by the AirOps simulator's files: what goes over the wire and what tests script. */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** The documented statuses; a record may also be forced into any other string. */
export type AiropsKnownStatus = 'pending' | 'running' | 'error' | 'success' | 'cancelled' | 'review_needed';
export type AiropsFeedback = 'positive' | 'neutral' | 'negative';

/** `Execution` exactly as the upstream sends it (field order as in UPSTREAMS.md §2.1). */
export interface AiropsExecutionWire {
  id: number | string;
  uuid: string;
  status: string;
  airops_apps_version_id: number | null;
  conversation_id: number | string | null;
  credits_used: number | null;
  error_code: string | null;
  error_message: JsonValue;
  feedback: AiropsFeedback | null;
  inputs: JsonObject;
  output: JsonValue;
  runtime: number | null;
  source: string | null;
  workspace_id: number;
  createdAt: string;
  updatedAt: string;
}

export interface AiropsAppWire {
  id: number;
  uuid: string;
  name: string;
  description: string | null;
  published: boolean;
  workspace_id: number;
  active_version_id: number;
  createdAt: string;
  updatedAt: string;
}

/**
 * How one record writes its timestamps. `offset` is `Z` or `±HH:MM`; digits beyond the
 * millisecond are filled from the record so that they are stable but not all zeros.
 */
export type TimestampStyle = DateTimeStyle;

/** What one run does once started: the statuses it passes through and its result. */
export interface AiropsRunScript {
  /** Final (or resting) status. `review_needed` rests until `approveReview`. Default `success`. */
  outcome?: 'success' | 'error' | 'review_needed' | 'cancelled' | (string & {});
  /** Simulator-clock time spent `pending` (default 500). */
  pendingMs?: number;
  /** Simulator-clock time spent `running` before the outcome (default 1500). */
  runningMs?: number;
  output?: JsonValue;
  errorCode?: string | null;
  errorMessage?: JsonValue;
  creditsUsed?: number;
  /** After approval of a `review_needed` run: how it ends and how long it runs (default success, 1000 ms). */
  afterReview?: { outcome?: 'success' | 'error'; runningMs?: number; output?: JsonValue; errorCode?: string | null; errorMessage?: JsonValue };
}

/** The part of an execution that changes over its lifecycle (one Timeline state). */
export interface AiropsPhase {
  status: string;
  output: JsonValue;
  errorCode: string | null;
  errorMessage: JsonValue;
  runtime: number | null;
  creditsUsed: number | null;
}

export type EnvelopeMode = 'wrapped' | 'bare' | 'alternate';
export type IdStyle = 'int' | 'string' | 'mixed';

export interface AiropsAppSeed {
  id?: number;
  uuid?: string;
  name?: string;
  description?: string | null;
  published?: boolean;
  /** Number of versions; `version_slug` 1..versions is accepted, the latest is the default. */
  versions?: number;
  /** Input names in order; the first receives a webhook payload that has no `inputs` (A5). */
  inputNames?: string[];
  /** Inputs that execute refuses to run without (400). */
  requiredInputs?: string[];
  createdAt?: number;
}

export interface AiropsApp {
  id: number;
  uuid: string;
  name: string;
  description: string | null;
  published: boolean;
  versions: number;
  inputNames: string[];
  requiredInputs: string[];
  createdAt: number;
}

/** A record added by a test or the fixtures. Without `status` or `run` it runs the default script from `createdAt`. */
export interface AiropsExecutionSeed {
  /** Owning app: numeric id or uuid. */
  app: number | string;
  uuid?: string;
  /** Wire `id`; a number, or any string (the schema types it as a string). */
  id?: number | string;
  /** Overrides the simulator's `idStyle` for this record when `id` is not given. */
  idForm?: 'int' | 'string';
  inputs?: JsonObject;
  source?: string | null;
  conversationId?: number | string | null;
  versionSlug?: number;
  feedback?: AiropsFeedback | null;
  /** Simulator-clock ms; default now. */
  createdAt?: number;
  timestampStyle?: TimestampStyle;
  /** A fixed state from `updatedAt` (default `createdAt`) on: no lifecycle. */
  status?: string;
  updatedAt?: number;
  output?: JsonValue;
  errorCode?: string | null;
  errorMessage?: JsonValue;
  runtime?: number | null;
  creditsUsed?: number | null;
  /** A lifecycle starting at `createdAt`. Ignored when `status` is given. */
  run?: AiropsRunScript;
}
