const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];
const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "3 minutes ago", "in 5 seconds", "now". */
export function relativeTime(iso: string, now: number): string {
  const delta = Date.parse(iso) - now;
  if (Number.isNaN(delta)) return '';
  for (const [unit, size] of units) {
    if (Math.abs(delta) >= size || unit === 'second') return relative.format(Math.round(delta / size), unit);
  }
  return '';
}

/** "1 h 02 min", "3 min 07 s", "12.4 s". */
export function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min ${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')} s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** How long it ran, or has been running until `now`; empty before it started. */
export function runDuration(execution: { startedAt?: string | null; createdAt: string; endedAt?: string | null; isTerminal: boolean }, now: number): string {
  const start = Date.parse(execution.startedAt ?? execution.createdAt);
  if (Number.isNaN(start)) return '';
  const end = execution.endedAt ? Date.parse(execution.endedAt) : execution.isTerminal ? Number.NaN : now;
  return Number.isNaN(end) ? '' : duration(Math.max(0, end - start));
}
