import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { executionGlobalId } from '../../../src/model/global-id.js';
import { startGatewayHarness } from '../../helpers/gateway-harness.js';
import { flowsKey, startFlowsStack, type FlowsStack } from '../../helpers/flows-stack.js';

let stack: FlowsStack;

const fields = `__typename id nativeId status nativeStatus isTerminal input output error { code message }
  createdAt updatedAt startedAt endedAt creditsUsed targetId parent { id } children { edges { cursor } }
  ... on FlowExecution { flowId retryOf { id } }`;

beforeAll(async () => {
  stack = await startFlowsStack();
});

afterAll(async () => {
  for (const text of [...stack.gateway.responses, ...stack.gateway.logs]) expect(text).not.toContain(flowsKey);
  await stack.close();
});

beforeEach(() => {
  stack.simulator.server.faults.clear();
  stack.simulator.server.counters.reset();
});

function byNativeId(nativeId: string) {
  return stack.gateway.graphql<{ executionByNativeId: Record<string, unknown> | null }>(
    `query ($id: String!) { executionByNativeId(provider: "flows", nativeId: $id) { ${fields} } }`,
    { id: nativeId },
  );
}

describe('reading one execution', () => {
  it('reads the code form: +00:00 with 9 fractional digits, createdAt = startedAt, endedAt = completed_at, no updatedAt', async () => {
    const nativeId = stack.simulator.addExecution({
      flowId: 'text-summary-flow',
      status: 'completed',
      startedAt: '2025-01-01T00:00:00.123456789+00:00',
      completedAt: '2025-01-01T00:00:01.987654+00:00',
      inputPayload: { text: 'hello' },
      outputPayload: { summary: 'hi', big: 'x'.repeat(200_000) },
    });
    const response = await byNativeId(nativeId);
    expect(response.body.errors).toBeUndefined();
    const execution = response.body.data!.executionByNativeId!;
    expect(execution).toMatchObject({
      __typename: 'FlowExecution',
      id: executionGlobalId('flows', nativeId),
      nativeId,
      status: 'SUCCEEDED',
      nativeStatus: 'completed',
      isTerminal: true,
      input: { text: 'hello' },
      error: null,
      createdAt: '2025-01-01T00:00:00.123Z',
      startedAt: '2025-01-01T00:00:00.123Z',
      endedAt: '2025-01-01T00:00:01.987Z',
      updatedAt: null,
      creditsUsed: null,
      targetId: 'text-summary-flow',
      parent: null,
      children: { edges: [] },
      flowId: 'text-summary-flow',
      retryOf: null,
    });
    expect((execution.output as { big: string }).big).toHaveLength(200_000);
  });

  it('reads the docs form: Z timestamps and optional fields left out', async () => {
    const nativeId = stack.simulator.addExecution({
      executionId: 'exec-456',
      flowId: 'flow-123',
      status: 'running',
      startedAt: '2025-01-01T00:00:00Z',
      completedAt: null,
      omitNullFields: true,
    });
    expect((await byNativeId(nativeId)).body.data!.executionByNativeId).toMatchObject({
      nativeId: 'exec-456',
      status: 'RUNNING',
      isTerminal: false,
      createdAt: '2025-01-01T00:00:00.000Z',
      endedAt: null,
      output: null,
      error: null,
    });
  });

  it('reads ids of any form through one encoded path segment', async () => {
    for (const executionId of ['exécution ✨ 1', 'a/b?c#d', '客户-同步']) {
      stack.simulator.addExecution({ executionId, flowId: 'résumé-flow' });
      const response = await byNativeId(executionId);
      expect(response.body.data!.executionByNativeId, executionId).toMatchObject({ nativeId: executionId, flowId: 'résumé-flow' });
      const node = await stack.gateway.graphql<{ node: { nativeId: string } }>(`query ($id: ID!) { node(id: $id) { ... on FlowExecution { nativeId } } }`, {
        id: executionGlobalId('flows', executionId),
      });
      expect(node.body.data!.node.nativeId).toBe(executionId);
    }
  });

  it('answers null for an unknown id (an empty 404) and for one that cannot be a path segment, the latter without a call', async () => {
    expect((await byNativeId('0badc0de-0000-4000-8000-000000000000')).body).toEqual({ data: { executionByNativeId: null } });
    expect(stack.simulator.server.counters.count('GET', '/api/v1/executions/:execution_id')).toBe(1);
    for (const nativeId of ['..', 'line\nbreak', 'x'.repeat(2000)]) {
      expect((await byNativeId(nativeId)).body).toEqual({ data: { executionByNativeId: null } });
    }
    expect(stack.simulator.server.counters.total()).toBe(1);
  });

  it('maps a failed record to FAILED with {code: null, message: error}', async () => {
    const nativeId = stack.simulator.addExecution({ flowId: 'f', status: 'failed', error: 'Brick execution error: HubSpot contact not found' });
    expect((await byNativeId(nativeId)).body.data!.executionByNativeId).toMatchObject({
      status: 'FAILED',
      error: { code: null, message: 'Brick execution error: HubSpot contact not found' },
    });
  });

  it('sends the key as a Bearer token: a key FlowMason refuses (empty 401) is UPSTREAM_ERROR, not the client’s problem', async () => {
    const wrong = await startGatewayHarness({
      providers: [{ name: 'flows', kind: 'flows', baseUrl: stack.simulator.url, apiKey: 'fm_wrong_key_123456', timeoutMs: 600 }],
    });
    try {
      const nativeId = stack.simulator.addExecution({ flowId: 'f' });
      const response = await wrong.graphql<{ executionByNativeId: unknown }>(
        `query ($id: String!) { executionByNativeId(provider: "flows", nativeId: $id) { id } }`,
        { id: nativeId },
      );
      expect(response.body.errors?.[0]?.extensions).toEqual({ code: 'UPSTREAM_ERROR', provider: 'flows', httpStatus: 401 });
      expect(response.body.errors?.[0]?.message).toMatch(/credentials/);
    } finally {
      await wrong.close();
    }
  });
});
