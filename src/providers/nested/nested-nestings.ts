import { idString, isObject } from '../wire-values.js';
import { childrenOf, type NestedExecutionWire, type NestedNestingWire } from './nested-api.js';

import { maxNestingDepth } from '../nested-lookups.js';

export { maxNestingDepth };

/** One execution found below the root of a nestings answer. */
export interface NestingEntry {
  wire: NestedExecutionWire;
  /** 1 for a direct child. */
  depth: number;
  /** The parent's id: the entry's own `parentId`, or where it was listed when it carries none. */
  parentId: string;
}

export interface NestingWalk {
  /** Preorder, each execution once. */
  descendants: NestingEntry[];
  /** Entries left out: a cycle, a duplicate, a `parentId` that contradicts where it was listed, or no id. */
  dropped: number;
  /** True when entries lay below `maxDepth` and were not read. */
  truncated: boolean;
}

/**
 * Reads the recursive `children` of a nestings answer (docs/upstreams.md A14), which nothing bounds upstream.
 * Depth is capped, every id is taken once (so a child that lists an ancestor cannot loop),
 * and a child whose `parentId` names another execution than the one it is listed under is
 * dropped with its subtree (UPSTREAMS.md §5.31): it is reachable where it really belongs.
 */
export function walkNesting(root: NestedNestingWire, rootId: string, maxDepth: number): NestingWalk {
  const walk: NestingWalk = { descendants: [], dropped: 0, truncated: false };
  const seen = new Set<string>([rootId.toLowerCase()]);

  const visit = (node: NestedNestingWire, nodeId: string, depth: number): void => {
    for (const child of childrenOf(node)) {
      if (depth > maxDepth) {
        walk.truncated = true;
        return;
      }
      const id = isObject(child) ? idString(child.id) : null;
      if (!isObject(child) || id === null || seen.has(id.toLowerCase()) || !listedUnderItsParent(child, nodeId)) {
        walk.dropped += 1;
        continue;
      }
      seen.add(id.toLowerCase());
      walk.descendants.push({ wire: child, depth, parentId: idString(child.parentId) ?? nodeId });
      visit(child, id, depth + 1);
    }
  };

  visit(root, rootId, 1);
  return walk;
}

/** An absent `parentId` is taken as the listing parent; null or another id contradicts it. */
function listedUnderItsParent(child: Record<string, unknown>, parentId: string): boolean {
  if (!('parentId' in child) || child.parentId === undefined) return true;
  const stated = idString(child.parentId);
  return stated !== null && stated.toLowerCase() === parentId.toLowerCase();
}
