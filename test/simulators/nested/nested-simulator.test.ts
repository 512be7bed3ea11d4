import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/simulators/kit/index.js';
import {
  createNestedSimulator,
  fixedDetail,
  ioDetail,
  messageDetail,
  nestedResponders,
  toolCallDetail,
  type NestedExecutionWire,
  type NestedNestingWire,
  type NestedSimulator,
  type NestedSimulatorOptions,
} from '../../../src/simulators/nested/index.js';
import { requestSimulator, type SimulatorAnswer } from '../../helpers/simulator-answer.js';
import { simulatorStarter } from '../../helpers/simulator-starter.js';

const apiKey = 'zaia-test-key';
const startOnManualClock = simulatorStarter<NestedSimulator>();

async function startSimulator(options: NestedSimulatorOptions = {}): Promise<{ sim: NestedSimulator; clock: ManualClock }> {
  const { simulator: sim, clock } = await startOnManualClock((clock) => createNestedSimulator({ clock, apiKey, ...options }));
  return { sim, clock };
}

async function call(
  sim: NestedSimulator,
  path: string,
  options: { method?: 'GET' | 'POST' | 'PATCH' | 'DELETE'; authorization?: string | null } = {},
): Promise<SimulatorAnswer> {
  const authorization = options.authorization === undefined ? apiKey : options.authorization;
  return requestSimulator(`${sim.url}${path}`, { method: options.method ?? 'GET', headers: authorization === null ? {} : { authorization } });
}

const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const dateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const missingId = '00000000-0000-4000-8000-000000000000';

function expectEnvelope(json: unknown, code: string, name: string): void {
  expect(json).toEqual({
    code,
    cta: { type: 'support-contact', url: expect.any(String) },
    feedback: { enUs: expect.any(String), esEs: expect.any(String), ptBr: expect.any(String) },
    message: expect.any(String),
    name,
  });
}

function expectExecutionShape(execution: NestedExecutionWire): void {
  expect(Object.keys(execution).sort()).toEqual(
    [
      'createdAt', 'creditsUsed', 'detail', 'endedAt', 'id', 'isAgentic', 'isPurged', 'parentId',
      'responderId', 'startedAt', 'status', 'updatedAt', 'workspaceId',
    ].sort(),
  );
  expect(execution.id).toMatch(uuidV4);
  for (const field of ['createdAt', 'updatedAt', 'startedAt'] as const) expect(execution[field]).toMatch(dateTime);
  if (execution.endedAt !== null) expect(execution.endedAt).toMatch(dateTime);
  expect(execution.creditsUsed).toBeGreaterThanOrEqual(0);
  expect(typeof execution.isAgentic).toBe('boolean');
  expect(typeof execution.isPurged).toBe('boolean');
  expect(typeof execution.status).toBe('string');
  expect(typeof execution.responderId).toBe('string');
  expect(typeof execution.workspaceId).toBe('string');
  if (execution.parentId !== null) expect(execution.parentId).toMatch(uuidV4);
}

function depthOf(nesting: NestedNestingWire): number {
  return 1 + Math.max(0, ...(nesting.children ?? []).map(depthOf));
}

function idsOf(nesting: NestedNestingWire): string[] {
  return [nesting.id, ...(nesting.children ?? []).flatMap(idsOf)];
}

describe('nested simulator: authentication (A23)', () => {
  it('accepts the raw key in the authorization header', async () => {
    const { sim } = await startSimulator();
    const answer = await call(sim, '/api/v1/executions');
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual([]);
  });

  it('answers 401 in the Zaia envelope for a missing, wrong or Bearer-wrapped key', async () => {
    const { sim } = await startSimulator();
    for (const authorization of [null, 'wrong-key', `Bearer ${apiKey}`]) {
      const answer = await call(sim, '/api/v1/executions', { authorization });
      expect(answer.status).toBe(401);
      expectEnvelope(answer.json, 'unauthorized', 'UnauthorizedError');
      expect(answer.text).not.toContain(apiKey);
    }
  });

  it('accepts Bearer only when the alternative is switched on', async () => {
    const { sim } = await startSimulator({ acceptBearer: true });
    expect((await call(sim, '/api/v1/executions', { authorization: `Bearer ${apiKey}` })).status).toBe(200);
    expect((await call(sim, '/api/v1/executions')).status).toBe(200);
  });

  it('accepts any of several configured keys', async () => {
    const { sim } = await startSimulator({ apiKey: ['first-key', 'second-key'] });
    expect(sim.apiKeys).toEqual(['first-key', 'second-key']);
    expect((await call(sim, '/api/v1/executions', { authorization: 'second-key' })).status).toBe(200);
    expect((await call(sim, '/api/v1/executions', { authorization: apiKey })).status).toBe(401);
  });
});

