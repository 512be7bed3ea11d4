import { describe, expect, it } from 'vitest';
import { mineDetail } from '../../../src/providers/nested/nested-detail.js';
import { mapZaiaStatus, toNestedRecord } from '../../../src/providers/nested/nested-mapping.js';
import { walkNesting } from '../../../src/providers/nested/nested-nestings.js';
import type { NestedNestingWire } from '../../../src/providers/nested/nested-api.js';

const ended = '2026-01-15T12:00:00.000Z';

function wire(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    createdAt: '2026-01-15T11:00:00.123456789+05:30',
    id: '11111111-1111-4111-8111-111111111111',
    updatedAt: '2026-01-15T11:00:01Z',
    creditsUsed: 1.25,
    detail: { input: { q: 1 }, output: { a: 2 } },
    endedAt: null,
    isAgentic: true,
    isPurged: false,
    parentId: null,
    responderId: 'a3c1e2f4-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
    startedAt: '2026-01-15T11:00:00Z',
    status: 'running',
    workspaceId: 'e4f5a6b7-c8d9-4e0f-a1b2-c3d4e5f6a7b8',
    ...overrides,
  };
}

describe('Zaia status mapping (open string, A16)', () => {
  it.each([
    ['pending', 'PENDING', false],
    ['QUEUED', 'PENDING', false],
    ['Running', 'RUNNING', false],
    ['processing', 'RUNNING', false],
    ['waiting', 'NEEDS_REVIEW', false],
    ['waiting_for_input', 'NEEDS_REVIEW', false],
    ['Awaiting-Approval', 'NEEDS_REVIEW', false],
    [' completed ', 'SUCCEEDED', true],
    ['success', 'SUCCEEDED', true],
    ['succeeded', 'SUCCEEDED', true],
    ['finished', 'SUCCEEDED', true],
    ['failed', 'FAILED', true],
    ['error', 'FAILED', true],
    ['timeout', 'FAILED', true],
    ['cancelled', 'CANCELLED', true],
    ['canceled', 'CANCELLED', true],
    ['aborted', 'CANCELLED', true],
    ['stopped', 'CANCELLED', true],
  ] as const)('maps %j to %s', (native, status, isTerminal) => {
    expect(mapZaiaStatus(native, null)).toEqual({ status, nativeStatus: native, isTerminal });
  });

  it('keeps a waiting status open even with an end time, and the table wins over the end time', () => {
    expect(mapZaiaStatus('waiting_for_input', ended)).toMatchObject({ status: 'NEEDS_REVIEW', isTerminal: false });
    expect(mapZaiaStatus('running', ended)).toMatchObject({ status: 'RUNNING', isTerminal: false });
    expect(mapZaiaStatus('completed', null)).toMatchObject({ status: 'SUCCEEDED', isTerminal: true });
  });

  it('maps anything else to UNKNOWN, terminal exactly when an end time is reported', () => {
    expect(mapZaiaStatus('archived_by_policy', ended)).toEqual({ status: 'UNKNOWN', nativeStatus: 'archived_by_policy', isTerminal: true });
    expect(mapZaiaStatus('on_hold', null)).toEqual({ status: 'UNKNOWN', nativeStatus: 'on_hold', isTerminal: false });
    expect(mapZaiaStatus('', null)).toMatchObject({ status: 'UNKNOWN', nativeStatus: '' });
    expect(mapZaiaStatus(7, ended)).toMatchObject({ status: 'UNKNOWN', nativeStatus: '7', isTerminal: true });
    expect(mapZaiaStatus('unwaiting', null).status).toBe('UNKNOWN');
  });
});

