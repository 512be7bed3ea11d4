import type { BoardRowFragment } from './gql/graphql.js';

/** The listing's order: newest first by createdAt, ties by id ascending (as `executions` merges). */
export function newestFirst(left: BoardRowFragment, right: BoardRowFragment): number {
  const byCreated = Date.parse(right.createdAt) - Date.parse(left.createdAt);
  if (byCreated !== 0 && !Number.isNaN(byCreated)) return byCreated;
  return left.id < right.id ? -1 : left.id > right.id ? 1 : 0;
}