describe('nested simulator: GET /api/v1/executions (A11, A12)', () => {
  it('answers a bare array of 10 by default, newest first, ties by id', async () => {
    const { sim } = await startSimulator();
    sim.seedDemo();
    const answer = await call(sim, '/api/v1/executions');
    expect(answer.status).toBe(200);
    const page = answer.json as NestedExecutionWire[];
    expect(Array.isArray(page)).toBe(true);
    expect(page).toHaveLength(10);
    page.forEach(expectExecutionShape);
    expect(page).toEqual(sim.listExecutions().slice(0, 10));
  });

  it('orders by createdAt descending, then id descending, across the whole listing', async () => {
    const { sim } = await startSimulator();
    sim.seedDemo();
    // Several children spawn at the same instant: ties must be ordered by id.
    sim.addExecutionTree({ lifecycle: { pendingMs: 0 }, children: [{}, {}, {}, {}] });
    const all = sim.listExecutions();
    for (let index = 1; index < all.length; index++) {
      const newer = all[index - 1]!;
      const older = all[index]!;
      const newerMs = Date.parse(newer.createdAt);
      const olderMs = Date.parse(older.createdAt);
      expect(newerMs).toBeGreaterThanOrEqual(olderMs);
      if (newerMs === olderMs) expect(newer.id > older.id).toBe(true);
    }
  });

  it('orders ties by id ascending when configured', async () => {
    const { sim } = await startSimulator({ tieOrder: 'id-asc' });
    const tree = sim.addExecutionTree({ lifecycle: { pendingMs: 0 }, children: [{}, {}, {}] });
    const children = sim.listExecutions().filter((execution) => execution.parentId === tree.id);
    expect(children.map((child) => child.id)).toEqual([...tree.children.map((child) => child.id)].sort());
  });

  it('walks every page to the end without duplicates or gaps', async () => {
    const { sim } = await startSimulator();
    sim.seedDemo();
    const expected = sim.listExecutions().map((execution) => execution.id);
    expect(expected.length).toBeGreaterThanOrEqual(40);
    const seen: string[] = [];
    for (let pageNumber = 1; ; pageNumber++) {
      const answer = await call(sim, `/api/v1/executions?pageNumber=${pageNumber}&pageSize=7`);
      expect(answer.status).toBe(200);
      const page = answer.json as NestedExecutionWire[];
      seen.push(...page.map((execution) => execution.id));
      if (page.length < 7) break;
    }
    expect(seen).toEqual(expected);
    const beyond = await call(sim, '/api/v1/executions?pageNumber=999&pageSize=100');
    expect(beyond.json).toEqual([]);
  });

  it('shows a tree added between two page reads on the first page at once', async () => {
    const { sim } = await startSimulator();
    sim.seedDemo();
    await call(sim, '/api/v1/executions?pageNumber=1&pageSize=5');
    const added = sim.addExecutionTree({ responderId: nestedResponders[1]!.id });
    const first = (await call(sim, '/api/v1/executions?pageNumber=1&pageSize=5')).json as NestedExecutionWire[];
    expect(first[0]!.id).toBe(added.id);
  });

  it('accepts pageSize 100 and pageNumber at the bounds', async () => {
    const { sim } = await startSimulator();
    sim.seedDemo();
    const answer = await call(sim, '/api/v1/executions?pageSize=100&pageNumber=1');
    expect((answer.json as unknown[]).length).toBe(sim.listExecutions().length);
    expect((await call(sim, '/api/v1/executions?pageSize=1')).json).toHaveLength(1);
  });

  it('filters by one responderIds value or by repeated values', async () => {
    const { sim } = await startSimulator();
    sim.seedDemo();
    const [first, second] = nestedResponders;
    const one = (await call(sim, `/api/v1/executions?pageSize=100&responderIds=${first!.id}`)).json as NestedExecutionWire[];
    expect(one.length).toBeGreaterThan(0);
    expect(one.every((execution) => execution.responderId === first!.id)).toBe(true);
    const both = (await call(sim, `/api/v1/executions?pageSize=100&responderIds=${first!.id}&responderIds=${second!.id}`))
      .json as NestedExecutionWire[];
    expect(both.length).toBeGreaterThan(one.length);
    expect(new Set(both.map((execution) => execution.responderId))).toEqual(new Set([first!.id, second!.id]));
    expect(both).toEqual(sim.listExecutions([first!.id, second!.id]));
    const nobody = await call(sim, `/api/v1/executions?responderIds=${missingId}`);
    expect(nobody.json).toEqual([]);
  });

  it('answers 400 in the envelope for out-of-range or malformed parameters', async () => {
    const { sim } = await startSimulator();
    for (const query of [
      'pageSize=0', 'pageSize=101', 'pageSize=abc', 'pageSize=', 'pageSize=2.5', 'pageNumber=0', 'pageNumber=-1',
      'pageNumber=x', 'responderIds=not-a-uuid', `responderIds=${missingId}&responderIds=nope`,
      // A uuid of another version: the document says "UUID v4 string".
      'responderIds=00000000-0000-1000-8000-000000000000',
    ]) {
      const answer = await call(sim, `/api/v1/executions?${query}`);
      expect(answer.status, query).toBe(400);
      expectEnvelope(answer.json, 'invalid-request', 'BadRequestError');
    }
  });

  it('accepts any uuid version when configured', async () => {
    const { sim } = await startSimulator({ uuidVersion: 'any' });
    const answer = await call(sim, '/api/v1/executions?responderIds=00000000-0000-1000-8000-000000000000');
    expect(answer.status).toBe(200);
  });

  it('wraps the page in an envelope under the A11 alternative', async () => {
    const { sim } = await startSimulator({ listShape: 'data-envelope' });
    sim.addExecutionTree({});
    const answer = await call(sim, '/api/v1/executions?pageSize=5');
    expect(answer.json).toEqual({ data: [expect.objectContaining({ status: 'pending' })], pageNumber: 1, pageSize: 5 });
  });

  it('answers 400 with an empty body under the A12 alternative', async () => {
    const { sim } = await startSimulator({ errorBodies: 'empty' });
    const answer = await call(sim, '/api/v1/executions?pageSize=0');
    expect(answer.status).toBe(400);
    expect(answer.text).toBe('');
    expect((await call(sim, `/api/v1/executions/${missingId}`)).text).toBe('');
    expectEnvelope((await call(sim, '/api/v1/executions', { authorization: null })).json, 'unauthorized', 'UnauthorizedError');
  });
});

