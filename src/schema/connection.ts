import { badUserInput } from '../errors/gateway-error.js';
import type { ExecutionRecord } from '../model/execution-record.js';
import { builder } from './builder.js';
import { ExecutionRef } from './execution-interface.js';

export interface ExecutionConnectionShape {
  edges: { cursor: string; node: ExecutionRecord }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export const PageInfoRef = builder.objectRef<ExecutionConnectionShape['pageInfo']>('PageInfo').implement({
  fields: (t) => ({
    hasNextPage: t.exposeBoolean('hasNextPage'),
    endCursor: t.exposeString('endCursor', { nullable: true }),
  }),
});

export const ExecutionEdgeRef = builder.objectRef<ExecutionConnectionShape['edges'][number]>('ExecutionEdge').implement({
  fields: (t) => ({
    cursor: t.exposeString('cursor'),
    node: t.field({ type: ExecutionRef, resolve: (edge) => edge.node }),
  }),
});

export const ExecutionConnectionRef = builder.objectRef<ExecutionConnectionShape>('ExecutionConnection').implement({
  fields: (t) => ({
    edges: t.field({ type: [ExecutionEdgeRef], resolve: (connection) => connection.edges }),
    pageInfo: t.field({ type: PageInfoRef, resolve: (connection) => connection.pageInfo }),
  }),
});

export const maxPageSize = 100;

/** `first` per the contract: 0–100, default 20. */
export function pageSize(first: number | null | undefined): number {
  const size = first ?? 20;
  if (!Number.isInteger(size) || size < 0 || size > maxPageSize) throw badUserInput(`first must be between 0 and ${maxPageSize}`);
  return size;
}

const offsetCursorPrefix = 'offset:';

/** A page of an in-memory list, with opaque offset cursors. */
export function connectionFromArray(records: readonly ExecutionRecord[], first: number | null | undefined, after: string | null | undefined): ExecutionConnectionShape {
  const size = pageSize(first);
  const start = after ? decodeOffset(after) + 1 : 0;
  const slice = records.slice(start, start + size);
  const edges = slice.map((node, index) => ({ cursor: encodeOffset(start + index), node }));
  return {
    edges,
    pageInfo: { hasNextPage: start + size < records.length, endCursor: edges.at(-1)?.cursor ?? (after ?? null) },
  };
}

function encodeOffset(offset: number): string {
  return Buffer.from(`${offsetCursorPrefix}${offset}`).toString('base64url');
}

function decodeOffset(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const offset = Number(text.slice(offsetCursorPrefix.length));
  if (!text.startsWith(offsetCursorPrefix) || !Number.isInteger(offset) || offset < 0) throw badUserInput('Malformed cursor in after');
  return offset;
}

export const emptyConnection: ExecutionConnectionShape = { edges: [], pageInfo: { hasNextPage: false, endCursor: null } };
