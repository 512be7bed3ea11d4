/**
 * Writing RFC 3339 date-times the way a simulated service does. The real services differ (and some
 * are undocumented), so records vary the offset and the number of fractional digits on purpose to
 * prove that the gateway reads every legal form. Which styles a simulator uses stays its own choice;
 * the writing itself is the same everywhere and lives here.
 */
export interface DateTimeStyle {
  /** `Z` or `±HH:MM` (`+00:00`, `+05:30`, `-08:00` ...). */
  offset: string;
  /** 0 to 9 digits after the seconds. */
  fractionDigits: number;
}

/**
 * One of each offset form and every fraction length 0 to 9, in the order fixtures cycle through
 * them. Simulators append their own last entry (their rotations were recorded with 12 entries).
 */
export const everyDateTimeForm: readonly DateTimeStyle[] = [
  { offset: 'Z', fractionDigits: 3 },
  { offset: '+00:00', fractionDigits: 6 },
  { offset: '+05:30', fractionDigits: 0 },
  { offset: '-08:00', fractionDigits: 9 },
  { offset: 'Z', fractionDigits: 0 },
  { offset: 'Z', fractionDigits: 1 },
  { offset: '+00:00', fractionDigits: 2 },
  { offset: '-08:00', fractionDigits: 4 },
  { offset: '+05:30', fractionDigits: 5 },
  { offset: 'Z', fractionDigits: 7 },
  { offset: '+00:00', fractionDigits: 8 },
];

const offsetPattern = /^([+-])(\d{2}):(\d{2})$/;

/** Minutes east of UTC that `Z` or `±HH:MM` denotes; undefined for any other text. */
export function offsetMinutes(offset: string): number | undefined {
  if (offset === 'Z') return 0;
  const match = offsetPattern.exec(offset);
  if (!match) return undefined;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

/** `±HH:MM` for an offset of `minutes` east of UTC (`+00:00` for zero). */
export function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const absolute = Math.abs(minutes);
  const hours = String(Math.floor(absolute / 60)).padStart(2, '0');
  return `${sign}${hours}:${String(absolute % 60).padStart(2, '0')}`;
}

/**
 * Writes `ms` as local time at `style.offset`. Fractional digits past the millisecond come from
 * `subMillisecondDigits` (six digits, padded with zeros), so that a record's digits are stable but
 * not all zeros, and a 9-digit rendering still parses back to exactly `ms`.
 */
export function formatDateTime(ms: number, style: DateTimeStyle, subMillisecondDigits = '000000'): string {
  const minutes = offsetMinutes(style.offset);
  if (minutes === undefined) throw new RangeError(`not an RFC 3339 offset: ${style.offset}`);
  const local = new Date(ms + minutes * 60_000).toISOString();
  const fraction = `${local.slice(20, 23)}${subMillisecondDigits.padEnd(6, '0')}`.slice(0, style.fractionDigits);
  return `${local.slice(0, 19)}${fraction ? `.${fraction}` : ''}${style.offset}`;
}

/**
 * The instant a rendering with `fractionDigits` digits denotes: the precision the style cannot
 * show is dropped, so that ordering by it matches what a client parsing the text sees.
 */
export function truncateToFractionDigits(ms: number, fractionDigits: number): number {
  if (fractionDigits >= 3) return ms;
  const unit = 10 ** (3 - fractionDigits);
  return Math.floor(ms / unit) * unit;
}
