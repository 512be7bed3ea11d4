/**
 * How one record renders its date-times. The service's real format is unknown, so records vary
 * on purpose (`Z` or an offset, 0 to 9 fractional digits) to prove that the gateway parses
 * every legal RFC 3339 date-time.
 */
export interface NestedTimeFormat {
  /** `Z` or `±HH:MM` (`+00:00`, `+05:30`, `-08:00` ...). */
  offset: string;
  /** 0 to 9. Digits past the millisecond come from the record (see `subMillisecondDigits`). */
  fractionDigits: number;
}

export const defaultTimeFormat: NestedTimeFormat = { offset: 'Z', fractionDigits: 3 };

const offsetPattern = /^([+-])(\d{2}):(\d{2})$/;

export function validateTimeFormat(format: NestedTimeFormat): NestedTimeFormat {
  if (!Number.isInteger(format.fractionDigits) || format.fractionDigits < 0 || format.fractionDigits > 9) {
    throw new RangeError(`fractionDigits must be an integer 0..9, got ${format.fractionDigits}`);
  }
  offsetMinutes(format.offset);
  return format;
}

function offsetMinutes(offset: string): number {
  if (offset === 'Z') return 0;
  const match = offsetPattern.exec(offset);
  if (!match) throw new RangeError(`time offset must be Z or ±HH:MM, got ${offset}`);
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

/**
 * The instant a rendering with this precision denotes. Ordering and visibility use it so that
 * a client that parses what it reads sees the same order as the simulator.
 */
export function truncateToPrecision(ms: number, format: NestedTimeFormat): number {
  if (format.fractionDigits >= 3) return ms;
  const unit = 10 ** (3 - format.fractionDigits);
  return ms - (((ms % unit) + unit) % unit);
}

/** `subMillisecondDigits`: six digits appended after the milliseconds for 4..9 fractional digits. */
export function formatInstant(ms: number, format: NestedTimeFormat, subMillisecondDigits: string): string {
  const shifted = new Date(ms + offsetMinutes(format.offset) * 60_000);
  const wholeSeconds = shifted.toISOString().slice(0, 19);
  const millis = String(((ms % 1000) + 1000) % 1000).padStart(3, '0');
  const fraction = `${millis}${subMillisecondDigits.padEnd(6, '0')}`.slice(0, format.fractionDigits);
  return `${wholeSeconds}${fraction.length > 0 ? `.${fraction}` : ''}${format.offset}`;
}

/** Accepts epoch ms, a Date or any string Date.parse understands. */
export function toEpochMs(value: number | Date | string, what: string): number {
  const ms = typeof value === 'number' ? value : value instanceof Date ? value.getTime() : Date.parse(value);
  if (!Number.isFinite(ms)) throw new RangeError(`${what} is not a valid instant: ${String(value)}`);
  return ms;
}
