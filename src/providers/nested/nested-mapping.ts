import { GatewayError } from '../../errors/gateway-error.js';
import type { ExecutionError, ExecutionRecord } from '../../model/execution-record.js';
import { mapNativeStatus, type ExecutionStatus, type MappedStatus } from '../../model/execution-status.js';
import { parseTimestamp } from '../../model/timestamp.js';
import type { NestedExecutionWire } from './nested-api.js';
import { mineDetail } from './nested-detail.js';

/** UPSTREAMS.md §4.1, Zaia column (A16: the enum is undocumented, so this is every plausible spelling). */
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

const maxMessageLength = 4000;

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
  const nativeId = text(wire.id) ?? context.requestedId;
  if (nativeId === undefined) throw malformed(context.provider, 'an execution without an id');
  const startedAt = parseTimestamp(wire.startedAt);
  const updatedAt = parseTimestamp(wire.updatedAt);
  const createdAt = parseTimestamp(wire.createdAt) ?? startedAt ?? updatedAt;
  if (createdAt === null) throw malformed(context.provider, 'an execution without a readable createdAt');
  const endedAt = parseTimestamp(wire.endedAt);
  const mapped = mapZaiaStatus(wire.status, endedAt);
  const isPurged = wire.isPurged === true;
  const mined = mineDetail(wire.detail, isPurged);
  const responderId = text(wire.responderId);

  return {
    kind: 'nested',
    provider: context.provider,
    nativeId,
    status: mapped.status,
    nativeStatus: mapped.nativeStatus,
    isTerminal: mapped.isTerminal,
    input: mined.input,
    output: mined.output,
    error: toError(mapped.status, mined.error, isPurged),
    createdAt,
    updatedAt,
    startedAt,
    endedAt,
    creditsUsed: number(wire.creditsUsed),
    targetId: responderId,
    parentNativeId: text(wire.parentId),
    details: {
      responderId: responderId ?? '',
      isAgentic: wire.isAgentic === true,
      isPurged,
      detail: wire.detail ?? null,
      detailKind: mined.kind,
      workspaceId: text(wire.workspaceId),
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
  else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const fields = value as Record<string, unknown>;
    message = typeof fields.message === 'string' && fields.message !== '' ? fields.message : JSON.stringify(value);
    code = text(fields.code);
  } else message = JSON.stringify(value) ?? String(value);
  if (message.length > maxMessageLength) message = `${message.slice(0, maxMessageLength)}…`;
  return { code, message, details: value };
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

function number(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
}

function malformed(provider: string, what: string): GatewayError {
  return new GatewayError('UPSTREAM_ERROR', `Provider "${provider}" sent ${what}`, { provider });
}
