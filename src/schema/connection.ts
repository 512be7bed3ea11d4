import { badUserInput } from '../errors/gateway-error.js';
import type { ExecutionRecord } from '../model/execution-record.js';
import { builder } from './builder.js';
import { ExecutionRef } from './execution-interface.js';
import { listOffsetCursors, type OffsetCursors } from './offset-cursor.js';

export interface Edge<T> {
  cursor: string;
  node: T;
}

/** The four fields of the GraphQL Cursor Connections spec, on every connection (one PageInfo type). */
export interface PageInfo {
  hasNextPage: boolean;
  /** Paging is forward (first/after): true when the page starts after at least one edge (see the field's description). */
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

/** Every connection of the schema has this shape (Relay's), built by `connectionOf`. */
export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
}

/** A connection that also says how many nodes there are in all, when the upstream knows (null: it does not). */
export interface CountedConnection<T> extends Connection<T> {
  totalCount: number | null;
}

export type ExecutionConnectionShape = Connection<ExecutionRecord>;

/**
 * The one way a connection is built: `startCursor` is the first edge's (null without edges),
 * `endCursor` the last edge's, or `emptyEndCursor` for a page without edges.
 */
export function connectionOf<T>(edges: Edge<T>[], paging: { hasNextPage: boolean; hasPreviousPage: boolean; emptyEndCursor: string | null }): Connection<T> {
  return {
    edges,
    pageInfo: {
      hasNextPage: paging.hasNextPage,
      hasPreviousPage: paging.hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? paging.emptyEndCursor,
    },
  };
}

/** Edges of `nodes` that start at `offset` of their list, with the list's offset cursors. */
export function offsetEdges<T>(nodes: readonly T[], offset: number, cursors: OffsetCursors): Edge<T>[] {
  return nodes.map((node, index) => ({ cursor: cursors.encode(offset + index), node }));
}

export const PageInfoRef = builder.objectRef<PageInfo>('PageInfo').implement({
  description: 'A page of a connection (the GraphQL Cursor Connections spec). Paging is forward: `first` and `after`.',
  fields: (t) => ({
    hasNextPage: t.exposeBoolean('hasNextPage', { description: 'More edges follow this page: ask again with `after: endCursor`.' }),
    hasPreviousPage: t.exposeBoolean('hasPreviousPage', {
      description:
        'Paging is forward, so this only says whether the page starts after the beginning: false on a first page (no `after`); with `after`, true (offset cursors: the page starts past offset 0; cursor listings such as `executions` and workflow runs: `after` was given, even where everything before it was filtered out).',
    }),
    startCursor: t.exposeString('startCursor', { nullable: true, description: 'The first edge’s cursor; null when the page has no edges.' }),
    endCursor: t.exposeString('endCursor', {
      nullable: true,
      description: 'The last edge’s cursor; on a page without edges, the cursor to resume from (the `after` given, or null).',
    }),
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

/** A page of an in-memory list, with opaque offset cursors; an empty page keeps the cursor it was asked after. */
export function connectionFromArray(records: readonly ExecutionRecord[], first: number | null | undefined, after: string | null | undefined): ExecutionConnectionShape {
  const size = pageSize(first);
  const start = listOffsetCursors.startAfter(after || null);
  return connectionOf(offsetEdges(records.slice(start, start + size), start, listOffsetCursors), {
    hasNextPage: start + size < records.length,
    hasPreviousPage: start > 0,
    emptyEndCursor: after ?? null,
  });
}

export const emptyConnection: ExecutionConnectionShape = connectionOf([], { hasNextPage: false, hasPreviousPage: false, emptyEndCursor: null });
