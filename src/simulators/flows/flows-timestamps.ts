import { formatDateTime } from '../kit/index.js';

/**
 * FlowMason renders every timestamp with chrono's `to_rfc3339()` on a `DateTime<Utc>`: a `+00:00`
 * offset and `SecondsFormat::AutoSi` fractions (0, 3, 6 or 9 digits, whichever is exact). The docs
 * show `Z` instead. Fixtures pick a style per record so the gateway meets every form.
 */
export interface TimestampStyle {
  /** `'+00:00'` (the code), `'Z'` (the docs) or any `±HH:MM` offset. Default `'+00:00'`. */
  offset?: string;
  /** Fixed number of fractional digits, or `'auto'` (chrono AutoSi). Default `'auto'`. */
  fractionDigits?: 0 | 3 | 6 | 9 | 'auto';
}

/** An instant with sub-millisecond precision, as chrono holds it. */
export interface Instant {
  ms: number;
  /** Nanoseconds beyond `ms`, 0..999_999. */
  subMillisecondNanos: number;
}

export function formatTimestamp(instant: Instant, style: TimestampStyle = {}): string {
  const digits = style.fractionDigits ?? 'auto';
  const fractionDigits = digits === 'auto' ? autoSiDigits(instant) : digits;
  const subMillisecondDigits = String(instant.subMillisecondNanos).padStart(6, '0');
  return formatDateTime(instant.ms, { offset: style.offset ?? '+00:00', fractionDigits }, subMillisecondDigits);
}

/** chrono's `SecondsFormat::AutoSi`: the fewest of 0, 3, 6 or 9 digits that show the instant exactly. */
function autoSiDigits(instant: Instant): 0 | 3 | 6 | 9 {
  const nanos = (instant.ms - Math.floor(instant.ms / 1000) * 1000) * 1_000_000 + instant.subMillisecondNanos;
  if (nanos === 0) return 0;
  if (nanos % 1_000_000 === 0) return 3;
  if (nanos % 1_000 === 0) return 6;
  return 9;
}

/** Milliseconds of an RFC 3339 text; `fallback` when it does not parse (odd fixture text). */
export function parseTimestampMs(text: string, fallback: number): number {
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) ? fallback : parsed;
}
