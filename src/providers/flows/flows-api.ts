import { isObject } from '../wire-values.js';

/**
 * The FlowMason wire format (seed 002, UPSTREAMS.md §2.3), kept minimal: only what the mapping
 * reads. Every field is `unknown`: the docs and the code disagree on several shapes, and ids
 * are opaque strings (UUIDs from the code, `exec-456` in the docs, anything a flow editor allows).
 */
export interface FlowExecutionWire {
  execution_id?: unknown;
  flow_id?: unknown;
  status?: unknown;
  started_at?: unknown;
  completed_at?: unknown;
  input_payload?: unknown;
  output_payload?: unknown;
  error?: unknown;
}

/** Paths under the server origin, each segment encoded here so the adapter never builds URLs by hand. */
export const flowsPaths = {
  executions: () => '/api/v1/executions',
  execution: (executionId: string) => `/api/v1/executions/${encodeURIComponent(executionId)}`,
  flowExecutions: (flowId: string) => `/api/v1/executions/flow/${encodeURIComponent(flowId)}`,
} as const;

/** The body of POST /executions. */
export interface ExecuteFlowRequestWire {
  flow_id: string;
  input_payload: unknown;
}

/**
 * An execution body, or null when the answer is not one: an empty body, or an error document
 * (`{error, code}` in the docs, `{error, status}` in error.rs) that a proxy might pass on with a 200.
 */
export function asExecution(body: unknown): FlowExecutionWire | null {
  if (!isObject(body)) return null;
  return 'execution_id' in body || ('flow_id' in body && 'status' in body) ? body : null;
}

/**
 * The executions of a list answer: the documented bare array, or the `{items, limit, offset,
 * total: null}` envelope the code returns (docs/upstreams.md D5). Null when it is neither.
 */
export function asExecutionList(body: unknown): FlowExecutionWire[] | null {
  const items = Array.isArray(body) ? body : isObject(body) && Array.isArray(body.items) ? body.items : null;
  return items ? items.filter(isObject) : null;
}
