import type { TimestampStyle } from './airops-types.js';

/** What the docs example shows (`2024-02-01T16:39:28.161Z`); API-created runs use it unless told to vary. */
export const canonicalStyle: TimestampStyle = { offset: 'Z', fractionDigits: 3 };

/** The spread the fixtures cycle through: every offset form and 0 to 9 fractional digits. */
export const variedStyles: readonly TimestampStyle[] = [
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
  { offset: '+05:30', fractionDigits: 3 },
];

const offsetPattern = /^([+-])(\d{2}):(\d{2})$/;

export function validateStyle(style: TimestampStyle): void {
  if (!Number.isInteger(style.fractionDigits) || style.fractionDigits < 0 || style.fractionDigits > 9) {
    throw new RangeError(`fractionDigits must be 0..9, got ${style.fractionDigits}`);
  }
  if (style.offset !== 'Z' && !offsetPattern.test(style.offset)) {
    throw new RangeError(`offset must be Z or ±HH:MM, got ${style.offset}`);
  }
}

function offsetMinutes(offset: string): number {
  const match = offsetPattern.exec(offset);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

/**
 * Formats `ms` in `style`. `subMillisecond` (6 digits) supplies the digits past the millisecond,
 * so a 9-digit timestamp still parses back to exactly `ms`.
 */
export function formatTimestamp(ms: number, style: TimestampStyle, subMillisecond = '000000'): string {
  const shifted = new Date(ms + offsetMinutes(style.offset) * 60_000).toISOString();
  const wholeSeconds = shifted.slice(0, 19);
  const fraction = (shifted.slice(20, 23) + subMillisecond).slice(0, style.fractionDigits);
  return `${wholeSeconds}${fraction ? `.${fraction}` : ''}${style.offset}`;
}

/** Drops the precision the style cannot show, so a record's wire createdAt is its exact sort key. */
export function truncateToStyle(ms: number, style: TimestampStyle): number {
  if (style.fractionDigits >= 3) return ms;
  const unit = 10 ** (3 - style.fractionDigits);
  return Math.floor(ms / unit) * unit;
}