describe('nested simulator: GET /api/v1/executions/{id}', () => {
  it('answers the execution with every required field', async () => {
    const { sim } = await startSimulator();
    const tree = sim.addExecutionTree({
      responderId: nestedResponders[2]!.id,
      isAgentic: true,
      detail: ioDetail({ pergunta: 'Olá 👋' }, { resposta: 'Oi!' }),
      lifecycle: { pendingMs: 0, runningMs: 1000, creditsUsed: 1.25 },
    });
    const answer = await call(sim, `/api/v1/executions/${tree.id}`);
    expect(answer.status).toBe(200);
    const execution = answer.json as NestedExecutionWire;
    expectExecutionShape(execution);
    expect(execution).toEqual({
      createdAt: '2026-01-15T12:00:00.000Z',
      id: tree.id,
      updatedAt: '2026-01-15T12:00:00.000Z',
      creditsUsed: 0,
      detail: { input: { pergunta: 'Olá 👋' }, output: {} },
      endedAt: null,
      isAgentic: true,
      isPurged: false,
      parentId: null,
      responderId: nestedResponders[2]!.id,
      startedAt: '2026-01-15T12:00:00.000Z',
      status: 'running',
      workspaceId: sim.workspaceId,
    });
    expect(Object.keys(execution)).not.toContain('chatMessageId');
  });

  it('finds an id written in uppercase', async () => {
    const { sim } = await startSimulator();
    const tree = sim.addExecutionTree({});
    expect((await call(sim, `/api/v1/executions/${tree.id.toUpperCase()}`)).status).toBe(200);
  });

  it('answers 404 in the envelope for an unknown uuid and 400 for a non-uuid', async () => {
    const { sim } = await startSimulator();
    const unknown = await call(sim, `/api/v1/executions/${missingId}`);
    expect(unknown.status).toBe(404);
    expectEnvelope(unknown.json, 'not-found', 'NotFoundError');
    const malformed = await call(sim, '/api/v1/executions/exec-123');
    expect(malformed.status).toBe(400);
    expectEnvelope(malformed.json, 'invalid-request', 'BadRequestError');
  });

  it('has no write endpoints: POST, PATCH and DELETE answer the 404 envelope', async () => {
    const { sim } = await startSimulator();
    const tree = sim.addExecutionTree({});
    for (const [method, path] of [
      ['POST', '/api/v1/executions'],
      ['PATCH', `/api/v1/executions/${tree.id}`],
      ['DELETE', `/api/v1/executions/${tree.id}`],
      ['POST', `/api/v1/executions/${tree.id}/cancel`],
    ] as const) {
      const answer = await call(sim, path, { method });
      expect(answer.status, `${method} ${path}`).toBe(404);
      expectEnvelope(answer.json, 'not-found', 'NotFoundError');
    }
    expect(sim.getExecution(tree.id)).toBeDefined();
  });
});

