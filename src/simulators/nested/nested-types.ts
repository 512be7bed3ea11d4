import type { SimulatorClock } from '../kit/index.js';
import type { NestedDetailSpec, NestedPurgedDetail } from './nested-detail.js';
import type { NestedCanonicalStatus, NestedLifecycle } from './nested-lifecycle.js';
import type { NestedTimeFormat } from './nested-time.js';

/** One execution as the service sends it (field order as in the reference). */
export interface NestedExecutionWire {
  createdAt: string;
  id: string;
  updatedAt: string;
  creditsUsed: number;
  detail: unknown;
  endedAt: string | null;
  isAgentic: boolean;
  isPurged: boolean;
  parentId: string | null;
  responderId: string;
  startedAt: string;
  status: string;
  workspaceId: string;
}

/** The nestings answer (A14). `children` is absent on leaves only with `leafChildren: 'omitted'`. */
export type NestedNestingWire = NestedExecutionWire & { children?: NestedNestingWire[] };

export interface NestedSimulatorOptions {
  clock?: SimulatorClock;
  /** Keys accepted in the `authorization` header (raw). Default `zaia-sim-key`. */
  apiKey?: string | readonly string[];
  /** The workspace of the key(s), the default `workspaceId` of new executions. */
  workspaceId?: string;
  /** Seed of the fixture generator (ids, credits, demo data). Default 3. */
  seed?: number;
  /** Base URL of the envelope's `cta.url`. */
  supportUrl?: string;
  /** A23 alternative: also accept `Bearer <key>` (default false: 401). */
  acceptBearer?: boolean;
  /** A11 alternative: `data-envelope` answers `{data, pageNumber, pageSize}` instead of a bare array. */
  listShape?: 'bare-array' | 'data-envelope';
  /** A11: ties on `createdAt` are ordered by id descending (default) or ascending. */
  tieOrder?: 'id-desc' | 'id-asc';
  /** A12 alternative: `empty` answers 400 and 404 with an empty body. 401 and 429 keep the envelope. */
  errorBodies?: 'envelope' | 'empty';
  /** A13 alternative: `prefer-execution-id` answers with the execution when both parameters are given. */
  nestingsWithBothParameters?: 'reject' | 'prefer-execution-id';
  /** A14 alternative: `omitted` leaves out `children` on leaves. */
  leafChildren?: 'empty-array' | 'omitted';
  /** How a purged detail looks (default `{}`). */
  purgedDetail?: NestedPurgedDetail;
  /** "UUID v4 string": `v4` (default) rejects other versions with 400; `any` accepts any RFC uuid. */
  uuidVersion?: 'v4' | 'any';
  /** A16 alternative: respell the lifecycle's default statuses (e.g. `{ completed: 'success' }`). */
  statusNames?: Partial<Record<NestedCanonicalStatus, string>>;
}

/** One execution (and its subtree) to add through `addExecutionTree`. */
export interface NestedExecutionSpec {
  /** Default: a fresh seeded uuid v4. Stored lowercase. */
  id?: string;
  responderId?: string;
  workspaceId?: string;
  isAgentic?: boolean;
  /** The chat message this execution answers: findable through `nestings?chatMessageId=`. Unique. */
  chatMessageId?: string;
  detail?: NestedDetailSpec;
  /** Default: the next scripted lifecycle (`scriptNextRuns`), else pending 500 ms → running 1500 ms → completed. */
  lifecycle?: NestedLifecycle;
  timeFormat?: NestedTimeFormat;
  /** Roots only: when it is created (may be in the past). Default: the clock's now. */
  createdAt?: number | Date | string;
  /** Roots only: attach the tree under an existing execution. */
  parentId?: string;
  /** Children only: created this long after the parent starts running (default 0). */
  spawnDelayMs?: number;
  children?: NestedExecutionSpec[];
}

/** Ids of an added tree: `id` of its root, `ids` of the whole tree in preorder. */
export interface NestedTreeHandle {
  id: string;
  ids: string[];
  children: NestedTreeHandle[];
}

export interface NestedSetStatusOptions {
  /**
   * Default: an ending spelling (completed, failed, success, timeout ...) keeps the current endedAt or
   * sets now; an open one (pending, queued, running, processing, waiting*) clears it; any other string
   * leaves it as it is.
   */
  endedAt?: number | Date | string | null;
  creditsUsed?: number;
}

export interface NestedResponder {
  id: string;
  name: string;
  entity: 'agent' | 'workflow';
}
