import { isObject } from '../wire-values.js';

/**
 * The Zaia executions wire format (seed 003, UPSTREAMS.md §2.4), kept minimal: only what the
 * mapping reads, every field `unknown`. The status enum and the `detail` variants are not
 * documented, and list and nestings envelopes are assumptions (docs/upstreams.md A11, A14), so every reader
 * accepts the plausible alternatives.
 */
export interface NestedExecutionWire {
  id?: unknown;
  createdAt?: unknown;
  updatedAt?: unknown;
  startedAt?: unknown;
  endedAt?: unknown;
  creditsUsed?: unknown;
  detail?: unknown;
  isAgentic?: unknown;
  isPurged?: unknown;
  parentId?: unknown;
  responderId?: unknown;
  status?: unknown;
  workspaceId?: unknown;
}

/** The nestings answer: an execution with its children, recursively (docs/upstreams.md A14). */
export type NestedNestingWire = NestedExecutionWire & { children?: unknown };

/** Paths of seed 003, each segment encoded here so the adapter never builds URLs by hand. */
export const nestedPaths = {
  executions: () => '/api/v1/executions',
  execution: (id: string) => `/api/v1/executions/${encodeURIComponent(id)}`,
  nestings: () => '/api/v1/executions/nestings',
} as const;

/** The documented bounds of `pageSize`. */
export const maxListPageSize = 100;

/**
 * Ids, `responderIds` and `chatMessageId` are "UUID v4 string"s. Any RFC-shaped uuid is let
 * through (the service answers 400 for what it rejects); anything else cannot name an execution.
 */
export { isUuid } from '../../model/uuid.js';

/** One execution: bare, as documented, or under `data` where a proxy wraps answers. */
export function asExecutionWire(body: unknown): NestedNestingWire | null {
  if (!isObject(body)) return null;
  if ('id' in body || 'status' in body) return body;
  return isObject(body.data) && ('id' in body.data || 'status' in body.data) ? body.data : null;
}

/** A list page: a bare array (docs/upstreams.md A11), or `{data: [...]}` / `{items: [...]}` should the service wrap it. */
export function asExecutionList(body: unknown): NestedExecutionWire[] | null {
  const items = Array.isArray(body) ? body : isObject(body) ? (Array.isArray(body.data) ? body.data : Array.isArray(body.items) ? body.items : null) : null;
  return items ? items.filter(isObject) : null;
}

/** `children` of a nestings node; absent or null on leaves. */
export function childrenOf(node: NestedNestingWire): unknown[] {
  return Array.isArray(node.children) ? node.children : [];
}

/**
 * Zaia's error envelope (`{code, cta, feedback, message, name}`). It is only ever recognized
 * so that a 2xx carrying one is reported as such; its content never reaches a client.
 */
export function isErrorEnvelope(body: unknown): boolean {
  return isObject(body) && typeof body.code === 'string' && typeof body.message === 'string' && !('id' in body) && ('cta' in body || 'feedback' in body || 'name' in body);
}