describe('Zaia detail mining (A15)', () => {
  it('reads input and output of the {input, output} variant, and an error beside or inside output', () => {
    expect(mineDetail({ input: { q: 1 }, output: { a: 2 } }, false)).toEqual({ kind: 'input-output', input: { q: 1 }, output: { a: 2 }, error: null });
    expect(mineDetail({ input: { q: 1 }, output: { error: 'boom' } }, false).error).toEqual({ value: 'boom' });
    expect(mineDetail({ input: { q: 1 }, error: { code: 'X' } }, false).error).toEqual({ value: { code: 'X' } });
    expect(mineDetail({ output: 'only output' }, false)).toMatchObject({ kind: 'input-output', input: null, output: 'only output' });
  });

  it('reads a tool call: arguments in, result out', () => {
    const detail = { toolCall: { id: 'c1', name: 'lookup', arguments: { order: 4521 } }, result: { status: 'ok' } };
    expect(mineDetail(detail, false)).toEqual({ kind: 'tool-call', input: { order: 4521 }, output: { status: 'ok' }, error: null });
    expect(mineDetail({ toolCall: { id: 'c1', name: 'x' }, result: null, error: 504 }, false)).toEqual({
      kind: 'tool-call',
      input: { id: 'c1', name: 'x' },
      output: null,
      error: { value: 504 },
    });
  });

  it('reads a conversation: the closing assistant message is the output', () => {
    const user = { role: 'user', content: 'Olá 👋' };
    const reply = { role: 'assistant', content: 'Oi!' };
    expect(mineDetail({ messages: [user, reply] }, false)).toEqual({ kind: 'messages', input: [user], output: reply, error: null });
    expect(mineDetail({ messages: [user] }, false)).toEqual({ kind: 'messages', input: [user], output: null, error: null });
    expect(mineDetail({ messages: [user], error: 'modelo sobrecarregado' }, false).error).toEqual({ value: 'modelo sobrecarregado' });
  });

  it('keeps any other shape opaque', () => {
    for (const detail of [null, 'text', 42, [1, 2], {}, { something: 'else' }, { messages: 'not a list' }]) {
      expect(mineDetail(detail, false), JSON.stringify(detail)).toMatchObject({ kind: 'other', input: null, output: null });
    }
  });

  it('reads nothing from a purged detail, whatever skeleton is left', () => {
    expect(mineDetail({ input: {}, output: {} }, true)).toEqual({ kind: 'input-output', input: null, output: null, error: null });
    expect(mineDetail({}, true)).toEqual({ kind: 'other', input: null, output: null, error: null });
  });
});

describe('Zaia record mapping', () => {
  it('fills the common model and the nested details', () => {
    const record = toNestedRecord(wire(), { provider: 'zaia' });
    expect(record).toMatchObject({
      kind: 'nested',
      provider: 'zaia',
      nativeId: '11111111-1111-4111-8111-111111111111',
      status: 'RUNNING',
      isTerminal: false,
      input: { q: 1 },
      output: { a: 2 },
      error: null,
      createdAt: '2026-01-15T05:30:00.123Z',
      updatedAt: '2026-01-15T11:00:01.000Z',
      startedAt: '2026-01-15T11:00:00.000Z',
      endedAt: null,
      creditsUsed: 1.25,
      targetId: 'a3c1e2f4-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
      parentNativeId: null,
      details: {
        responderId: 'a3c1e2f4-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
        isAgentic: true,
        isPurged: false,
        detailKind: 'input-output',
        workspaceId: 'e4f5a6b7-c8d9-4e0f-a1b2-c3d4e5f6a7b8',
        chatMessageId: null,
      },
    });
  });

  it('derives an error from a detail error of any JSON type, and says so when a failure has none', () => {
    const failed = (error: unknown) => toNestedRecord(wire({ status: 'failed', endedAt: ended, detail: { input: {}, output: { error } } }), { provider: 'zaia' }).error;
    expect(failed('Tempo esgotado ⏱️')).toEqual({ code: null, message: 'Tempo esgotado ⏱️', details: 'Tempo esgotado ⏱️' });
    expect(failed({ code: 'UPSTREAM_TIMEOUT', message: 'no stock answer' })).toMatchObject({ code: 'UPSTREAM_TIMEOUT', message: 'no stock answer' });
    expect(failed({ seconds: 300 })).toMatchObject({ code: null, message: '{"seconds":300}', details: { seconds: 300 } });
    expect(failed([1, 'x'])).toMatchObject({ message: '[1,"x"]' });
    expect(failed(504)).toMatchObject({ message: '504' });
    expect(failed(false)).toMatchObject({ message: 'false' });
    expect(failed(null)).toEqual({ code: null, message: 'Execution failed (Zaia reported no error detail)', details: null });
    expect(failed('x'.repeat(5000))!.message).toHaveLength(4001);
  });

  it('keeps a purged record and its status, without content', () => {
    const record = toNestedRecord(wire({ status: 'failed', endedAt: ended, isPurged: true, detail: {} }), { provider: 'zaia' });
    expect(record).toMatchObject({ status: 'FAILED', input: null, output: null, details: { isPurged: true, detail: {} } });
    expect(record.error!.message).toMatch(/purged/);
  });

  it('tolerates odd values: numeric ids, missing createdAt, string credits, missing flags', () => {
    const record = toNestedRecord(wire({ id: 42, createdAt: undefined, creditsUsed: '0.5', isAgentic: undefined, responderId: 'responder:ágata/β-legacy' }), {
      provider: 'zaia',
    });
    expect(record).toMatchObject({ nativeId: '42', createdAt: '2026-01-15T11:00:00.000Z', creditsUsed: 0.5, details: { isAgentic: false, responderId: 'responder:ágata/β-legacy' } });
  });

  it('rejects what cannot be an execution with UPSTREAM_ERROR, naming no body', () => {
    expect(() => toNestedRecord(wire({ id: undefined }), { provider: 'zaia' })).toThrow(/without an id/);
    expect(() => toNestedRecord(wire({ createdAt: 'soon', startedAt: null, updatedAt: null }), { provider: 'zaia' })).toThrow(/createdAt/);
  });
});

