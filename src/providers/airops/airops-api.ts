import { isObject } from '../wire-values.js';

/**
 * The AirOps wire format, kept minimal: only what the mapping reads. Every field is `unknown`
 * because the real service drifts from its own schema (ids as int or string, `error_message`
 * of any JSON type, a wrapped or bare execution body).
 */
export interface AirOpsExecutionWire {
  id?: unknown;
  uuid?: unknown;
  status?: unknown;
  airops_apps_version_id?: unknown;
  conversation_id?: unknown;
  credits_used?: unknown;
  error_code?: unknown;
  error_message?: unknown;
  feedback?: unknown;
  inputs?: unknown;
  output?: unknown;
  runtime?: unknown;
  source?: unknown;
  workspace_id?: unknown;
  createdAt?: unknown;
  updatedAt?: unknown;
  created_at?: unknown;
  updated_at?: unknown;
}

export interface AirOpsListWire {
  data: AirOpsExecutionWire[];
  meta: { count?: unknown; has_more?: unknown; cursor?: unknown };
}

export interface AirOpsAppWire {
  id?: unknown;
  uuid?: unknown;
  name?: unknown;
}

/** Paths of seed 000, each segment encoded here so adapters never build URLs by hand. */
export const airOpsPaths = {
  execution: (uuid: string) => `/public_api/airops_apps/executions/${encodeURIComponent(uuid)}`,
  cancel: (uuid: string) => `/public_api/airops_apps/executions/${encodeURIComponent(uuid)}/cancel`,
  retry: (uuid: string) => `/public_api/airops_apps/executions/${encodeURIComponent(uuid)}/retry`,
  feedback: (uuid: string) => `/public_api/airops_apps/executions/${encodeURIComponent(uuid)}/feedback`,
  execute: (app: string) => `/public_api/airops_apps/${encodeURIComponent(app)}/execute`,
  asyncExecute: (app: string) => `/public_api/airops_apps/${encodeURIComponent(app)}/async_execute`,
  executeDefinition: (app: string) => `/public_api/airops_apps/${encodeURIComponent(app)}/execute_definition`,
  asyncExecuteDefinition: (app: string) => `/public_api/airops_apps/${encodeURIComponent(app)}/async_execute_definition`,
  webhookAsyncExecute: (app: string) => `/public_api/airops_apps/${encodeURIComponent(app)}/webhook_async_execute`,
  /** Real clients put the numeric app id in the Rails-style `:airops_app_id` segment and in the query. */
  appExecutions: (numericAppId: string) => `/public_api/airops_apps/${encodeURIComponent(numericAppId)}/executions`,
  apps: () => '/public_api/airops_apps',
} as const;

/** The execution in an answer: `{airops_app_execution: {...}}` as the OpenAPI says, or bare as the examples show (docs/upstreams.md D1). */
export function unwrapExecution(body: unknown): AirOpsExecutionWire | null {
  if (!isObject(body)) return null;
  const wrapped = body.airops_app_execution;
  if (isObject(wrapped)) return wrapped;
  return 'uuid' in body || 'status' in body ? body : null;
}

export function asListWire(body: unknown): AirOpsListWire | null {
  if (!isObject(body) || !Array.isArray(body.data)) return null;
  const data = body.data.filter(isObject);
  return { data, meta: isObject(body.meta) ? body.meta : {} };
}

/** Apps from `GET /public_api/airops_apps`: `{data: [...]}` or a bare list. */
export function asAppList(body: unknown): { apps: AirOpsAppWire[]; cursor: string | null } | null {
  const items = Array.isArray(body) ? body : isObject(body) && Array.isArray(body.data) ? body.data : null;
  if (!items) return null;
  const meta = isObject(body) && isObject(body.meta) ? body.meta : {};
  const more = meta.has_more === true && typeof meta.cursor === 'string' && meta.cursor !== '';
  return { apps: items.filter(isObject), cursor: more ? (meta.cursor as string) : null };
}
