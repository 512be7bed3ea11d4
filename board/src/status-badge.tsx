/** Every ExecutionStatus, in the order the filter offers them. */
export const executionStatuses = ['PENDING', 'RUNNING', 'NEEDS_REVIEW', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'SKIPPED', 'UNKNOWN'] as const;

const labels: Record<string, string> = {
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
      {labels[status] ?? status}
    </span>
  );
}