describe('nested simulator: GET /api/v1/executions/nestings (A13, A14)', () => {
  it('answers the execution with recursive children whose parentId is their parent', async () => {
    const { sim } = await startSimulator();
    const tree = sim.addExecutionTree({
      lifecycle: { pendingMs: 0 },
      children: [{ lifecycle: { pendingMs: 0 }, children: [{}, {}] }, {}],
    });
    const answer = await call(sim, `/api/v1/executions/nestings?executionId=${tree.id}`);
    expect(answer.status).toBe(200);
    const nesting = answer.json as NestedNestingWire;
    const { children: _children, ...execution } = nesting;
    expectExecutionShape(execution);
    expect(nesting.parentId).toBeNull();
    expect(nesting.children!.map((child) => child.id)).toEqual(tree.children.map((child) => child.id));
    const check = (node: NestedNestingWire): void => {
      expect(Array.isArray(node.children)).toBe(true);
      for (const child of node.children!) {
        expect(child.parentId).toBe(node.id);
        check(child);
      }
    };
    check(nesting);
    expect(idsOf(nesting)).toEqual(tree.ids);
    expect(depthOf(nesting)).toBe(3);
  });

  it('answers a subtree when asked for a child', async () => {
    const { sim } = await startSimulator();
    const tree = sim.addExecutionTree({ lifecycle: { pendingMs: 0 }, children: [{ lifecycle: { pendingMs: 0 }, children: [{}] }] });
    const child = tree.children[0]!;
    const nesting = (await call(sim, `/api/v1/executions/nestings?executionId=${child.id}`)).json as NestedNestingWire;
    expect(nesting.parentId).toBe(tree.id);
    expect(idsOf(nesting)).toEqual(child.ids);
  });

  it('finds the execution created from a chat message', async () => {
    const { sim } = await startSimulator();
    const chatMessageId = '5f2b8c1e-3a4d-4e6f-9b0a-1c2d3e4f5a6b';
    const tree = sim.addExecutionTree({ chatMessageId, lifecycle: { pendingMs: 0 }, children: [{}] });
    const nesting = (await call(sim, `/api/v1/executions/nestings?chatMessageId=${chatMessageId}`)).json as NestedNestingWire;
    expect(nesting.id).toBe(tree.id);
    expect(idsOf(nesting)).toEqual(tree.ids);
    const unknown = await call(sim, `/api/v1/executions/nestings?chatMessageId=${missingId}`);
    expect(unknown.status).toBe(404);
    expectEnvelope(unknown.json, 'not-found', 'NotFoundError');
  });

  it('answers 400 unless exactly one valid uuid parameter is given', async () => {
    const { sim } = await startSimulator();
    const tree = sim.addExecutionTree({});
    for (const query of [
      '',
      `?executionId=${tree.id}&chatMessageId=${missingId}`,
      '?executionId=abc',
      '?chatMessageId=abc',
      '?executionId=',
    ]) {
      const answer = await call(sim, `/api/v1/executions/nestings${query}`);
      expect(answer.status, query).toBe(400);
      expectEnvelope(answer.json, 'invalid-request', 'BadRequestError');
    }
    expect((await call(sim, `/api/v1/executions/nestings?executionId=${missingId}`)).status).toBe(404);
  });

  it('prefers executionId when both are given under the A13 alternative', async () => {
    const { sim } = await startSimulator({ nestingsWithBothParameters: 'prefer-execution-id' });
    const tree = sim.addExecutionTree({});
    const answer = await call(sim, `/api/v1/executions/nestings?executionId=${tree.id}&chatMessageId=${missingId}`);
    expect(answer.status).toBe(200);
    expect((answer.json as NestedNestingWire).id).toBe(tree.id);
  });

  it('leaves children out on leaves under the A14 alternative', async () => {
    const { sim } = await startSimulator({ leafChildren: 'omitted' });
    const tree = sim.addExecutionTree({ lifecycle: { pendingMs: 0 }, children: [{}] });
    const nesting = (await call(sim, `/api/v1/executions/nestings?executionId=${tree.id}`)).json as NestedNestingWire;
    expect(nesting.children).toHaveLength(1);
    expect('children' in nesting.children![0]!).toBe(false);
  });

  it('is routed before {id}: the counters name the nestings template', async () => {
    const { sim } = await startSimulator();
    const tree = sim.addExecutionTree({});
    await call(sim, `/api/v1/executions/nestings?executionId=${tree.id}`);
    expect(sim.server.counters.count('GET', '/api/v1/executions/nestings')).toBe(1);
    expect(sim.server.counters.count('GET', '/api/v1/executions/:id')).toBe(0);
  });

  it('serves a corrupted answer where a child lists an ancestor, bounded by repeats', async () => {
    const { sim } = await startSimulator();
    const tree = sim.addExecutionTree({ lifecycle: { pendingMs: 0 }, children: [{ lifecycle: { pendingMs: 0 }, children: [{}] }] });
    const grandchild = tree.children[0]!.children[0]!.id;
    sim.corruptNestings(grandchild, tree.id);
    const nesting = (await call(sim, `/api/v1/executions/nestings?executionId=${tree.id}`)).json as NestedNestingWire;
    const ids = idsOf(nesting);
    expect(ids.filter((id) => id === tree.id)).toHaveLength(2);
    const looped = nesting.children![0]!.children![0]!.children![0]!;
    expect(looped.id).toBe(tree.id);
    // The corrupted child keeps its own (true) parentId, which does not match where it is listed.
    expect(looped.parentId).toBeNull();
    sim.corruptNestings(tree.id, tree.id, { repeats: 3 });
    const selfLoop = sim.getNesting(tree.id)!;
    expect(idsOf(selfLoop).length).toBeGreaterThan(ids.length);
  });

  it('serves a chain deeper than 12 levels', async () => {
    const { sim, clock } = await startSimulator();
    const ids = sim.addExecutionChain(14, { lifecycle: { pendingMs: 0, runningMs: 100 } });
    expect(ids).toHaveLength(14);
    const nesting = (await call(sim, `/api/v1/executions/nestings?executionId=${ids[0]}`)).json as NestedNestingWire;
    expect(depthOf(nesting)).toBe(14);
    expect(idsOf(nesting)).toEqual(ids);
    clock.advance(60_000);
    const ended = sim.getNesting(ids[0]!)!;
    expect(ended.status).toBe('completed');
    expect(Date.parse(ended.endedAt!)).toBeGreaterThan(Date.parse(sim.getExecution(ids[13]!)!.endedAt!));
  });
});

