import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { executionGlobalId } from '../../../src/model/global-id.js';
import type { NestedDemoSeed } from '../../../src/simulators/nested/index.js';
import { ReadOnlyProvider } from '../../helpers/read-only-provider.js';
import { startNestedStack, type NestedStack } from '../../helpers/nested-stack.js';

let stack: NestedStack;
let seed: NestedDemoSeed;

const nestingsRoute = '/api/v1/executions/nestings';

beforeAll(async () => {
  stack = await startNestedStack({ harness: { extraProviders: () => [new ReadOnlyProvider('plain', [])] } });
  seed = stack.simulator.seedDemo();
});

afterAll(() => stack.close());

beforeEach(() => {
  stack.simulator.server.counters.reset();
});

type Node = { nativeId: string; parentId?: string | null; parent?: { nativeId: string } | null };
type Connection = { edges: { cursor: string; node: Node & { children?: Connection } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };

async function query<T>(document: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await stack.gateway.graphql<T>(document, variables);
  expect(response.body.errors).toBeUndefined();
  return response.body.data!;
}

const childrenPage = (nativeId: string, first: number, after: string | null = null) =>
  query<{ executionByNativeId: { children: Connection } }>(
    `query ($nativeId: String!, $first: Int, $after: String) {
      executionByNativeId(provider: "zaia", nativeId: $nativeId) {
        children(first: $first, after: $after) { edges { cursor node { nativeId parent { nativeId } } } pageInfo { hasNextPage endCursor } }
      }
    }`,
    { nativeId, first, after },
  ).then((data) => data.executionByNativeId.children);

const descendants = (nativeId: string, maxDepth?: number) =>
  query<{ executionByNativeId: { descendants: Node[] } }>(
    `query ($nativeId: String!, $maxDepth: Int) {
      executionByNativeId(provider: "zaia", nativeId: $nativeId) { ... on NestedExecution { descendants(maxDepth: $maxDepth) { nativeId parentId } } }
    }`,
    { nativeId, ...(maxDepth === undefined ? {} : { maxDepth }) },
  ).then((data) => data.executionByNativeId.descendants.map((entry) => entry.nativeId));

describe('Zaia children and parent', () => {
  it('pages direct children through children(first, after), each with its parent', async () => {
    const tree = stack.simulator.addExecutionTree({
      lifecycle: { pendingMs: 0, runningMs: 1000 },
      children: Array.from({ length: 5 }, (_, index) => ({ spawnDelayMs: index * 10, children: [{}] })),
    });
    stack.clock.advance(100);
    const expected = tree.children.map((child) => child.id);
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const connection: Connection = await childrenPage(tree.id, 2, after);
      for (const edge of connection.edges) {
        seen.push(edge.node.nativeId);
        expect(edge.node.parent).toEqual({ nativeId: tree.id });
      }
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
  });

  it('shows children as they appear while the parent runs', async () => {
    const tree = stack.simulator.addExecutionTree({
      lifecycle: { pendingMs: 500, runningMs: 1000 },
      children: [{ spawnDelayMs: 0 }, { spawnDelayMs: 300 }],
    });
    expect((await childrenPage(tree.id, 10)).edges).toEqual([]);
    stack.clock.advance(500);
    expect((await childrenPage(tree.id, 10)).edges.map((edge) => edge.node.nativeId)).toEqual([tree.children[0]!.id]);
    stack.clock.advance(300);
    expect((await childrenPage(tree.id, 10)).edges.map((edge) => edge.node.nativeId)).toEqual(tree.children.map((child) => child.id));
  });

  it('resolves grandchildren and the parent chain, and a root has no parent', async () => {
    const [support] = seed.trees;
    const data = await query<{ executionByNativeId: { parent: null; parentId: null; children: Connection } }>(
      `query ($nativeId: String!) {
        executionByNativeId(provider: "zaia", nativeId: $nativeId) {
          parent { id } ... on NestedExecution { parentId }
          children(first: 2) { edges { node { nativeId ... on NestedExecution { parentId } children(first: 2) { edges { node { nativeId parent { nativeId parent { nativeId } } } } } } } }
        }
      }`,
      { nativeId: support!.id },
    );
    expect(data.executionByNativeId.parent).toBeNull();
    expect(data.executionByNativeId.parentId).toBeNull();
    const [first, second] = data.executionByNativeId.children.edges.map((edge) => edge.node);
    expect([first!.nativeId, second!.nativeId]).toEqual(support!.children.map((child) => child.id));
    expect(second!.parentId).toBe(executionGlobalId('zaia', support!.id));
    expect(first!.children!.edges).toEqual([]);
    expect(second!.children!.edges.map((edge) => edge.node)).toEqual([
      { nativeId: support!.children[1]!.children[0]!.id, parent: { nativeId: second!.nativeId, parent: { nativeId: support!.id } } },
    ]);
  });

  it('answers an empty children connection for a leaf, also under the A14 alternative without `children`', async () => {
    const leaf = seed.trees[0]!.children[0]!.id;
    expect(await childrenPage(leaf, 5)).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
    const other = await startNestedStack({ simulator: { leafChildren: 'omitted' } });
    try {
      const tree = other.simulator.addExecutionTree({ lifecycle: { pendingMs: 0 }, children: [{}, {}] });
      const response = await other.gateway.graphql<{ executionByNativeId: { children: Connection; descendants: Node[] } }>(
        `query ($nativeId: String!) { executionByNativeId(provider: "zaia", nativeId: $nativeId) {
          children(first: 5) { edges { node { nativeId children(first: 5) { edges { node { nativeId } } } } } }
          ... on NestedExecution { descendants { nativeId } }
        } }`,
        { nativeId: tree.id },
      );
      expect(response.body.errors).toBeUndefined();
      const root = response.body.data!.executionByNativeId;
      expect(root.children.edges.map((edge) => edge.node.nativeId)).toEqual(tree.ids.slice(1));
      expect(root.children.edges.every((edge) => edge.node.children!.edges.length === 0)).toBe(true);
      expect(root.descendants.map((entry) => entry.nativeId)).toEqual(tree.ids.slice(1));
    } finally {
      await other.close();
    }
  });

  it('answers children with one nestings call, and a removed execution with no children', async () => {
    const tree = stack.simulator.addExecutionTree({ lifecycle: { pendingMs: 0 }, children: [{}, {}, {}] });
    await childrenPage(tree.id, 2);
    expect(stack.simulator.server.counters.count('GET', nestingsRoute)).toBe(1);
    const record = (await stack.provider.operations.get(tree.id, {}))!;
    stack.simulator.remove(tree.id);
    expect(await stack.provider.operations.children!(record, {})).toEqual([]);
  });
});

describe('Zaia descendants: depth cap and cycle guard', () => {
  it('reads a whole tree in preorder from one upstream call', async () => {
    const research = seed.trees[1]!;
    expect(await descendants(research.id)).toEqual(research.ids.slice(1));
    expect(stack.simulator.server.counters.count('GET', nestingsRoute)).toBe(1);
  });

  it('stops at 10 levels, and the walk goes on from the deepest execution read', async () => {
    const chain = stack.simulator.addExecutionChain(14, { lifecycle: { pendingMs: 0, runningMs: 100 } });
    expect(await descendants(chain[0]!)).toEqual(chain.slice(1, 11));
    expect(await descendants(chain[0]!, 3)).toEqual(chain.slice(1, 4));
    expect(await descendants(chain[10]!)).toEqual(chain.slice(11));
    // children of the deepest execution read are still one call away.
    expect((await childrenPage(chain[10]!, 5)).edges.map((edge) => edge.node.nativeId)).toEqual([chain[11]]);
  });

  it('rejects a maxDepth outside 1 to 10', async () => {
    for (const maxDepth of [0, 11, -1]) {
      const response = await stack.gateway.graphql(
        `query ($nativeId: String!, $maxDepth: Int) { executionByNativeId(provider: "zaia", nativeId: $nativeId) { ... on NestedExecution { descendants(maxDepth: $maxDepth) { id } } } }`,
        { nativeId: seed.trees[0]!.id, maxDepth },
      );
      expect(response.body.errors?.[0]?.extensions?.code, String(maxDepth)).toBe('BAD_USER_INPUT');
    }
  });

  it('does not follow a child that lists its own ancestor, and lists each execution once', async () => {
    const tree = stack.simulator.addExecutionTree({ lifecycle: { pendingMs: 0 }, children: [{ lifecycle: { pendingMs: 0 }, children: [{}] }] });
    const [root, child, grandchild] = tree.ids as [string, string, string];
    stack.simulator.corruptNestings(grandchild, root, { repeats: 3 });
    stack.simulator.corruptNestings(root, root, { repeats: 3 });
    stack.simulator.corruptNestings(root, grandchild, { repeats: 2 });
    const logsBefore = stack.gateway.logs.length;

    expect(await descendants(root)).toEqual([child, grandchild]);
    expect((await childrenPage(root, 10)).edges.map((edge) => edge.node.nativeId)).toEqual([child]);
    expect((await childrenPage(grandchild, 10)).edges).toEqual([]);
    expect(await descendants(grandchild)).toEqual([]);
    expect(stack.gateway.logs.slice(logsBefore).some((line) => line.includes('warn') && line.includes('"dropped":'))).toBe(true);
  });
});

describe('Zaia chat-message lookup', () => {
  const lookup = (chatMessageId: string, provider = 'zaia') =>
    stack.gateway.graphql<{ nestedExecutionByChatMessage: Record<string, unknown> | null }>(
      `query ($provider: String!, $chatMessageId: String!) {
        nestedExecutionByChatMessage(provider: $provider, chatMessageId: $chatMessageId) {
          nativeId chatMessageId responderId isAgentic children(first: 10) { edges { node { nativeId } } }
        }
      }`,
      { provider, chatMessageId },
    );

  it('finds the execution that answers a chat message, with its children', async () => {
    for (const { chatMessageId, executionId } of seed.chatMessages) {
      const response = await lookup(chatMessageId.toUpperCase());
      expect(response.body.errors).toBeUndefined();
      const tree = seed.trees.find((candidate) => candidate.id === executionId)!;
      expect(response.body.data!.nestedExecutionByChatMessage).toMatchObject({
        nativeId: executionId,
        chatMessageId: chatMessageId.toUpperCase(),
        isAgentic: true,
        children: { edges: tree.children.map((child) => ({ node: { nativeId: child.id } })) },
      });
    }
  });

  it('answers null for an unknown chat message, and for a non-uuid without asking Zaia', async () => {
    expect((await lookup('5f2b8c1e-3a4d-4e6f-9b0a-000000000000')).body).toEqual({ data: { nestedExecutionByChatMessage: null } });
    expect(stack.simulator.server.counters.count('GET', nestingsRoute)).toBe(1);
    expect((await lookup('msg-1')).body).toEqual({ data: { nestedExecutionByChatMessage: null } });
    expect(stack.simulator.server.counters.count('GET', nestingsRoute)).toBe(1);
  });

  it('answers NOT_SUPPORTED for a provider that is not Zaia, and BAD_USER_INPUT for an unknown one', async () => {
    const plain = await lookup(seed.chatMessages[0]!.chatMessageId, 'plain');
    expect(plain.body.errors?.[0]?.extensions).toEqual({ code: 'NOT_SUPPORTED', provider: 'plain' });
    const unknown = await lookup(seed.chatMessages[0]!.chatMessageId, 'nope');
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
