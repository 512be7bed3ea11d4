import { malformedRecord } from '../../http/upstream-failure.js';
import type { ExecutionError, ExecutionRecord } from '../../model/execution-record.js';
import { mapNativeStatus, type ExecutionStatus } from '../../model/execution-status.js';
import type { Feedback } from '../../model/feedback.js';
import { parseTimestamp } from '../../model/timestamp.js';
import { limitErrorMessage } from '../error-message-length.js';
import { idString, optionalNumber } from '../wire-values.js';
import type { AirOpsExecutionWire } from './airops-api.js';

/** UPSTREAMS.md §4.1, AirOps column. */
export const airOpsStatusTable: Readonly<Record<string, ExecutionStatus>> = {
  pending: 'PENDING',
  running: 'RUNNING',
  review_needed: 'NEEDS_REVIEW',
  success: 'SUCCEEDED',
  error: 'FAILED',
  cancelled: 'CANCELLED',
};

const feedbackByWire: Readonly<Record<string, Feedback>> = { positive: 'POSITIVE', neutral: 'NEUTRAL', negative: 'NEGATIVE' };
export const wireFeedback: Readonly<Record<Feedback, string>> = { POSITIVE: 'positive', NEUTRAL: 'neutral', NEGATIVE: 'negative' };

export interface AirOpsMappingContext {
  provider: string;
  /** The uuid asked for, when the body lacks one. */
  requestedUuid?: string;
  /** The app, when known from the call (the payload never carries it). */
  appId?: string | null;
}

export function toAirOpsRecord(wire: AirOpsExecutionWire, context: AirOpsMappingContext): ExecutionRecord<'airops'> {
  const nativeId = idString(wire.uuid) ?? context.requestedUuid;
  if (nativeId === undefined) throw malformedRecord(context.provider, 'an execution without a uuid');
  const createdAt = parseTimestamp(wire.createdAt ?? wire.created_at) ?? parseTimestamp(wire.updatedAt ?? wire.updated_at);
  if (createdAt === null) throw malformedRecord(context.provider, 'an execution without a readable createdAt');
  const mapped = mapNativeStatus(wire.status, airOpsStatusTable, null);
  const errorCode = idString(wire.error_code);

  return {
    kind: 'airops',
    provider: context.provider,
    nativeId,
    ...mapped,
    input: wire.inputs ?? null,
    output: wire.output ?? null,
    error: toError(mapped.status, errorCode, wire.error_message),
    createdAt,
    updatedAt: parseTimestamp(wire.updatedAt ?? wire.updated_at),
    // AirOps reports neither: runtime is a duration, and fabricating instants from it would lie.
    startedAt: null,
    endedAt: null,
    creditsUsed: optionalNumber(wire.credits_used),
    targetId: context.appId ?? null,
    parentNativeId: null,
    details: {
      numericId: idString(wire.id),
      feedback: typeof wire.feedback === 'string' ? (feedbackByWire[wire.feedback.toLowerCase()] ?? null) : null,
      conversationId: idString(wire.conversation_id),
      appVersionId: idString(wire.airops_apps_version_id),
      workspaceId: idString(wire.workspace_id),
      source: typeof wire.source === 'string' ? wire.source : null,
      runtimeSeconds: optionalNumber(wire.runtime),
      errorCode,
      errorPayload: wire.error_message ?? null,
    },
  };
}

/** `error_message` may be any JSON value: a string is the message, anything else is shown as JSON text. */
function toError(status: ExecutionStatus, code: string | null, payload: unknown): ExecutionError | null {
  const hasPayload = payload !== undefined && payload !== null && payload !== '';
  if (!hasPayload && code === null) {
    return status === 'FAILED' ? { code: null, message: 'Execution failed (AirOps gave no message)', details: null } : null;
  }
  let message: string;
  if (typeof payload === 'string' && payload !== '') message = payload;
  else if (hasPayload) message = JSON.stringify(payload);
  else message = `Execution failed with error code ${code}`;
  return { code, message: limitErrorMessage(message), details: payload ?? null };
}
