import { malformedRecord } from '../../http/upstream-failure.js';
import type { ExecutionError, ExecutionRecord } from '../../model/execution-record.js';
import { mapNativeStatus, type ExecutionStatus, type MappedStatus } from '../../model/execution-status.js';
import { parseTimestamp } from '../../model/timestamp.js';
import { limitErrorMessage } from '../error-message-length.js';
import { idString, isObject, optionalNumber } from '../wire-values.js';
import type { NestedExecutionWire } from './nested-api.js';
import { mineDetail } from './nested-detail.js';

/** UPSTREAMS.md §4.1, Zaia column (docs/upstreams.md A16: the enum is undocumented, so this is every plausible spelling). */
export const zaiaStatusTable: Readonly<Record<string, ExecutionStatus>> = {
  pending: 'PENDING',
  queued: 'PENDING',
  running: 'RUNNING',
  processing: 'RUNNING',
  completed: 'SUCCEEDED',
  success: 'SUCCEEDED',
  succeeded: 'SUCCEEDED',
  finished: 'SUCCEEDED',
  failed: 'FAILED',
  error: 'FAILED',
  timeout: 'FAILED',
  cancelled: 'CANCELLED',
  canceled: 'CANCELLED',
  aborted: 'CANCELLED',
  stopped: 'CANCELLED',
};

/** `waiting*` and `awaiting*` (waiting_for_input, awaitingApproval ...) wait on a person: NEEDS_REVIEW. */
const awaitingPrefixes = ['waiting', 'awaiting'] as const;

/**
 * The exact table first; then the prefix rule, which no table can express. Anything else is
 * UNKNOWN, terminal only when Zaia reports an end time.
 */
export function mapZaiaStatus(nativeStatus: unknown, endedAt: string | null): MappedStatus {
  const mapped = mapNativeStatus(nativeStatus, zaiaStatusTable, endedAt);
  if (mapped.status !== 'UNKNOWN') return mapped;
  const lower = mapped.nativeStatus.trim().toLowerCase();
  if (awaitingPrefixes.some((prefix) => lower.startsWith(prefix))) return { ...mapped, status: 'NEEDS_REVIEW', isTerminal: false };
  return mapped;
}

export interface NestedMappingContext {
  provider: string;
  /** The id asked for, when the body lacks one. */
  requestedId?: string;
  /** Known only when the execution was found through its chat message. */
  chatMessageId?: string | null;
}

export function toNestedRecord(wire: NestedExecutionWire, context: NestedMappingContext): ExecutionRecord<'nested'> {
  const nativeId = idString(wire.id) ?? context.requestedId;
  if (nativeId === undefined) throw malformedRecord(context.provider, 'an execution without an id');
  const startedAt = parseTimestamp(wire.startedAt);
  const updatedAt = parseTimestamp(wire.updatedAt);
  const createdAt = parseTimestamp(wire.createdAt) ?? startedAt ?? updatedAt;
  if (createdAt === null) throw malformedRecord(context.provider, 'an execution without a readable createdAt');
  const endedAt = parseTimestamp(wire.endedAt);
  const mapped = mapZaiaStatus(wire.status, endedAt);
  const isPurged = wire.isPurged === true;
  const mined = mineDetail(wire.detail, isPurged);
  const responderId = idString(wire.responderId);

  return {
    kind: 'nested',
    provider: context.provider,
    nativeId,
    ...mapped,
    input: mined.input,
    output: mined.output,
    error: toError(mapped.status, mined.error, isPurged),
    createdAt,
    updatedAt,
    startedAt,
    endedAt,
    creditsUsed: optionalNumber(wire.creditsUsed),
    targetId: responderId,
    parentNativeId: idString(wire.parentId),
    details: {
      responderId: responderId ?? '',
      isAgentic: wire.isAgentic === true,
      isPurged,
      detail: wire.detail ?? null,
      detailKind: mined.kind,
      workspaceId: idString(wire.workspaceId),
      chatMessageId: context.chatMessageId ?? null,
    },
  };
}

/**
 * Zaia has no error field: a failure, when reported at all, is an `error` of any JSON type
 * inside `detail`. A failed execution without one still gets an error, saying so.
 */
function toError(status: ExecutionStatus, reported: { value: unknown } | null, isPurged: boolean): ExecutionError | null {
  if (reported === null) {
    if (status !== 'FAILED') return null;
    const why = isPurged ? 'its detail was purged' : 'Zaia reported no error detail';
    return { code: null, message: `Execution failed (${why})`, details: null };
  }
  const value = reported.value;
  let message: string;
  let code: string | null = null;
  if (typeof value === 'string' && value !== '') message = value;
  else if (isObject(value)) {
    message = typeof value.message === 'string' && value.message !== '' ? value.message : JSON.stringify(value);
    code = idString(value.code);
  } else message = JSON.stringify(value) ?? String(value);
  return { code, message: limitErrorMessage(message), details: value };
}
