import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SimulatorServer } from '../../src/simulators/kit/index.js';
import { startFourKinds, type FourKindsStack } from '../helpers/four-kinds-stack.js';

let stack: FourKindsStack;

beforeAll(async () => {
  stack = await startFourKinds({ perKind: 60 });
});

afterAll(() => stack.close());

beforeEach(() => {
  // Per-request batching is under test, not the finished-execution cache across requests.
  stack.gateway.gateway.finishedExecutions.clear();
  for (const server of servers()) server.counters.reset();
});

function servers(): SimulatorServer[] {
  return [stack.airops.server, stack.flows.server, stack.nested.server, stack.runs.server];
}

interface PageNode {
  id: string;
  parent: { id: string; status: string } | null;
  children: { edges: { node: { id: string; status: string } }[] };
}

/** A page of 50 executions of one provider, each with its parent's and its children's statuses. */
async function nestedPage(provider: string): Promise<PageNode[]> {
  const response = await stack.gateway.graphql<{ executions: { edges: { node: PageNode }[] } }>(
    `query ($provider: String!) {
      executions(first: 50, filter: { providers: [$provider] }) {
        edges { node { id status parent { id status } children { edges { node { id status } } } } }
      }
    }`,
    { provider },
  );
  expect(response.body.errors).toBeUndefined();
  const nodes = response.body.data!.executions.edges.map((edge) => edge.node);
  expect(nodes).toHaveLength(50);
  return nodes;
}

/** Parents and children that are not on the page itself (each may cost one read). */
function offPage(nodes: PageNode[]) {
  const onPage = new Set(nodes.map((node) => node.id));
  const parents = new Set(nodes.flatMap((node) => (node.parent && !onPage.has(node.parent.id) ? [node.parent.id] : [])));
  const children = new Set(nodes.flatMap((node) => node.children.edges.map((edge) => edge.node.id).filter((id) => !onPage.has(id))));
  return { parents, children };
}

const total = (server: SimulatorServer) => server.counters.total();

describe('a page of 50 executions with parent and children statuses', () => {
  it('AirOps: the list reads only (one per app), nothing per execution', async () => {
    await nestedPage('airops');
    expect(stack.airops.server.counters.count('GET', '/public_api/airops_apps/:airops_app_id/executions')).toBe(2);
    expect(stack.airops.server.counters.count('GET', '/public_api/airops_apps/executions/:execution_uuid')).toBe(0);
    expect(total(stack.airops.server)).toBeLessThanOrEqual(3);
  });

  it('FlowMason: the list read only, nothing per execution', async () => {
    await nestedPage('flows');
    expect(total(stack.flows.server)).toBe(1);
  });

  it('Zaia: the list, parents on the page for free, children one nestings call per tree', async () => {
    const nodes = await nestedPage('nested');
    const { parents } = offPage(nodes);
    const roots = new Set(nodes.map((node) => node.parent?.id ?? node.id));
    const counters = stack.nested.server.counters;
    // A second read only when the page ends inside a createdAt tie (a root and its first child here).
    expect(counters.count('GET', '/api/v1/executions')).toBeLessThanOrEqual(2);
    expect(counters.count('GET', '/api/v1/executions/:id')).toBe(parents.size);
    expect(counters.count('GET', '/api/v1/executions/nestings')).toBeLessThanOrEqual(roots.size);
    expect(counters.count('GET', '/api/v1/executions/nestings')).toBeLessThan(nodes.length / 2);
  });

  it('Cortex: one list call per workflow, children on the page for free, one read per child off the page', async () => {
    const nodes = await nestedPage('runs');
    const { parents, children } = offPage(nodes);
    const counters = stack.runs.server.counters;
    expect(counters.count('GET', '/apps/:app_id/workflows/:workflow_id/runs')).toBeLessThanOrEqual(2);
    expect(counters.count('GET', '/apps/:app_id/workflows/:workflow_id/runs/:run_id')).toBeLessThanOrEqual(parents.size + children.size);
    expect(nodes.some((node) => node.children.edges.length > 0)).toBe(true);
  });

  it('all four at once: upstream calls per kind stay within the same bounds', async () => {
    const response = await stack.gateway.graphql<{ executions: { edges: unknown[] } }>(
      `{ executions(first: 50) { edges { node { id status parent { status } children { edges { node { status } } } } } } }`,
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.executions.edges).toHaveLength(50);
    expect(total(stack.airops.server)).toBeLessThanOrEqual(3);
    expect(total(stack.flows.server)).toBe(1);
    expect(stack.nested.server.counters.count('GET', '/api/v1/executions/:id')).toBe(0);
  });
});
