import type { ExecutionRecord } from '../model/execution-record.js';

/**
 * Whether a watcher should hear about `next` after `previous`: the contract names status,
 * output, error and updatedAt. The native status and the terminal flag are compared too, since
 * an UNKNOWN status can change natively, or become terminal through its end time, alone.
 */
export function hasObservableChange(previous: ExecutionRecord, next: ExecutionRecord): boolean {
  return (
    previous.status !== next.status ||
    previous.nativeStatus !== next.nativeStatus ||
    previous.isTerminal !== next.isTerminal ||
    previous.updatedAt !== next.updatedAt ||
    !sameJson(previous.output, next.output) ||
    !sameJson(previous.error, next.error)
  );
}

/** Deep equality of JSON-like values, without serializing (outputs may be megabytes). */
export function sameJson(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null) {
    return Number.isNaN(left) && Number.isNaN(right);
  }
  if (Array.isArray(left) !== Array.isArray(right)) return false;
  if (Array.isArray(left)) {
    const other = right as unknown[];
    if (left.length !== other.length) return false;
    return left.every((item, index) => sameJson(item, other[index]));
  }
  const leftEntries = Object.entries(left as Record<string, unknown>).filter(([, value]) => value !== undefined);
  const rightObject = right as Record<string, unknown>;
  const rightSize = Object.values(rightObject).filter((value) => value !== undefined).length;
  if (leftEntries.length !== rightSize) return false;
  return leftEntries.every(([key, value]) => Object.hasOwn(rightObject, key) && sameJson(value, rightObject[key]));
}
