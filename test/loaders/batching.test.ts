import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { executionGlobalId } from '../../src/model/global-id.js';
import type { AiropsApp } from '../../src/simulators/airops/index.js';
import { startAirOpsListing, type AirOpsListingStack } from '../helpers/airops-listing-stack.js';
import { ScriptedListProvider, type ScriptedExecution } from '../helpers/scripted-list-provider.js';

const base = Date.parse('2026-01-15T11:00:00.000Z');
let stack: AirOpsListingStack;
let app: AiropsApp;
let tree: ScriptedListProvider;

/**
 * 10 roots (each older than its children), each with 3 children: newest first, a page of 18
 * shows four families whole and two children whose root is further down.
 */
function family(root: number): ScriptedExecution[] {
  const rootId = `root-${root}`;
  const at = base - root * 10_000;
  return [
    { nativeId: rootId, createdAt: at, target: 'agent' },
    ...[1, 2, 3].map((child) => ({ nativeId: `${rootId}-child-${child}`, createdAt: at + child * 1000, target: 'tool', parent: rootId, status: 'RUNNING' as const })),
  ];
}

beforeAll(async () => {
  tree = new ScriptedListProvider('tree', { children: true });
  for (let root = 0; root < 10; root++) tree.add(...family(root));
  stack = await startAirOpsListing({
    seed: (simulator) => {
      app = simulator.addApp({ name: 'batching' });
      for (let index = 0; index < 25; index++) simulator.addExecution({ app: app.id, createdAt: base - index * 1000, status: index % 2 ? 'running' : 'success' });
      return [{ name: 'airops', apps: [app.uuid] }];
    },
    harness: { extraProviders: () => [tree] },
  });
});

afterAll(() => stack.close());

beforeEach(() => {
  // Per-request batching is under test here, not the finished-execution cache across requests.
  stack.gateway.gateway.finishedExecutions.clear();
  stack.simulator.server.counters.reset();
  tree.calls.get = tree.calls.list = tree.calls.children = tree.calls.listStreams = 0;
});

const counters = () => stack.simulator.server.counters;
const nested = `id status parent { id status } children { edges { node { id status parent { id } } } }`;

describe('nested selections on a list page', () => {
  it('read each parent missing from the page once, take parents on the page from it, and children once per execution', async () => {
    const response = await stack.gateway.graphql<{ executions: { edges: { node: { id: string; parent: { id: string } | null } }[] } }>(
      `{ executions(first: 18, filter: { providers: ["tree"] }) { edges { node { ${nested} } } } }`,
    );
    expect(response.body.errors).toBeUndefined();
    const nodes = response.body.data!.executions.edges.map((edge) => edge.node);
    expect(nodes).toHaveLength(18);
    const onPage = new Set(nodes.map((node) => node.id));
    const missingParents = new Set(nodes.flatMap((node) => (node.parent && !onPage.has(node.parent.id) ? [node.parent.id] : [])));
    expect(missingParents.size).toBeGreaterThan(0);
    expect(tree.calls.list).toBe(1);
    expect(tree.calls.get).toBe(missingParents.size);
    expect(tree.calls.children).toBe(18);
  });

  it('cost no call per nested field where the upstream has neither parents nor children (AirOps)', async () => {
    const response = await stack.gateway.graphql(`{ executions(first: 20, filter: { providers: ["airops"] }) { edges { node { ${nested} } } } }`);
    expect(response.body.errors).toBeUndefined();
    expect(counters().count('GET', '/public_api/airops_apps/:airops_app_id/executions')).toBe(1);
    expect(counters().count('GET', '/public_api/airops_apps/executions/:execution_uuid')).toBe(0);
  });
});

describe('reads by id within one request', () => {
  it('answer duplicate ids with one upstream call', async () => {
    const uuid = stack.simulator.executionUuids(app.id).find((candidate) => stack.simulator.statusOf(candidate) === 'running')!;
    const id = executionGlobalId('airops', uuid);
    const response = await stack.gateway.graphql(
      `query ($id: ID!, $uuid: String!) {
        a: execution(id: $id) { status } b: execution(id: $id) { id } c: node(id: $id) { id }
        d: executionByNativeId(provider: "airops", nativeId: $uuid) { nativeId }
      }`,
      { id, uuid },
    );
    expect(response.body.errors).toBeUndefined();
    expect(counters().count('GET', '/public_api/airops_apps/executions/:execution_uuid')).toBe(1);
  });

  it('read a shared parent once for all its children', async () => {
    const ids = [1, 2, 3].map((child) => executionGlobalId('tree', `root-9-child-${child}`));
    const response = await stack.gateway.graphql(
      `query ($a: ID!, $b: ID!, $c: ID!) { a: execution(id: $a) { parent { id } } b: execution(id: $b) { parent { id } } c: execution(id: $c) { parent { status } } }`,
      { a: ids[0], b: ids[1], c: ids[2] },
    );
    expect(response.body.errors).toBeUndefined();
    // Three children in one batch, then their one parent in the next.
    expect(tree.calls.get).toBe(4);
  });
});
