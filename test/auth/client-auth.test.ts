import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient } from 'graphql-ws';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { executionGlobalId } from '../../src/model/global-id.js';
import type { AiropsSimulator } from '../../src/simulators/airops/index.js';
import { startAirOpsStack, type AirOpsStack } from '../helpers/airops-stack.js';
import type { GatewayHarness } from '../helpers/gateway-harness.js';

const allKey = 'client-key-all-providers-0001';
const scopedKey = 'client-key-only-airops-b-0002';

let stack: AirOpsStack;
let simulator: AiropsSimulator;
let harness: GatewayHarness;
let executionUuid: string;
let appUuid: string;

beforeAll(async () => {
  stack = await startAirOpsStack({
    providerNames: ['airops-a', 'airops-b'],
    provider: { timeoutMs: 500 },
    config: { auth: { apiKeys: [{ key: { env: 'KEY_ALL' } }, { key: scopedKey, providers: ['airops-b'] }] } },
    harness: { env: { KEY_ALL: allKey } },
  });
  ({ simulator, gateway: harness } = stack);
  const app = simulator.addApp({ name: 'auth' });
  appUuid = app.uuid;
  executionUuid = simulator.addExecution({ app: app.id, status: 'success' }).uuid;
});

afterAll(async () => {
  await stack.close();
});

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe('client keys over HTTP', () => {
  it('answers 401 UNAUTHENTICATED without a key or with a wrong one', async () => {
    for (const headers of [{}, bearer('wrong-key'), { authorization: allKey }, { authorization: 'Basic abc' }]) {
      const response = await harness.graphql(`{ providers { name } }`, undefined, headers);
      expect(response.status).toBe(401);
      expect(response.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(response.body.data ?? null).toBeNull();
    }
  });

  it('serves a valid key, with the scheme matched case-insensitively', async () => {
    const response = await harness.graphql(`{ providers { name } }`, undefined, { authorization: `bearer ${allKey}` });
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({ providers: [{ name: 'airops-a' }, { name: 'airops-b' }] });
  });

  it('shows a scoped key only its providers and forbids the others', async () => {
    const providers = await harness.graphql(`{ providers { name } }`, undefined, bearer(scopedKey));
    expect(providers.body.data).toEqual({ providers: [{ name: 'airops-b' }] });

    const allowed = await harness.graphql(`query ($id: ID!) { execution(id: $id) { status } }`, { id: executionGlobalId('airops-b', executionUuid) }, bearer(scopedKey));
    expect(allowed.body.data).toEqual({ execution: { status: 'SUCCEEDED' } });

    const before = simulator.server.counters.total();
    const forbidden = await Promise.all([
      harness.graphql(`query ($id: ID!) { execution(id: $id) { status } }`, { id: executionGlobalId('airops-a', executionUuid) }, bearer(scopedKey)),
      harness.graphql(`query ($uuid: String!) { executionByNativeId(provider: "airops-a", nativeId: $uuid) { id } }`, { uuid: executionUuid }, bearer(scopedKey)),
      harness.graphql(`mutation ($id: ID!) { cancelExecution(id: $id) { id } }`, { id: executionGlobalId('airops-a', executionUuid) }, bearer(scopedKey)),
      harness.graphql(`mutation ($app: String!) { startExecution(input: { provider: "airops-a", target: $app, inputs: {} }) { id } }`, { app: appUuid }, bearer(scopedKey)),
    ]);
    for (const response of forbidden) {
      expect(response.body.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', provider: 'airops-a' });
    }
    expect(simulator.server.counters.total()).toBe(before);
  });

  it('loads the GraphiQL page without a key', async () => {
    const response = await request(harness.url, { headers: { accept: 'text/html' } });
    expect(response.statusCode).toBe(200);
    expect(await response.body.text()).toContain('<title>runql</title>');
  });
});

describe('client keys over SSE and WebSocket', () => {
  it('authenticates GraphQL over SSE from the Authorization header', async () => {
    const run = async (headers: Record<string, string>) => {
      const client = createSseClient({ url: harness.url, headers, retryAttempts: 0 });
      try {
        const results: unknown[] = [];
        for await (const result of client.iterate({ query: '{ providers { name } }' })) results.push(result);
        return results;
      } finally {
        client.dispose();
      }
    };
    await expect(run(bearer(scopedKey))).resolves.toEqual([{ data: { providers: [{ name: 'airops-b' }] } }]);
    await expect(run({})).rejects.toBeDefined();
  });

  it('authenticates GraphQL over WebSocket from connectionParams', async () => {
    const run = async (connectionParams: Record<string, unknown>) => {
      const client = createWsClient({ url: harness.url.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: true });
      try {
        const results: unknown[] = [];
        for await (const result of client.iterate({ query: '{ providers { name } }' })) results.push(result);
        return results;
      } catch (error) {
        return error;
      } finally {
        await client.dispose();
      }
    };
    expect(await run({ Authorization: `Bearer ${scopedKey}` })).toEqual([{ data: { providers: [{ name: 'airops-b' }] } }]);
    expect(await run({ authorization: `Bearer ${allKey}` })).toEqual([{ data: { providers: [{ name: 'airops-a' }, { name: 'airops-b' }] } }]);
    const denied = (await run({})) as { message?: string; extensions?: Record<string, unknown> }[];
    expect(denied[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
