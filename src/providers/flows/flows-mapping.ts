import { malformedRecord } from '../../http/upstream-failure.js';
import type { ExecutionError, ExecutionRecord } from '../../model/execution-record.js';
import { mapNativeStatus, type ExecutionStatus } from '../../model/execution-status.js';
import { parseTimestamp } from '../../model/timestamp.js';
import { limitErrorMessage } from '../error-message-length.js';
import { idString } from '../wire-values.js';
import type { FlowExecutionWire } from './flows-api.js';

/**
 * UPSTREAMS.md §4.1, FlowMason column. Keys are lower-case and matched case-insensitively: the
 * REST routes send snake_case, the webhook trigger Rust's Debug form (`"Completed"`).
 */
export const flowsStatusTable: Readonly<Record<string, ExecutionStatus>> = {
  pending: 'PENDING',
  running: 'RUNNING',
  completed: 'SUCCEEDED',
  failed: 'FAILED',
};

export interface FlowsMappingContext {
  provider: string;
  /** The id asked for, when the body lacks one. */
  requestedId?: string;
  /** The flow, when known from the call (a start, or a per-flow listing), for bodies that lack `flow_id`. */
  flowId?: string;
  /** The native id of the execution this one re-ran, when runql made it through retryExecution. */
  retryOf?: string | null;
}

export function toFlowRecord(wire: FlowExecutionWire, context: FlowsMappingContext): ExecutionRecord<'flows'> {
  const nativeId = idString(wire.execution_id) ?? context.requestedId;
  if (nativeId === undefined) throw malformedRecord(context.provider, 'an execution without an execution_id');
  const flowId = idString(wire.flow_id) ?? context.flowId;
  if (flowId === undefined) throw malformedRecord(context.provider, 'an execution without a flow_id');
  const startedAt = parseTimestamp(wire.started_at);
  const endedAt = parseTimestamp(wire.completed_at);
  // FlowMason keeps no creation time: the contract makes started_at the creation time. Only a
  // record whose started_at is unreadable falls back to its end, so it can still be listed.
  const createdAt = startedAt ?? endedAt;
  if (createdAt === null) throw malformedRecord(context.provider, 'an execution without a readable started_at');
  const mapped = mapNativeStatus(wire.status, flowsStatusTable, endedAt);

  return {
    kind: 'flows',
    provider: context.provider,
    nativeId,
    ...mapped,
    input: wire.input_payload ?? null,
    output: wire.output_payload ?? null,
    error: toError(mapped.status, wire.error),
    createdAt,
    // FlowMason has no update time; inventing one from completed_at would claim a change it never reported.
    updatedAt: null,
    startedAt,
    endedAt,
    creditsUsed: null,
    targetId: flowId,
    parentNativeId: null,
    details: { flowId, retryOf: context.retryOf ?? null },
  };
}

/** `error` is a string in both the docs and the code; anything else is shown as JSON text. */
function toError(status: ExecutionStatus, error: unknown): ExecutionError | null {
  if (error === undefined || error === null || error === '') {
    return status === 'FAILED' ? { code: null, message: 'Execution failed (FlowMason gave no message)', details: null } : null;
  }
  const message = typeof error === 'string' ? error : JSON.stringify(error);
  return { code: null, message: limitErrorMessage(message), details: error };
}
