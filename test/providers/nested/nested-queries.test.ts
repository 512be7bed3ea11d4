import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executionGlobalId } from '../../../src/model/global-id.js';
import { fixedDetail, ioDetail, messageDetail, oddResponderId, toolCallDetail, type NestedDemoSeed } from '../../../src/simulators/nested/index.js';
import { startGatewayHarness } from '../../helpers/gateway-harness.js';
import { nestedKey, startNestedStack, type NestedStack } from '../../helpers/nested-stack.js';

const fields = `
  __typename id nativeId status nativeStatus isTerminal input output createdAt updatedAt startedAt endedAt creditsUsed targetId
  provider { name kind }
  error { code message }
  ... on NestedExecution { responderId isAgentic isPurged detail detailShape workspaceId chatMessageId parentId }
`;

let stack: NestedStack;
let seed: NestedDemoSeed;

beforeAll(async () => {
  // Reads here must reflect the simulator's clock at once, not the short cache of finished executions.
  stack = await startNestedStack({ config: { cache: { finishedTtlMs: 0 } } });
  seed = stack.simulator.seedDemo();
});

afterAll(async () => {
  // Secret hygiene over everything this file did.
  for (const text of [...stack.gateway.responses, ...stack.gateway.logs]) expect(text).not.toContain(nestedKey);
  await stack.close();
});

/** An RFC 3339 instant in ms, read independently of the gateway (fraction truncated to ms). */
function instant(text: string): number {
  return Date.parse(text.replace(/\.(\d{1,3})\d*/, (_match, digits: string) => `.${digits.padEnd(3, '0')}`));
}

async function byNativeId(nativeId: string): Promise<Record<string, unknown>> {
  const response = await stack.gateway.graphql<{ executionByNativeId: Record<string, unknown> | null }>(
    `query ($nativeId: String!) { executionByNativeId(provider: "zaia", nativeId: $nativeId) { ${fields} } }`,
    { nativeId },
  );
  expect(response.body.errors).toBeUndefined();
  return response.body.data!.executionByNativeId!;
}