describe('nested simulator: lifecycles on the clock', () => {
  it('moves pending → running → completed, with startedAt, endedAt, credits and output following', async () => {
    const { sim, clock } = await startSimulator();
    const tree = sim.addExecutionTree({ detail: ioDetail({ q: 1 }, { a: 2 }), lifecycle: { creditsUsed: 0.375 } });
    const read = async (): Promise<NestedExecutionWire> => (await call(sim, `/api/v1/executions/${tree.id}`)).json as NestedExecutionWire;

    const pending = await read();
    expect(pending).toMatchObject({ status: 'pending', endedAt: null, creditsUsed: 0, detail: { input: { q: 1 }, output: {} } });
    expect(pending.startedAt).toBe(pending.createdAt);

    clock.advance(500);
    const running = await read();
    expect(running).toMatchObject({ status: 'running', endedAt: null, startedAt: '2026-01-15T12:00:00.500Z' });
    expect(running.updatedAt).toBe('2026-01-15T12:00:00.500Z');

    clock.advance(1499);
    expect((await read()).status).toBe('running');
    clock.advance(1);
    const done = await read();
    expect(done).toMatchObject({
      status: 'completed',
      endedAt: '2026-01-15T12:00:02.000Z',
      updatedAt: '2026-01-15T12:00:02.000Z',
      creditsUsed: 0.375,
      detail: { input: { q: 1 }, output: { a: 2 } },
    });
    clock.advance(3_600_000);
    expect(await read()).toEqual(done);
  });

  it('creates children when the parent starts running and ends the parent after them', async () => {
    const { sim, clock } = await startSimulator();
    const tree = sim.addExecutionTree({
      lifecycle: { pendingMs: 200, runningMs: 100 },
      children: [
        { lifecycle: { pendingMs: 100, runningMs: 1000 } },
        { spawnDelayMs: 300, lifecycle: { pendingMs: 0, runningMs: 2000, outcome: 'failed' } },
      ],
    });
    const [first, second] = tree.children.map((child) => child.id) as [string, string];
    expect(sim.getExecution(first)).toBeUndefined();
    expect((await call(sim, `/api/v1/executions/${first}`)).status).toBe(404);
    expect(sim.getNesting(tree.id)!.children).toEqual([]);

    clock.advance(200);
    expect(sim.getExecution(first)).toMatchObject({ status: 'pending', parentId: tree.id });
    expect(sim.getExecution(second)).toBeUndefined();
    clock.advance(300);
    expect(sim.getExecution(second)).toMatchObject({ status: 'running' });
    expect(sim.getNesting(tree.id)!.children!.map((child) => child.id)).toEqual([first, second]);

    clock.advance(1000);
    expect(sim.getExecution(first)!.status).toBe('completed');
    expect(sim.getExecution(tree.id)!.status).toBe('running');
    clock.advance(1000);
    expect(sim.getExecution(second)!.status).toBe('failed');
    expect(sim.getExecution(tree.id)!.status).toBe('running');
    clock.advance(100);
    const parent = sim.getExecution(tree.id)!;
    expect(parent.status).toBe('completed');
    expect(Date.parse(parent.endedAt!)).toBeGreaterThan(Date.parse(sim.getExecution(second)!.endedAt!));
  });

  it('puts the error into the detail of a failed execution', async () => {
    const { sim, clock } = await startSimulator();
    const io = sim.addExecutionTree({ detail: ioDetail({ x: 1 }, { y: 2 }, { error: { reason: 'boom' } }), lifecycle: { outcome: 'failed' } });
    const tool = sim.addExecutionTree({
      detail: toolCallDetail({ id: 'c1', name: 'search', arguments: { q: 'a' }, result: [1], error: 'timeout' }),
      lifecycle: { outcome: 'cancelled' },
    });
    const message = sim.addExecutionTree({
      detail: messageDetail([{ role: 'user', content: 'oi' }], { role: 'assistant', content: 'olá' }),
    });
    clock.advance(2000);
    expect(sim.getExecution(io.id)).toMatchObject({ status: 'failed', detail: { input: { x: 1 }, output: { error: { reason: 'boom' } } } });
    expect(sim.getExecution(tool.id)).toMatchObject({
      status: 'cancelled',
      detail: { toolCall: { id: 'c1', name: 'search', arguments: { q: 'a' } }, result: null, error: 'timeout' },
    });
    expect(sim.getExecution(message.id)!.detail).toEqual({
      messages: [{ role: 'user', content: 'oi' }, { role: 'assistant', content: 'olá' }],
    });
  });

  it('uses scripted lifecycles for the next executions, in preorder, then the defaults', async () => {
    const { sim, clock } = await startSimulator();
    sim.scriptNextRuns([
      { outcome: 'failed', pendingMs: 0, runningMs: 1000 },
      { outcome: 'cancelled', pendingMs: 0, runningMs: 100, finalStatus: 'canceled' },
    ]);
    const tree = sim.addExecutionTree({ children: [{}, {}] });
    expect(sim.getExecution(tree.id)!.status).toBe('running');
    clock.advance(100);
    expect(sim.getExecution(tree.children[0]!.id)!.status).toBe('canceled');
    expect(sim.getExecution(tree.children[1]!.id)!.status).toBe('pending');
    clock.advance(5000);
    expect(sim.getExecution(tree.id)!.status).toBe('failed');
    expect(sim.getExecution(tree.children[1]!.id)!.status).toBe('completed');
  });

  it('lets scripted lifecycles drive demo runs too', async () => {
    const { sim, clock } = await startSimulator();
    sim.scriptNextRuns([{ outcome: 'failed', pendingMs: 0, runningMs: 50 }]);
    const run = sim.startDemoRun();
    expect(run.children.length).toBeGreaterThanOrEqual(1);
    expect(run.children.length).toBeLessThanOrEqual(3);
    expect(sim.getExecution(run.id)!.status).toBe('running');
    clock.advance(120_000);
    expect(sim.getExecution(run.id)!.status).toBe('failed');
    for (const id of run.ids) expect(sim.getExecution(id)!.endedAt).not.toBeNull();
  });

  it('keeps unknown or open statuses forever, with or without endedAt', async () => {
    const { sim, clock } = await startSimulator();
    const queued = sim.addExecutionTree({ lifecycle: { pendingMs: Infinity, pendingStatus: 'queued' } });
    const waiting = sim.addExecutionTree({ lifecycle: { pendingMs: 0, runningMs: Infinity, runningStatus: 'waiting_for_input' } });
    const mystery = sim.addExecutionTree({ lifecycle: { finalStatus: 'mystery_state', setsEndedAt: false } });
    clock.advance(86_400_000);
    expect(sim.getExecution(queued.id)).toMatchObject({ status: 'queued', endedAt: null });
    expect(sim.getExecution(waiting.id)).toMatchObject({ status: 'waiting_for_input', endedAt: null });
    expect(sim.getExecution(mystery.id)).toMatchObject({ status: 'mystery_state', endedAt: null });
  });

  it('respells the default statuses under the A16 alternative', async () => {
    const { sim, clock } = await startSimulator({ statusNames: { pending: 'QUEUED', completed: 'SUCCESS' } });
    const tree = sim.addExecutionTree({});
    expect(sim.getExecution(tree.id)!.status).toBe('QUEUED');
    clock.advance(2000);
    expect(sim.getExecution(tree.id)!.status).toBe('SUCCESS');
  });

  it('forces a status with setStatus, rewriting the rest of the timeline', async () => {
    const { sim, clock } = await startSimulator();
    const tree = sim.addExecutionTree({ detail: ioDetail({}, { ok: true }) });
    clock.advance(600);
    const forced = sim.setStatus(tree.id, 'mystery_state');
    expect(forced).toMatchObject({ status: 'mystery_state', endedAt: null, updatedAt: '2026-01-15T12:00:00.600Z' });
    clock.advance(10_000);
    expect(sim.getExecution(tree.id)!.status).toBe('mystery_state');

    sim.setStatus(tree.id, 'archived', { endedAt: '2026-01-15T12:00:05.000+00:00' });
    expect(sim.getExecution(tree.id)).toMatchObject({ status: 'archived', endedAt: '2026-01-15T12:00:05.000Z' });
    sim.setStatus(tree.id, 'running');
    expect(sim.getExecution(tree.id)!.endedAt).toBeNull();
    clock.advance(1000);
    const success = sim.setStatus(tree.id, 'success', { creditsUsed: 9.5 });
    expect(success).toMatchObject({ endedAt: '2026-01-15T12:00:11.600Z', creditsUsed: 9.5, detail: { output: { ok: true } } });
    expect(sim.setStatus(tree.id, 'timeout', { endedAt: null }).endedAt).toBeNull();
  });

  it('purges: the record and its status stay, the detail content goes', async () => {
    const { sim, clock } = await startSimulator();
    const tree = sim.addExecutionTree({
      detail: ioDetail({ secret: 'x' }, { y: 1 }),
      lifecycle: { pendingMs: 0, runningMs: 100 },
      children: [{ detail: toolCallDetail({ id: 'c', name: 't', arguments: {}, result: 1 }), lifecycle: { pendingMs: 0, runningMs: 100 } }],
    });
    clock.advance(1000);
    const before = sim.getExecution(tree.id)!;
    clock.advance(1000);
    sim.purge(tree.id, { cascade: true });
    const after = (await call(sim, `/api/v1/executions/${tree.id}`)).json as NestedExecutionWire;
    expect(after).toMatchObject({ status: before.status, endedAt: before.endedAt, isPurged: true, detail: {} });
    expect(after.updatedAt).toBe('2026-01-15T12:00:02.000Z');
    expect(sim.getExecution(tree.children[0]!.id)).toMatchObject({ isPurged: true, detail: {} });
  });

  it('purges on schedule and keeps the variant skeleton when configured', async () => {
    const { sim, clock } = await startSimulator({ purgedDetail: 'emptied-variant' });
    const io = sim.addExecutionTree({ detail: ioDetail({ a: 1 }, { b: 2 }), lifecycle: { pendingMs: 0, runningMs: 100, purgeAfterMs: 1000 } });
    const tool = sim.addExecutionTree({ detail: toolCallDetail({ id: 'c', name: 't', arguments: {}, result: 1 }) });
    const message = sim.addExecutionTree({ detail: messageDetail([{ role: 'user', content: 'a' }], { role: 'assistant', content: 'b' }) });
    const custom = sim.addExecutionTree({ detail: fixedDetail({ kind: 'other' }) });
    clock.advance(1099);
    expect(sim.getExecution(io.id)!.isPurged).toBe(false);
    clock.advance(1);
    expect(sim.getExecution(io.id)).toMatchObject({ isPurged: true, status: 'completed', detail: { input: {}, output: {} } });
    for (const handle of [tool, message, custom]) sim.purge(handle.id);
    expect(sim.getExecution(tool.id)!.detail).toEqual({ toolCall: null, result: null });
    expect(sim.getExecution(message.id)!.detail).toEqual({ messages: [] });
    expect(sim.getExecution(custom.id)!.detail).toEqual({});
  });

  it('removes an execution and its subtree', async () => {
    const { sim } = await startSimulator();
    const tree = sim.addExecutionTree({ lifecycle: { pendingMs: 0 }, children: [{}] });
    sim.remove(tree.id);
    expect((await call(sim, `/api/v1/executions/${tree.id}`)).status).toBe(404);
    expect((await call(sim, `/api/v1/executions/${tree.children[0]!.id}`)).status).toBe(404);
    expect((await call(sim, '/api/v1/executions')).json).toEqual([]);
  });

  it('attaches a later tree under an existing execution', async () => {
    const { sim } = await startSimulator();
    const tree = sim.addExecutionTree({ lifecycle: { pendingMs: 0, runningMs: Infinity } });
    const late = sim.addExecutionTree({ parentId: tree.id, lifecycle: { pendingMs: 0 } });
    expect(sim.getExecution(late.id)!.parentId).toBe(tree.id);
    expect(sim.getNesting(tree.id)!.children!.map((child) => child.id)).toEqual([late.id]);
  });

  it('rejects invalid state-helper input', async () => {
    const { sim } = await startSimulator();
    expect(() => sim.addExecutionTree({ id: 'not-a-uuid' })).toThrow();
    const tree = sim.addExecutionTree({ id: missingId });
    expect(() => sim.addExecutionTree({ id: missingId })).toThrow(/already exists/);
    expect(() => sim.addExecutionTree({ lifecycle: { pendingMs: -1 } })).toThrow(RangeError);
    expect(() => sim.addExecutionTree({ lifecycle: { pendingMs: Infinity }, children: [{}] })).toThrow(/never starts/);
    expect(() => sim.addExecutionTree({ children: [{ createdAt: 0 }] })).toThrow(/root/);
    expect(() => sim.addExecutionTree({ timeFormat: { offset: '+5', fractionDigits: 3 } })).toThrow(RangeError);
    expect(() => sim.setStatus('11111111-1111-4111-8111-111111111111', 'x')).toThrow(/no execution/);
    expect(sim.getExecution(tree.id)).toBeDefined();
    expect(sim.listExecutions()).toHaveLength(1);
  });
});

