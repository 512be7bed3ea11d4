import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFourKinds, type FourKindsStack } from '../helpers/four-kinds-stack.js';

interface Page {
  edges: { cursor: string; node: { id: string } }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

const pageFields = 'edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }';

let stack: FourKindsStack;
let nestedRoot: string;

beforeAll(async () => {
  stack = await startFourKinds({ perKind: 6 });
  const tree = stack.nested.addExecutionTree({
    lifecycle: { pendingMs: 0, runningMs: 60_000 },
    children: Array.from({ length: 4 }, (_, index) => ({ spawnDelayMs: index * 10 })),
  });
  stack.clock.advance(100);
  nestedRoot = tree.id;
});

afterAll(() => stack.close());

/** One connection of the schema, asked for a page of `first` after `after`. */
type PageOf = (first: number, after: string | null) => Promise<Page>;

async function ask(query: string, variables: Record<string, unknown>, pick: (data: Record<string, any>) => Page): Promise<Page> {
  const response = await stack.gateway.graphql<Record<string, any>>(query, variables);
  expect(response.body.errors).toBeUndefined();
  return pick(response.body.data!);
}

const connections: [string, PageOf][] = [
  [
    'executions (the merged listing)',
    (first, after) => ask(`query ($first: Int, $after: String) { executions(first: $first, after: $after) { ${pageFields} } }`, { first, after }, (data) => data.executions),
  ],
  [
    'Execution.children (offset cursors over an in-memory list)',
    (first, after) =>
      ask(
        `query ($n: String!, $first: Int, $after: String) { executionByNativeId(provider: "nested", nativeId: $n) { children(first: $first, after: $after) { ${pageFields} } } }`,
        { n: nestedRoot, first, after },
        (data) => data.executionByNativeId.children,
      ),
  ],
  [
    'workflowRuns (Cortex positions)',
    (first, after) =>
      ask(
        `query ($first: Int, $after: String) { workflowRuns(provider: "runs", workflowId: "wf_1", first: $first, after: $after) { ${pageFields} } }`,
        { first, after },
        (data) => data.workflowRuns,
      ),
  ],
  [
    'workflows (catalog offset cursors)',
    (first, after) =>
      ask(
        `query ($first: Int, $after: String) { workflows(provider: "runs", first: $first, after: $after) { ${pageFields} } }`,
        { first, after },
        (data) => data.workflows,
      ),
  ],
  [
    'Workflow.versions (catalog offset cursors)',
    (first, after) =>
      ask(
        `query ($first: Int, $after: String) { workflow(provider: "runs", id: "wf_1") { versions(first: $first, after: $after) { ${pageFields} } } }`,
        { first, after },
        (data) => data.workflow.versions,
      ),
  ],
];

describe.each(connections)('PageInfo of %s', (_name, pageOf) => {
  it('on a first page: no previous page, startCursor the first edge’s, endCursor the last edge’s', async () => {
    const page = await pageOf(1, null);
    expect(page.edges).toHaveLength(1);
    expect(page.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false, startCursor: page.edges[0]!.cursor, endCursor: page.edges[0]!.cursor });
  });

  it('on the page after it: a previous page, and its own first edge’s cursor as startCursor', async () => {
    const first = await pageOf(1, null);
    const second = await pageOf(5, first.pageInfo.endCursor);
    expect(second.edges.length).toBeGreaterThan(0);
    expect(second.edges[0]!.node.id).not.toBe(first.edges[0]!.node.id);
    expect(second.pageInfo.hasPreviousPage).toBe(true);
    expect(second.pageInfo.startCursor).toBe(second.edges[0]!.cursor);
    expect(second.pageInfo.startCursor).not.toBe(first.pageInfo.startCursor);
    expect(second.pageInfo.endCursor).toBe(second.edges.at(-1)!.cursor);
  });

  it('without edges: startCursor null', async () => {
    const empty = await pageOf(0, null);
    expect(empty.edges).toEqual([]);
    expect(empty.pageInfo.startCursor).toBeNull();
    expect(empty.pageInfo.hasPreviousPage).toBe(false);
  });
});
