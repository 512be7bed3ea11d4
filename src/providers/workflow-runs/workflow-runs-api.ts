import type { IncomingHttpHeaders } from 'node:http';
import { isObject } from '../wire-values.js';

/**
 * The Cortex wire format (seeds 001 and 004, UPSTREAMS.md §2.2), kept minimal: only what the
 * mapping reads, every field `unknown` because the documented schema and real payloads drift
 * (plain dates or date-times, `output` as a map or the legacy array, numbers as strings).
 */
export interface RunWire {
  id?: unknown;
  result?: unknown;
  input?: unknown;
  output?: unknown;
  status?: unknown;
  origin?: unknown;
  error?: unknown;
  started_at?: unknown;
  ended_at?: unknown;
  created_at?: unknown;
  updated_at?: unknown;
  app_id?: unknown;
  workflow_app_id?: unknown;
  workflow_id?: unknown;
  workflow_version?: unknown;
  workflow_version_draft?: unknown;
  collection_id?: unknown;
  record_id?: unknown;
  version?: unknown;
  usage?: unknown;
  retention?: unknown;
  retention_due_at?: unknown;
}

export interface StepWire {
  status?: unknown;
  key?: unknown;
  type?: unknown;
  output?: unknown;
  logs?: unknown;
  calls?: unknown;
  start?: unknown;
  end?: unknown;
  error?: unknown;
}

export interface WorkflowWire {
  id?: unknown;
  name?: unknown;
  description?: unknown;
  app?: unknown;
  app_id?: unknown;
  visibility?: unknown;
  version?: unknown;
  tags?: unknown;
  created_at?: unknown;
  updated_at?: unknown;
  retention?: unknown;
}

export interface VersionWire {
  id?: unknown;
  app_id?: unknown;
  workflow_id?: unknown;
  description?: unknown;
  version?: unknown;
  rollback_version?: unknown;
  notes?: unknown;
  created_by?: unknown;
  created_at?: unknown;
  key?: unknown;
  input?: unknown;
  input_default?: unknown;
  input_options?: unknown;
  steps?: unknown;
}

/** The `pagination-*` response headers Cortex (and its SDK's GETPaged) uses for totals. */
export interface PaginationHeaders {
  page: number | null;
  take: number | null;
  count: number | null;
}

const segment = encodeURIComponent;

/** Paths of §2.2, every segment encoded here (workflow and run ids may hold dots and non-ASCII). */
export const cortexPaths = {
  workflows: (app: string) => `/apps/${segment(app)}/workflows`,
  workflow: (app: string, workflow: string) => `/apps/${segment(app)}/workflows/${segment(workflow)}`,
  versions: (app: string, workflow: string) => `/apps/${segment(app)}/workflows/${segment(workflow)}/versions`,
  version: (app: string, workflow: string, version: string) => `/apps/${segment(app)}/workflows/${segment(workflow)}/versions/${segment(version)}`,
  runs: (app: string, workflow: string) => `/apps/${segment(app)}/workflows/${segment(workflow)}/runs`,
  run: (app: string, workflow: string, run: string) => `/apps/${segment(app)}/workflows/${segment(workflow)}/runs/${segment(run)}`,
  replay: (app: string, workflow: string, run: string) => `${cortexPaths.run(app, workflow, run)}/replay`,
  cancel: (app: string, workflow: string, run: string) => `${cortexPaths.run(app, workflow, run)}/cancel`,
  retention: (app: string, workflow: string, run: string) => `${cortexPaths.run(app, workflow, run)}/retention`,
  discoverWorkflows: (app: string) => `/apps/${segment(app)}/workflows/discover`,
  discoverWorkflow: (app: string, workflow: string) => `/apps/${segment(app)}/workflows/discover/${segment(workflow)}`,
  discoverVersion: (app: string, workflow: string, version: string) =>
    `/apps/${segment(app)}/workflows/discover/${segment(workflow)}/versions/${segment(version)}`,
  discoverRuns: (app: string, workflow: string) => `/apps/${segment(app)}/workflows/discover/${segment(workflow)}/runs`,
  discoverCancel: (app: string, workflow: string, run: string) =>
    `/apps/${segment(app)}/workflows/discover/${segment(workflow)}/runs/${segment(run)}/cancel`,
} as const;

/** A RunSchema body, or null when the answer is not one. */
export function asRunWire(body: unknown): RunWire | null {
  if (!isObject(body)) return null;
  return 'id' in body || 'status' in body ? body : null;
}

/** Lists are bare arrays (seed 004); a `{data: [...]}` envelope is tolerated all the same. */
export function asListWire(body: unknown): Record<string, unknown>[] | null {
  const items = Array.isArray(body) ? body : isObject(body) && Array.isArray(body.data) ? body.data : null;
  return items ? items.filter(isObject) : null;
}

export function paginationOf(headers: IncomingHttpHeaders): PaginationHeaders {
  return {
    page: headerNumber(headers['pagination-page']),
    take: headerNumber(headers['pagination-take']),
    count: headerNumber(headers['pagination-count']),
  };
}

function headerNumber(value: string | string[] | undefined): number | null {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || !/^\s*\d+\s*$/.test(text)) return null;
  return Number(text);
}
