/**
 * Readers of untyped wire values. Every upstream drifts from its own schema (ids as integers or
 * strings, numbers as strings, wrapped or bare bodies), so adapters read each field through these
 * instead of trusting a declared type. Bodies come from JSON.parse, so a bigint never occurs on the
 * wire; it is accepted only to keep `idString` total.
 */

/** A JSON object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An id: a non-empty string as is, or a finite number written out; null otherwise. */
export function idString(value: unknown): string | null {
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'bigint') return value.toString();
  return null;
}

/** A string as is (empty included); null for anything else. */
export function optionalString(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** A finite number, or a string that holds one ("12.5"); null otherwise. */
export function optionalNumber(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
}