describe('Zaia authentication', () => {
  it('sends the raw key in the authorization header, without Bearer', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const upstream = createServer((request, response) => {
      seen.push(request.headers);
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"code":"not-found","message":"x","name":"NotFoundError"}');
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const gateway = await startGatewayHarness({
      providers: [{ name: 'zaia', kind: 'nested', baseUrl: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`, apiKey: nestedKey, timeoutMs: 400 }],
    });
    try {
      const response = await gateway.graphql(`{ executionByNativeId(provider: "zaia", nativeId: "0badc0de-0000-4000-8000-000000000000") { id } }`);
      expect(response.body).toEqual({ data: { executionByNativeId: null } });
      expect(seen).toHaveLength(1);
      expect(seen[0]!.authorization).toBe(nestedKey);
    } finally {
      await gateway.close();
      await new Promise((resolve) => upstream.close(resolve));
    }
  });

  it('reads from a Zaia that rejects Bearer (the simulator default)', async () => {
    const execution = await byNativeId(seed.trees[0]!.id);
    expect(execution.__typename).toBe('NestedExecution');
  });
});

describe('Zaia statuses (an open string)', () => {
  const statuses: [string, string, boolean, { endedAt?: number | null }?][] = [
    ['queued', 'PENDING', false],
    ['processing', 'RUNNING', false],
    ['waiting_for_input', 'NEEDS_REVIEW', false],
    ['awaiting-approval', 'NEEDS_REVIEW', false],
    ['AWAITING_HUMAN', 'NEEDS_REVIEW', false],
    ['finished', 'SUCCEEDED', true],
    ['Succeeded', 'SUCCEEDED', true],
    ['timeout', 'FAILED', true],
    ['aborted', 'CANCELLED', true],
    ['stopped', 'CANCELLED', true],
    ['archived_by_policy', 'UNKNOWN', true, { endedAt: Date.parse('2026-01-15T11:59:00Z') }],
    ['on_hold', 'UNKNOWN', false, { endedAt: null }],
  ];

  it.each(statuses)('maps %s to %s (terminal: %s)', async (nativeStatus, status, isTerminal, options) => {
    const { id } = stack.simulator.addExecutionTree({ lifecycle: { pendingMs: 0, runningMs: Infinity } });
    stack.simulator.setStatus(id, nativeStatus, options ?? {});
    expect(await byNativeId(id)).toMatchObject({ status, nativeStatus, isTerminal });
  });

  it('reads the demo status zoo: unknown spellings terminal only with an end time', async () => {
    expect(await byNativeId(seed.unknownStatusIds.ended)).toMatchObject({ status: 'UNKNOWN', nativeStatus: 'archived_by_policy', isTerminal: true });
    const open = await byNativeId(seed.unknownStatusIds.open);
    expect(open).toMatchObject({ status: 'UNKNOWN', nativeStatus: 'on_hold', isTerminal: false, endedAt: null });
  });

  it('follows a lifecycle on the clock, with respelled statuses', async () => {
    const { id } = stack.simulator.addExecutionTree({
      lifecycle: { pendingMs: 1000, runningMs: 1000, pendingStatus: 'queued', runningStatus: 'processing', finalStatus: 'success', creditsUsed: 2.5 },
      detail: ioDetail({ q: 'x' }, { a: 'y' }),
    });
    expect(await byNativeId(id)).toMatchObject({ status: 'PENDING', nativeStatus: 'queued', endedAt: null, creditsUsed: 0, output: {} });
    stack.clock.advance(1000);
    expect(await byNativeId(id)).toMatchObject({ status: 'RUNNING', nativeStatus: 'processing' });
    stack.clock.advance(1000);
    expect(await byNativeId(id)).toMatchObject({ status: 'SUCCEEDED', isTerminal: true, creditsUsed: 2.5, output: { a: 'y' }, endedAt: expect.any(String) });
  });
});

describe('Zaia detail, mined for input and output', () => {
  it('reads each variant', async () => {
    const add = (detail: Parameters<typeof stack.simulator.addExecutionTree>[0]['detail']) =>
      stack.simulator.addExecutionTree({ lifecycle: { pendingMs: 0, runningMs: 0 }, detail }).id;
    const io = await byNativeId(add(ioDetail({ pergunta: 'Olá?' }, { resposta: 'Oi 👋' })));
    expect(io).toMatchObject({ detailShape: 'INPUT_OUTPUT', input: { pergunta: 'Olá?' }, output: { resposta: 'Oi 👋' }, detail: { input: { pergunta: 'Olá?' }, output: { resposta: 'Oi 👋' } } });

    const tool = await byNativeId(add(toolCallDetail({ id: 'call_9', name: 'lookup_order', arguments: { orderId: 4521 }, result: { carrier: 'Correios' } })));
    expect(tool).toMatchObject({ detailShape: 'TOOL_CALL', input: { orderId: 4521 }, output: { carrier: 'Correios' } });
    expect((tool.detail as { toolCall: { name: string } }).toolCall.name).toBe('lookup_order');

    const prompt = { role: 'user' as const, content: '¿Puedes resumir?' };
    const reply = { role: 'assistant' as const, content: 'Claro.' };
    expect(await byNativeId(add(messageDetail([prompt], reply)))).toMatchObject({ detailShape: 'MESSAGES', input: [prompt], output: reply });

    for (const odd of ['plain text', 42, ['a'], { something: 'else' }]) {
      const execution = await byNativeId(add(fixedDetail(odd)));
      expect(execution, JSON.stringify(odd)).toMatchObject({ detailShape: 'OTHER', input: null, output: null, detail: odd });
    }
  });

  it('turns a detail error of every JSON type into an error', async () => {
    const expectations: Record<keyof NestedDemoSeed['errorIds'], string> = {
      object: 'O serviço de estoque não respondeu',
      string: 'Tempo esgotado após 30 s ⏱️',
      number: '504',
      boolean: 'false',
      array: '[{"field":"email","issue":"inválido"},"fallback-sms-failed"]',
      null: 'Execution failed (Zaia reported no error detail)',
    };
    for (const [type, message] of Object.entries(expectations)) {
      const execution = await byNativeId(seed.errorIds[type as keyof NestedDemoSeed['errorIds']]);
      expect(execution.status, type).toBe('FAILED');
      expect((execution.error as { message: string }).message, type).toBe(message);
    }
    expect((await byNativeId(seed.errorIds.object)).error).toEqual({ code: 'UPSTREAM_TIMEOUT', message: 'O serviço de estoque não respondeu' });
  });

  it('serves a ~1 MB output intact', async () => {
    const execution = await byNativeId(seed.largeOutputId);
    const wire = stack.simulator.getExecution(seed.largeOutputId)!;
    expect(execution.output).toEqual((wire.detail as { output: unknown }).output);
    expect(Buffer.byteLength(JSON.stringify(execution.output))).toBeGreaterThan(1_000_000);
  });

  it('keeps purged records: status and tree stay, input and output are null', async () => {
    for (const id of seed.purgedIds) {
      const execution = await byNativeId(id);
      expect(execution, id).toMatchObject({ isPurged: true, input: null, output: null, detail: {}, isTerminal: true });
      expect(execution.status).not.toBe('UNKNOWN');
    }
    const [root, child] = seed.purgedIds;
    expect((await byNativeId(child!)).parentId).toBe(executionGlobalId('zaia', root!));
  });

  it('purges on the clock without changing the status', async () => {
    const { id } = stack.simulator.addExecutionTree({ lifecycle: { pendingMs: 0, runningMs: 100, outcome: 'failed', purgeAfterMs: 1000 }, detail: ioDetail({ cpf: '123' }, {}, { error: 'recusado' }) });
    stack.clock.advance(100);
    expect(await byNativeId(id)).toMatchObject({ status: 'FAILED', isPurged: false, input: { cpf: '123' }, error: { message: 'recusado' } });
    stack.clock.advance(1000);
    expect(await byNativeId(id)).toMatchObject({ status: 'FAILED', isPurged: true, input: null, output: null, error: { message: 'Execution failed (its detail was purged)' } });
  });
});

describe('Zaia execution fields', () => {
  it('exposes responder, workspace, agentic flag and credits, and timestamps in ISO UTC whatever the offset and digits', async () => {
    const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
    for (const tree of seed.trees) {
      for (const id of tree.ids) {
        const execution = await byNativeId(id);
        const wire = stack.simulator.getExecution(id)!;
        expect(execution).toMatchObject({
          nativeId: id,
          responderId: wire.responderId,
          targetId: wire.responderId,
          isAgentic: wire.isAgentic,
          workspaceId: wire.workspaceId,
          creditsUsed: wire.creditsUsed,
          provider: { name: 'zaia', kind: 'NESTED' },
        });
        for (const field of ['createdAt', 'updatedAt', 'startedAt'] as const) {
          expect(execution[field], field).toMatch(iso);
          expect(Date.parse(execution[field] as string), field).toBe(instant(wire[field]));
        }
        if (wire.endedAt !== null) expect(execution.endedAt).toMatch(iso);
      }
    }
  });

  it('reads an execution of a responder whose id is not a uuid', async () => {
    expect(await byNativeId(seed.oddResponderExecutionId)).toMatchObject({ responderId: oddResponderId, status: 'SUCCEEDED' });
  });

  it('answers node, execution and executionByNativeId with one stable global id', async () => {
    const nativeId = seed.trees[1]!.id;
    const id = executionGlobalId('zaia', nativeId);
    const response = await stack.gateway.graphql<Record<string, { id: string; __typename: string } | null>>(
      `query ($id: ID!, $nativeId: String!) {
        a: execution(id: $id) { id __typename }
        b: node(id: $id) { id __typename }
        c: executionByNativeId(provider: "zaia", nativeId: $nativeId) { id __typename }
      }`,
      { id, nativeId },
    );
    for (const alias of ['a', 'b', 'c']) expect(response.body.data![alias]).toEqual({ id, __typename: 'NestedExecution' });
  });

  it('answers null for an unknown id, and for a non-uuid without asking Zaia', async () => {
    stack.simulator.server.counters.reset();
    const response = await stack.gateway.graphql(
      `{ a: executionByNativeId(provider: "zaia", nativeId: "0badc0de-0000-4000-8000-000000000000") { id } b: executionByNativeId(provider: "zaia", nativeId: "exec-456") { id } }`,
    );
    expect(response.body).toEqual({ data: { a: null, b: null } });
    expect(stack.simulator.server.counters.total()).toBe(1);
  });

  it('answers null for a uuid Zaia refuses as an id (400: not a v4 uuid)', async () => {
    const response = await stack.gateway.graphql(`{ executionByNativeId(provider: "zaia", nativeId: "0badc0de-0000-1000-8000-000000000000") { id } }`);
    expect(response.body).toEqual({ data: { executionByNativeId: null } });
    expect(stack.simulator.server.counters.count('GET', '/api/v1/executions/0badc0de-0000-1000-8000-000000000000')).toBe(1);
  });

  it('lists the provider as read-only with children', async () => {
    const response = await stack.gateway.graphql(`{ providers { name kind capabilities } }`);
    expect(response.body.data).toEqual({ providers: [{ name: 'zaia', kind: 'NESTED', capabilities: ['children', 'get', 'list'] }] });
  });
});
