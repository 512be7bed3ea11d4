/**
 * Upstreams send date-times with `Z` or numeric offsets and 0–9 fractional digits, plain dates
 * (`2023-12-25`), or epoch numbers. Everything is normalized to one form, an ISO 8601 UTC string
 * with milliseconds, so records compare and sort as strings and serialize without re-parsing.
 * Digits past milliseconds are truncated (a JavaScript Date holds no more).
 */
const dateTimePattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;

export function parseTimestamp(value: unknown): string | null {
  if (typeof value === 'number') return fromEpoch(value);
  if (typeof value !== 'string') return null;
  // Every read of an execution parses the same few timestamps again (a running execution polled,
  // a hot one read by many clients): recent answers are kept, in a map emptied when it fills up
  // (a plain Map on the hot path: BoundedMap's TTL and recency bookkeeping would cost more than
  // the parse it saves). Only strings of a timestamp's length are kept: an odd value costs no memory.
  if (value.length > maxKeptLength) return parseTimestampText(value);
  const known = recentlyParsed.get(value);
  if (known !== undefined) return known;
  const parsed = parseTimestampText(value);
  if (recentlyParsed.size >= maxRecentlyParsed) recentlyParsed.clear();
  recentlyParsed.set(value, parsed);
  return parsed;
}

const maxRecentlyParsed = 4096;
const maxKeptLength = 48;
const recentlyParsed = new Map<string, string | null>();

function parseTimestampText(value: string): string | null {
  const text = value.trim();
  if (/^\d{9,}(?:\.\d+)?$/.test(text)) return fromEpoch(Number(text));
  const match = dateTimePattern.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const hour = Number(match[4] ?? 0);
  const minute = Number(match[5] ?? 0);
  const second = Number(match[6] ?? 0);
  const millis = Number(((match[7] ?? '') + '000').slice(0, 3));
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  const offsetMinutes = parseOffset(match[8]);
  if (offsetMinutes === null) return null;
  const local = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59), millis);
  // Date.UTC rolls 2023-02-30 over into March: such a date is malformed, not a different day.
  if (new Date(local).getUTCDate() !== day) return null;
  return new Date(local - offsetMinutes * 60_000).toISOString();
}

/** Epoch numbers: milliseconds, or seconds when too small to be a time after 1973 in milliseconds. */
function fromEpoch(value: number): string | null {
  if (!Number.isFinite(value)) return null;
  const date = new Date(Math.abs(value) < 1e11 ? value * 1000 : value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function parseOffset(zone: string | undefined): number | null {
  if (zone === undefined || zone === 'Z' || zone === 'z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  if (hours > 23 || minutes > 59) return null;
  return sign * (hours * 60 + minutes);
}
