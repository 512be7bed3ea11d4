import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executionGlobalId } from '../../../src/model/global-id.js';
import type { DemoSeed } from '../../../src/simulators/airops/index.js';
import { startAirOpsStack, type AirOpsStack } from '../../helpers/airops-stack.js';

const executionFields = `
  id nativeId status nativeStatus isTerminal input output createdAt updatedAt startedAt endedAt creditsUsed
  provider { name kind }
  error { code message }
  parent { id }
  children(first: 5) { edges { node { id } } pageInfo { hasNextPage endCursor } }
  ... on AirOpsExecution { numericId feedback conversationId appVersionId workspaceId source runtime errorCode errorPayload appId }
`;

let stack: AirOpsStack;
let seed: DemoSeed;
let app: number;

beforeAll(async () => {
  stack = await startAirOpsStack();
  seed = stack.simulator.seedDemo();
  app = stack.simulator.addApp({ name: 'status-matrix' }).id;
});

afterAll(() => stack.close());

async function byNativeId(uuid: string) {
  const response = await stack.gateway.graphql<{ executionByNativeId: Record<string, unknown> | null }>(
    `query ($nativeId: String!) { executionByNativeId(provider: "airops", nativeId: $nativeId) { ${executionFields} } }`,
    { nativeId: uuid },
  );
  expect(response.body.errors).toBeUndefined();
  return response.body.data!.executionByNativeId!;
}

describe('AirOps statuses', () => {
  it.each([
    ['pending', 'PENDING', false],
    ['running', 'RUNNING', false],
    ['review_needed', 'NEEDS_REVIEW', false],
    ['success', 'SUCCEEDED', true],
    ['error', 'FAILED', true],
    ['cancelled', 'CANCELLED', true],
    ['SUCCESS', 'SUCCEEDED', true],
    ['paused_by_admin', 'UNKNOWN', false],
  ])('maps native %s to %s (terminal: %s)', async (nativeStatus, status, isTerminal) => {
    const wire = stack.simulator.addExecution({ app, status: nativeStatus });
    const execution = await byNativeId(wire.uuid);
    expect(execution).toMatchObject({ status, nativeStatus, isTerminal });
  });

  it('follows a lifecycle as the upstream clock moves', async () => {
    const wire = stack.simulator.addExecution({ app, run: { outcome: 'success', pendingMs: 1000, runningMs: 1000, output: { answer: 42 } } });
    expect(await byNativeId(wire.uuid)).toMatchObject({ status: 'PENDING', output: null });
    stack.clock.advance(1000);
    expect(await byNativeId(wire.uuid)).toMatchObject({ status: 'RUNNING' });
    stack.clock.advance(1000);
    expect(await byNativeId(wire.uuid)).toMatchObject({ status: 'SUCCEEDED', isTerminal: true, output: { answer: 42 } });
  });
});