describe('nested simulator: demo data and fixtures', () => {
  it('seeds ~40 varied executions deterministically', async () => {
    const { sim } = await startSimulator();
    const seed = sim.seedDemo();
    const all = sim.listExecutions();
    expect(all.length).toBeGreaterThanOrEqual(40);
    all.forEach(expectExecutionShape);

    const again = createNestedSimulator({ clock: new ManualClock(), apiKey });
    again.seedDemo();
    expect(again.listExecutions()).toEqual(all);

    const responders = new Set(all.map((execution) => execution.responderId));
    for (const responder of nestedResponders) expect(responders.has(responder.id)).toBe(true);
    expect(sim.getExecution(seed.oddResponderExecutionId)!.responderId).toMatch(/[^\x00-\x7f]/);
    expect(all.some((execution) => execution.isAgentic)).toBe(true);
    expect(all.some((execution) => !execution.isAgentic)).toBe(true);
    expect(all.some((execution) => !Number.isInteger(execution.creditsUsed))).toBe(true);
    expect(all.some((execution) => execution.creditsUsed === 0)).toBe(true);
    expect(Math.max(...seed.trees.map((tree) => depthOf(sim.getNesting(tree.id)!)))).toBeGreaterThanOrEqual(5);
  });

  it('renders date-times with Z and offsets and 0 to 9 fractional digits', async () => {
    const { sim } = await startSimulator();
    sim.seedDemo();
    const stamps = sim.listExecutions().flatMap((execution) => [execution.createdAt, execution.updatedAt, execution.startedAt]);
    for (const stamp of stamps) expect(stamp).toMatch(dateTime);
    const offsets = new Set(stamps.map((stamp) => /(Z|[+-]\d{2}:\d{2})$/.exec(stamp)![1]));
    expect(offsets).toEqual(new Set(['Z', '+00:00', '+05:30', '-08:00']));
    const digits = new Set(stamps.map((stamp) => /\.(\d+)/.exec(stamp)?.[1]?.length ?? 0));
    expect([...digits].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('covers the status spellings of §4.1, unknown ones with and without endedAt', async () => {
    const { sim } = await startSimulator();
    const seed = sim.seedDemo();
    const statuses = new Set(sim.listExecutions().map((execution) => execution.status));
    for (const status of ['running', 'completed', 'failed', 'cancelled', 'queued', 'processing', 'waiting_for_input', 'success', 'canceled', 'timeout', 'error']) {
      expect(statuses.has(status), status).toBe(true);
    }
    expect(sim.getExecution(seed.unknownStatusIds.ended)).toMatchObject({ status: 'archived_by_policy', endedAt: expect.any(String) });
    expect(sim.getExecution(seed.unknownStatusIds.open)).toMatchObject({ status: 'on_hold', endedAt: null });
    for (const id of seed.runningRootIds) expect(sim.getExecution(id)!.endedAt).toBeNull();
  });

  it('has the three detail variants, unicode, a ~1 MB output and errors of every JSON type', async () => {
    const { sim } = await startSimulator();
    const seed = sim.seedDemo();
    const details = sim.listExecutions().map((execution) => execution.detail as Record<string, unknown>);
    expect(details.some((detail) => 'input' in detail && 'output' in detail)).toBe(true);
    expect(details.some((detail) => 'toolCall' in detail)).toBe(true);
    expect(details.some((detail) => 'messages' in detail)).toBe(true);
    expect(JSON.stringify(details)).toMatch(/[\u{1F300}-\u{1FAFF}]/u);

    const large = await call(sim, `/api/v1/executions/${seed.largeOutputId}`);
    expect(large.status).toBe(200);
    expect(Buffer.byteLength(large.text)).toBeGreaterThan(1_000_000);

    // io details carry the error in `output`, the other variants beside their content.
    const errorOf = (id: string): unknown => {
      const detail = sim.getExecution(id)!.detail as { output?: Record<string, unknown>; error?: unknown };
      return detail.output !== undefined ? detail.output.error : detail.error;
    };
    expect(typeof errorOf(seed.errorIds.string)).toBe('string');
    expect(typeof errorOf(seed.errorIds.number)).toBe('number');
    expect(typeof errorOf(seed.errorIds.boolean)).toBe('boolean');
    expect(errorOf(seed.errorIds.null)).toBeNull();
    expect(Array.isArray(errorOf(seed.errorIds.array))).toBe(true);
    expect(errorOf(seed.errorIds.object)).toEqual(expect.objectContaining({ code: expect.any(String) }));
    for (const id of Object.values(seed.errorIds)) expect(sim.getExecution(id)!.endedAt).not.toBeNull();
  });

  it('has purged records and chat-message trees findable through nestings', async () => {
    const { sim } = await startSimulator();
    const seed = sim.seedDemo();
    for (const id of seed.purgedIds) expect(sim.getExecution(id)).toMatchObject({ isPurged: true, detail: {} });
    for (const { chatMessageId, executionId } of seed.chatMessages) {
      const nesting = (await call(sim, `/api/v1/executions/nestings?chatMessageId=${chatMessageId}`)).json as NestedNestingWire;
      expect(nesting.id).toBe(executionId);
      expect(nesting.children!.length).toBeGreaterThan(0);
    }
  });

  it('moves the demo running tree forward on the clock', async () => {
    const { sim, clock } = await startSimulator();
    const seed = sim.seedDemo();
    const running = seed.runningRootIds[1]!;
    expect(sim.getExecution(running)!.status).toBe('running');
    clock.advance(60_000);
    expect(sim.getExecution(running)!.status).toBe('completed');
    const run = sim.startDemoRun();
    expect(sim.listExecutions()[0]!.id).toBe(run.id);
    clock.advance(60_000);
    for (const id of run.ids) expect(sim.getExecution(id)!.endedAt).not.toBeNull();
  });
});

describe('nested simulator: faults and counters', () => {
  it('answers an injected status with the Zaia envelope', async () => {
    const { sim } = await startSimulator();
    sim.server.faults.inject({ kind: 'status', status: 503 }, { path: '/api/v1/executions' });
    const answer = await call(sim, '/api/v1/executions');
    expect(answer.status).toBe(503);
    expectEnvelope(answer.json, 'internal-server-error', 'InternalServerError');
    expect((await call(sim, '/api/v1/executions')).status).toBe(200);
  });

  it('rate-limits with Retry-After and the 429 envelope', async () => {
    const { sim } = await startSimulator();
    sim.server.faults.inject({ kind: 'rate-limit', retryAfterSeconds: 7 }, { times: 2 });
    for (let attempt = 0; attempt < 2; attempt++) {
      const answer = await call(sim, '/api/v1/executions');
      expect(answer.status).toBe(429);
      expect(answer.headers['retry-after']).toBe('7');
      expectEnvelope(answer.json, 'too-many-requests', 'TooManyRequestsError');
    }
    expect((await call(sim, '/api/v1/executions')).status).toBe(200);
  });

  it('delays, resets, and sends malformed or empty bodies', async () => {
    const { sim } = await startSimulator();
    const tree = sim.addExecutionTree({});
    const path = `/api/v1/executions/${tree.id}`;
    sim.server.faults.inject({ kind: 'delay', ms: 20 }, { path });
    expect((await call(sim, path)).status).toBe(200);

    sim.server.faults.inject({ kind: 'reset' }, { path });
    await expect(call(sim, path)).rejects.toThrow();

    sim.server.faults.inject({ kind: 'malformed' }, { path: /nestings/ });
    const malformed = await call(sim, `/api/v1/executions/nestings?executionId=${tree.id}`);
    expect(malformed.status).toBe(200);
    expect(() => JSON.parse(malformed.text)).toThrow();

    sim.server.faults.inject({ kind: 'empty' }, { method: 'GET' });
    const empty = await call(sim, '/api/v1/executions');
    expect(empty.status).toBe(200);
    expect(empty.text).toBe('');
    expect(sim.server.faults.pending()).toBe(0);
  });

  it('counts requests by template and concrete path, unauthorized ones included', async () => {
    const { sim } = await startSimulator();
    const tree = sim.addExecutionTree({});
    await call(sim, `/api/v1/executions/${tree.id}`);
    await call(sim, `/api/v1/executions/${tree.id}`, { authorization: null });
    await call(sim, '/api/v1/executions?pageSize=5');
    await call(sim, `/api/v1/executions/nestings?executionId=${tree.id}`);
    expect(sim.server.counters.count('GET', '/api/v1/executions/:id')).toBe(2);
    expect(sim.server.counters.count('GET', `/api/v1/executions/${tree.id}`)).toBe(2);
    expect(sim.server.counters.count('GET', '/api/v1/executions')).toBe(1);
    expect(sim.server.counters.count('GET', '/api/v1/executions/nestings')).toBe(1);
    expect(sim.server.counters.total()).toBe(4);
  });
});
