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

const offsetPattern = /^([+-])(\d{2}):(\d{2})$/;

export function formatTimestamp(instant: Instant, style: TimestampStyle = {}): string {
  const offset = style.offset ?? '+00:00';
  const offsetMinutes = parseOffsetMinutes(offset);
  const wholeSecondMs = Math.floor(instant.ms / 1000) * 1000;
  const shifted = new Date(wholeSecondMs + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const nanos = (instant.ms - wholeSecondMs) * 1_000_000 + instant.subMillisecondNanos;
  return `${shifted}${fraction(nanos, style.fractionDigits ?? 'auto')}${offset}`;
}

function fraction(nanos: number, digits: 0 | 3 | 6 | 9 | 'auto'): string {
  const nineDigits = String(nanos).padStart(9, '0');
  if (digits === 'auto') {
    if (nanos === 0) return '';
    if (nanos % 1_000_000 === 0) return `.${nineDigits.slice(0, 3)}`;
    if (nanos % 1_000 === 0) return `.${nineDigits.slice(0, 6)}`;
    return `.${nineDigits}`;
  }
  return digits === 0 ? '' : `.${nineDigits.slice(0, digits)}`;
}

function parseOffsetMinutes(offset: string): number {
  if (offset === 'Z') return 0;
  const match = offsetPattern.exec(offset);
  if (!match) throw new RangeError(`not an RFC 3339 offset: ${offset}`);
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

/** Milliseconds of an RFC 3339 text; `fallback` when it does not parse (odd fixture text). */
export function parseTimestampMs(text: string, fallback: number): number {
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) ? fallback : parsed;
}
