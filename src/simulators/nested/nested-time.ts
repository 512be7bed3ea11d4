import { offsetMinutes, type DateTimeStyle } from '../kit/index.js';

/**
 * How one record renders its date-times. The service's real format is unknown, so records vary
 * on purpose (`Z` or an offset, 0 to 9 fractional digits) to prove that the gateway parses
 * every legal RFC 3339 date-time. Digits past the millisecond come from the record (see
 * `subMillisecondDigits`).
 */
export type NestedTimeFormat = DateTimeStyle;

export const defaultTimeFormat: NestedTimeFormat = { offset: 'Z', fractionDigits: 3 };

export function validateTimeFormat(format: NestedTimeFormat): NestedTimeFormat {
  if (!Number.isInteger(format.fractionDigits) || format.fractionDigits < 0 || format.fractionDigits > 9) {
    throw new RangeError(`fractionDigits must be an integer 0..9, got ${format.fractionDigits}`);
  }
  if (offsetMinutes(format.offset) === undefined) {
    throw new RangeError(`time offset must be Z or ±HH:MM, got ${format.offset}`);
  }
  return format;
}

/** Accepts epoch ms, a Date or any string Date.parse understands. */
export function toEpochMs(value: number | Date | string, what: string): number {
  const ms = typeof value === 'number' ? value : value instanceof Date ? value.getTime() : Date.parse(value);
  if (!Number.isFinite(ms)) throw new RangeError(`${what} is not a valid instant: ${String(value)}`);
  return ms;
}
