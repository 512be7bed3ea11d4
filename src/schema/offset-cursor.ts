import { badUserInput } from '../errors/gateway-error.js';

/**
 * The one codec of offset cursors: base64url of `<prefix><offset>`, the offset of the edge the
 * cursor stands on. Each connection keeps the prefix its clients have always received
 * (`offset:` for in-memory lists of executions, `catalog:` for the workflow catalog), and a
 * cursor of one is malformed for the other.
 */
export interface OffsetCursors {
  encode(offset: number): string;
  /** Where the page after `after` starts: the offset after its edge, 0 without a cursor; BAD_USER_INPUT when malformed. */
  startAfter(after: string | null | undefined): number;
}

function offsetCursors(prefix: string): OffsetCursors {
  return {
    encode: (offset) => Buffer.from(`${prefix}${offset}`, 'utf8').toString('base64url'),
    startAfter(after) {
      if (after === null || after === undefined) return 0;
      const text = Buffer.from(after, 'base64url').toString('utf8');
      const offset = Number(text.slice(prefix.length));
      if (!text.startsWith(prefix) || !Number.isInteger(offset) || offset < 0) throw badUserInput('Malformed cursor in after');
      return offset + 1;
    },
  };
}

/** Pages of an in-memory list of executions (an execution's children). */
export const listOffsetCursors = offsetCursors('offset:');
/** Pages of the Cortex workflow catalog (workflows, versions). */
export const catalogOffsetCursors = offsetCursors('catalog:');
