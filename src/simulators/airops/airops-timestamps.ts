import { everyDateTimeForm, offsetMinutes } from '../kit/index.js';
import type { TimestampStyle } from './airops-types.js';

/** What the docs example shows (`2024-02-01T16:39:28.161Z`); API-created runs use it unless told to vary. */
export const canonicalStyle: TimestampStyle = { offset: 'Z', fractionDigits: 3 };

/** The spread the fixtures cycle through: every offset form and 0 to 9 fractional digits. */
export const variedStyles: readonly TimestampStyle[] = [...everyDateTimeForm, { offset: '+05:30', fractionDigits: 3 }];

export function validateStyle(style: TimestampStyle): void {
  if (!Number.isInteger(style.fractionDigits) || style.fractionDigits < 0 || style.fractionDigits > 9) {
    throw new RangeError(`fractionDigits must be 0..9, got ${style.fractionDigits}`);
  }
  if (offsetMinutes(style.offset) === undefined) {
    throw new RangeError(`offset must be Z or ±HH:MM, got ${style.offset}`);
  }
}
