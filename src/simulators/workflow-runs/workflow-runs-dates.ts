import { formatDateTime, offsetText, stableHash } from '../kit/index.js';

/**
 * How one record writes its timestamps. Cortex documents every date as `format: date` with the
 * example `2023-12-25`, while real payloads carry date-times; a gateway must read both, so
 * records differ in the format they use (per record, never per field).
 */
export type WireDateFormat =
  | { kind: 'date' }
  | {
      kind: 'date-time';
      /** Minutes east of UTC the local time is written in. */
      offsetMinutes: number;
      /** 0 to 9 digits after the seconds. */
      fractionDigits: number;
      /** Write a zero offset as `Z` rather than `+00:00`. */
      zulu: boolean;
    };

export const isoDateFormat: WireDateFormat = { kind: 'date-time', offsetMinutes: 0, fractionDigits: 3, zulu: true };

/** Cycled through by records whose format is not given; every fraction length 0–9 appears. */
export const variedDateFormats: readonly WireDateFormat[] = [
  isoDateFormat,
  { kind: 'date-time', offsetMinutes: 0, fractionDigits: 6, zulu: false },
  { kind: 'date-time', offsetMinutes: 330, fractionDigits: 9, zulu: false },
  { kind: 'date' },
  { kind: 'date-time', offsetMinutes: -480, fractionDigits: 0, zulu: false },
  { kind: 'date-time', offsetMinutes: 0, fractionDigits: 1, zulu: true },
  { kind: 'date-time', offsetMinutes: 60, fractionDigits: 2, zulu: false },
  { kind: 'date-time', offsetMinutes: 0, fractionDigits: 0, zulu: true },
  { kind: 'date-time', offsetMinutes: -480, fractionDigits: 4, zulu: false },
  { kind: 'date-time', offsetMinutes: 330, fractionDigits: 5, zulu: false },
  { kind: 'date-time', offsetMinutes: 0, fractionDigits: 7, zulu: true },
  { kind: 'date-time', offsetMinutes: -210, fractionDigits: 8, zulu: false },
];

/**
 * Writes `epochMs` in `format`. Digits beyond milliseconds come from a hash of `salt` and the
 * instant, so the same record reads the same on every request; fewer than three digits
 * truncate, as a server storing coarser time would.
 */
export function formatWireDate(epochMs: number, format: WireDateFormat, salt: string): string {
  if (format.kind === 'date') return new Date(epochMs).toISOString().slice(0, 10);
  const offset = format.offsetMinutes === 0 && format.zulu ? 'Z' : offsetText(format.offsetMinutes);
  const subMillisecondDigits = String(stableHash(`${salt}:${epochMs}`) % 1_000_000).padStart(6, '0');
  return formatDateTime(epochMs, { offset, fractionDigits: format.fractionDigits }, subMillisecondDigits);
}
