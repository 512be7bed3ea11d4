import type { ExecutionStatus } from './gql/graphql.js';
/** Every ExecutionStatus, in the order the filter offers them (the generated type keeps it whole: a status the schema adds fails the build here). */
export const executionStatuses = ['PENDING', 'RUNNING', 'NEEDS_REVIEW', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'SKIPPED', 'UNKNOWN'] as const satisfies readonly ExecutionStatus[];

const labels: Record<ExecutionStatus, string> = {
  PENDING: 'Pending',
  RUNNING: 'Running',
  NEEDS_REVIEW: 'Needs review',
  SUCCEEDED: 'Succeeded',
  FAILED: 'Failed',
  CANCELLED: 'Cancelled',
  SKIPPED: 'Skipped',
  UNKNOWN: 'Unknown',
};

/** A status as a word and a colour (the word stays for readers who cannot tell the colours apart). */
export function StatusBadge({ status, nativeStatus }: { status: string; nativeStatus?: string }) {
  return (
    <span class={`status status-${status.toLowerCase()}`} title={nativeStatus ? `upstream: ${nativeStatus}` : undefined}>
      {labels[status as ExecutionStatus] ?? status}
    </span>
  );
}
