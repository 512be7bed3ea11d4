/** The normalized status of an execution (contract enum `ExecutionStatus`). */
export const executionStatuses = [
  'PENDING',
  'RUNNING',
  'NEEDS_REVIEW',
  'SUCCEEDED',
  'FAILED',
  'CANCELLED',
  'SKIPPED',
  'UNKNOWN',
] as const;

export type ExecutionStatus = (typeof executionStatuses)[number];

const terminalStatuses: ReadonlySet<ExecutionStatus> = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED', 'SKIPPED']);

export interface MappedStatus {
  status: ExecutionStatus;
  nativeStatus: string;
  isTerminal: boolean;
}

/**
 * Maps an upstream status string through `table` (keys lower-case; matched case-insensitively).
 * Anything the table does not know is UNKNOWN, and then only an end time reported by the
 * upstream makes it terminal: a status we cannot read must not end a subscription early.
 */
export function mapNativeStatus(
  nativeStatus: unknown,
  table: Readonly<Record<string, ExecutionStatus>>,
  endedAt: string | null,
): MappedStatus {
  const verbatim = typeof nativeStatus === 'string' ? nativeStatus : nativeStatus == null ? '' : JSON.stringify(nativeStatus);
  const status = table[verbatim.trim().toLowerCase()] ?? 'UNKNOWN';
  const isTerminal = status === 'UNKNOWN' ? endedAt !== null : terminalStatuses.has(status);
  return { status, nativeStatus: verbatim, isTerminal };
}

export function isTerminalStatus(status: ExecutionStatus): boolean {
  return terminalStatuses.has(status);
}