describe('AirOps fixtures the real service may send', () => {
  it('reads error_message of every JSON type', async () => {
    const cases = [
      [seed.fixtures.errorString, 'string'],
      [seed.fixtures.errorObject, 'object'],
      [seed.fixtures.errorArray, 'object'],
      [seed.fixtures.errorNumber, 'number'],
      [seed.fixtures.errorBoolean, 'boolean'],
    ] as const;
    for (const [uuid, type] of cases) {
      const execution = await byNativeId(uuid);
      expect(execution.status).toBe('FAILED');
      expect(typeof (execution.error as { message: string }).message).toBe('string');
      expect(typeof execution.errorPayload).toBe(type);
    }
    const withNull = await byNativeId(seed.fixtures.errorNull);
    expect(withNull.error).toMatchObject({ message: expect.any(String) });
    expect(withNull.errorPayload).toBeNull();
  });

  it('reads string and integer ids, conversation ids and unicode', async () => {
    const stringId = await byNativeId(seed.fixtures.stringId);
    expect(typeof stringId.numericId).toBe('string');
    const unicodeId = await byNativeId(seed.fixtures.unicodeId);
    expect(unicodeId.numericId).toMatch(/ü/);
    expect((await byNativeId(seed.fixtures.conversationInt)).conversationId).toMatch(/^\d+$/);
    expect(typeof (await byNativeId(seed.fixtures.conversationString)).conversationId).toBe('string');
    const unicode = await byNativeId(seed.fixtures.unicode);
    expect(JSON.stringify(unicode.input) + JSON.stringify(unicode.output)).toMatch(/[^\x00-\x7f]/);
  });

  it('serves a very large output', async () => {
    const execution = await byNativeId(seed.fixtures.largeOutput);
    expect(Buffer.byteLength(JSON.stringify(execution.output))).toBeGreaterThan(1_000_000);
    expect(execution.output).toEqual(stack.simulator.wireExecution(seed.fixtures.largeOutput)!.output);
  });

  it('normalizes every timestamp of every seeded execution to ISO UTC with milliseconds', async () => {
    for (const uuid of seed.executions) {
      const execution = await byNativeId(uuid);
      expect(execution.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(execution.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(Date.parse(execution.createdAt as string)).toBe(Date.parse(stack.simulator.wireExecution(uuid)!.createdAt));
      expect(execution.startedAt).toBeNull();
      expect(execution.endedAt).toBeNull();
    }
  });

  it('reads AirOps-only fields', async () => {
    const execution = await byNativeId(seed.fixtures.withFeedback);
    const wire = stack.simulator.wireExecution(seed.fixtures.withFeedback)!;
    expect(execution.feedback).toBe(String(wire.feedback).toUpperCase());
    expect(execution.workspaceId).toBe(String(wire.workspace_id));
    expect(execution.runtime).toBe(wire.runtime);
    expect(execution.creditsUsed).toBe(wire.credits_used);
    expect(execution.parent).toBeNull();
    expect(execution.children).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  it('accepts the bare execution body as well as the wrapped one', async () => {
    for (const envelope of ['bare', 'wrapped'] as const) {
      stack.simulator.setEnvelope(envelope);
      const started = await stack.gateway.graphql<{ startExecution: { nativeId: string; status: string } }>(
        `mutation ($app: String!) { startExecution(input: { provider: "airops", target: $app, inputs: { topic: "envelopes" } }) { nativeId status } }`,
        { app: seed.apps.find((candidate) => candidate.published)!.uuid },
      );
      expect(started.body.errors).toBeUndefined();
      expect(started.body.data!.startExecution.nativeId).toHaveLength(36);
    }
    stack.simulator.setEnvelope('wrapped');
  });
});

describe('AirOps reads by id', () => {
  it('answers execution, node and executionByNativeId with the same stable global id', async () => {
    const uuid = seed.executions[3]!;
    const id = executionGlobalId('airops', uuid);
    const response = await stack.gateway.graphql<Record<string, { id: string; nativeId: string; __typename: string } | null>>(
      `query ($id: ID!, $uuid: String!) {
        a: execution(id: $id) { id nativeId __typename }
        b: node(id: $id) { id ... on Execution { nativeId } __typename }
        c: executionByNativeId(provider: "airops", nativeId: $uuid) { id nativeId __typename }
      }`,
      { id, uuid },
    );
    expect(response.body.errors).toBeUndefined();
    for (const alias of ['a', 'b', 'c']) {
      expect(response.body.data![alias]).toEqual({ id, nativeId: uuid, __typename: 'AirOpsExecution' });
    }
  });

  it('answers null for an unknown execution without failing the response', async () => {
    const response = await stack.gateway.graphql(
      `query ($id: ID!) { missing: execution(id: $id) { id } impossible: executionByNativeId(provider: "airops", nativeId: "22") { id } providers { name } }`,
      { id: executionGlobalId('airops', '00000000-0000-4000-8000-000000000000') },
    );
    expect(response.body).toEqual({ data: { missing: null, impossible: null, providers: [{ name: 'airops' }] } });
  });

  it('answers null for an id of a provider that is not configured', async () => {
    const response = await stack.gateway.graphql(`query ($id: ID!) { execution(id: $id) { id } }`, { id: executionGlobalId('gone', 'x') });
    expect(response.body).toEqual({ data: { execution: null } });
  });

  it('rejects a malformed id and an unknown provider name with BAD_USER_INPUT', async () => {
    const malformed = await stack.gateway.graphql(`{ execution(id: "not an id!") { id } }`);
    expect(malformed.status).toBe(200);
    expect(malformed.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const unknown = await stack.gateway.graphql(`{ executionByNativeId(provider: "nope", nativeId: "x") { id } }`);
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('lists the provider with its capabilities', async () => {
    const response = await stack.gateway.graphql(`{ providers { name kind capabilities } }`);
    expect(response.body.data).toEqual({
      providers: [{ name: 'airops', kind: 'AIROPS', capabilities: ['cancel', 'executeDefinition', 'get', 'rate', 'retry', 'start', 'webhookExecute'] }],
    });
  });
});