describe('walking a nestings answer', () => {
  const node = (id: string, parentId: string | null | undefined, children?: unknown[]): NestedNestingWire => ({
    id,
    ...(parentId === undefined ? {} : { parentId }),
    ...(children ? { children } : {}),
  });

  it('lists descendants in preorder with their depth and parent', () => {
    const answer = node('r', null, [node('a', 'r', [node('a1', 'a', [])]), node('b', 'r')]);
    const walk = walkNesting(answer, 'r', 10);
    expect(walk.descendants.map((entry) => [entry.wire.id, entry.depth, entry.parentId])).toEqual([
      ['a', 1, 'r'],
      ['a1', 2, 'a'],
      ['b', 1, 'r'],
    ]);
    expect(walk).toMatchObject({ dropped: 0, truncated: false });
  });

  it('stops at the depth cap', () => {
    let chain = node('n12', 'n11');
    for (let level = 11; level >= 1; level--) chain = node(`n${level}`, level === 1 ? 'r' : `n${level - 1}`, [chain]);
    const walk = walkNesting(node('r', null, [chain]), 'r', 10);
    expect(walk.descendants.map((entry) => entry.wire.id)).toEqual(Array.from({ length: 10 }, (_, index) => `n${index + 1}`));
    expect(walk.truncated).toBe(true);
    expect(walkNesting(node('r', null, [chain]), 'r', 1).descendants.map((entry) => entry.wire.id)).toEqual(['n1']);
  });

  it('guards cycles and duplicates, and drops a child whose parentId contradicts its place', () => {
    const loop = node('R', null, [node('a', 'r')]);
    const answer = node('r', null, [node('a', 'r', [loop, node('a', 'a'), node('x', 'somewhere-else'), node('y', null), 'junk', { parentId: 'a' }]), node('a', 'r')]);
    const walk = walkNesting(answer, 'r', 10);
    expect(walk.descendants.map((entry) => entry.wire.id)).toEqual(['a']);
    expect(walk.dropped).toBe(7);
  });

  it('takes a child without parentId as a child of where it is listed, and ids case-insensitively', () => {
    const walk = walkNesting(node('ABC', null, [node('def', undefined), node('ghi', 'abc')]), 'ABC', 10);
    expect(walk.descendants.map((entry) => [entry.wire.id, entry.parentId])).toEqual([
      ['def', 'ABC'],
      ['ghi', 'abc'],
    ]);
  });
});
