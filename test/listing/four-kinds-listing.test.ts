import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFourKinds, type FourKindsStack } from '../helpers/four-kinds-stack.js';
import type { GraphqlResponse } from '../helpers/graphql-http.js';

let stack: FourKindsStack;

beforeAll(async () => {
  stack = await startFourKinds();
});

afterAll(() => stack.close());

interface Node {
  id: string;
  createdAt: string;
  status: string;
  provider: { name: string; kind: string };
}

interface Page {
  edges: { node: Node }[];
  pageInfo: { hasNextPage: boolean; endCursor: string };
}

const query = `query ($first: Int, $after: String, $filter: ExecutionFilter) {
  executions(first: $first, after: $after, filter: $filter) {
    edges { cursor node { id createdAt status provider { name kind } } }
    pageInfo { hasNextPage endCursor upstreamPageLimitReached }
  }
}`;

async function walk(variables: Record<string, unknown>, between?: () => void): Promise<Node[]> {
  const nodes: Node[] = [];
  let after: string | null = null;
  for (let requests = 0; requests < 200; requests++) {
    const response: GraphqlResponse<{ executions: Page }> = await stack.gateway.graphql<{ executions: Page }>(query, { ...variables, after });
    expect(response.body.errors).toBeUndefined();
    const page: Page = response.body.data!.executions;
    nodes.push(...page.edges.map((edge) => edge.node));
    if (!page.pageInfo.hasNextPage) return nodes;
    after = page.pageInfo.endCursor;
    between?.();
  }
  throw new Error('the walk did not end');
}

/** The contract's order, checked on what the client sees: createdAt newest first, then id. */
function expectMergedOrder(nodes: Node[]): void {
  for (let index = 1; index < nodes.length; index++) {
    const before = nodes[index - 1]!;
    const after = nodes[index]!;
    const newer = Date.parse(before.createdAt) - Date.parse(after.createdAt);
    expect(newer > 0 || (newer === 0 && before.id < after.id), `${before.id} (${before.createdAt}) before ${after.id} (${after.createdAt})`).toBe(true);
  }
}

describe('executions across all four kinds', () => {
  it('pages with first: 7 through every seeded execution of every kind exactly once, in order, while executions are added', async () => {
    const seeded = stack.listedIds();
    // Every upstream stamps createdAt at creation, so new executions arrive at the top: they
    // shift page numbers and offsets under the walk, and belong before its cursor.
    const nodes = await walk({ first: 7 }, () => stack.addNewest());
    const ids = nodes.map((node) => node.id);
    expect(new Set(ids).size).toBe(ids.length);
    expectMergedOrder(nodes);
    expect(new Set(ids)).toEqual(new Set(seeded));
    expect(stack.listedIds().length).toBeGreaterThan(seeded.length + 20);
    expect(new Set(nodes.map((node) => node.provider.kind))).toEqual(new Set(['AIROPS', 'FLOWS', 'NESTED', 'WORKFLOW_RUNS']));
    // Ties across kinds exist in the seed, so the id tie-break was exercised.
    expect(nodes.some((node, index) => index > 0 && node.createdAt === nodes[index - 1]!.createdAt && node.provider.name !== nodes[index - 1]!.provider.name)).toBe(true);
  });

  it('filters by status across kinds (pushed down for workflow runs, in the gateway elsewhere)', async () => {
    const all = await walk({ first: 100 });
    const failed = await walk({ first: 7, filter: { status: ['FAILED'] } });
    expect(failed.map((node) => node.id)).toEqual(all.filter((node) => node.status === 'FAILED').map((node) => node.id));
    expect(new Set(failed.map((node) => node.provider.kind)).size).toBeGreaterThanOrEqual(3);
  });

  it('filters by target across kinds: an AirOps app, a flow, a workflow', async () => {
    const all = await walk({ first: 100 });
    const app = stack.airopsApps[0]!;
    const targets = [app.uuid, 'résumé-flow', 'wf-summarize'];
    const nodes = await walk({ first: 7, filter: { targetIds: targets } });
    const kinds = new Set(nodes.map((node) => node.provider.kind));
    expect(kinds).toEqual(new Set(['AIROPS', 'FLOWS', 'WORKFLOW_RUNS']));
    const ids = new Set(nodes.map((node) => node.id));
    expect(all.filter((node) => ids.has(node.id)).map((node) => node.id)).toEqual(nodes.map((node) => node.id));
  });

  it('combines provider, status and target filters', async () => {
    const nodes = await walk({ first: 3, filter: { providers: ['runs', 'flows'], status: ['SUCCEEDED'], targetIds: ['wf_1', 'text-summary-flow'] } });
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.every((node) => node.status === 'SUCCEEDED' && ['runs', 'flows'].includes(node.provider.name))).toBe(true);
    expectMergedOrder(nodes);
  });

  it('answers the other kinds and names the failing provider when one upstream is down', async () => {
    stack.nested.server.faults.inject({ kind: 'status', status: 503 }, { times: 20 });
    try {
      const response = await stack.gateway.graphql<{ executions: { edges: { node: Node }[] } }>(query, { first: 30 });
      expect(response.body.errors).toEqual([expect.objectContaining({ path: ['executions'], extensions: expect.objectContaining({ code: 'UPSTREAM_UNAVAILABLE', provider: 'nested' }) })]);
      const kinds = new Set(response.body.data!.executions.edges.map((edge) => edge.node.provider.kind));
      expect(kinds).toEqual(new Set(['AIROPS', 'FLOWS', 'WORKFLOW_RUNS']));
    } finally {
      stack.nested.server.faults.clear();
    }
  });
});
