import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executionGlobalId } from '../../src/model/global-id.js';
import type { AiropsSimulator } from '../../src/simulators/airops/index.js';
import { startAirOpsStack, type AirOpsStack } from '../helpers/airops-stack.js';
import type { GatewayHarness } from '../helpers/gateway-harness.js';
import { createLiveClient, until, type Transport } from '../helpers/live-clients.js';
import { readLiveStats } from '../helpers/live-stats.js';

const fullKey = 'client-key-all-0c4f';
const secondOnlyKey = 'client-key-second-77ae';

let stack: AirOpsStack;
let simulator: AiropsSimulator;
let gateway: GatewayHarness;
let hiddenUuid: string;
let hiddenId: string;
let visibleUuid: string;

/** Two providers over one AirOps simulator; one client key may see only the second. */
beforeAll(async () => {
  stack = await startAirOpsStack({
    simulator: { seed: 5 },
    providerNames: ['airops', 'second'],
    config: {
      polling: { intervalMs: 30, maxIntervalMs: 30 },
      auth: { apiKeys: [{ key: fullKey }, { key: secondOnlyKey, providers: ['second'] }] },
    },
  });
  ({ simulator, gateway } = stack);
  const app = simulator.addApp({ name: 'access' }).id;
  hiddenUuid = simulator.addExecution({ app, status: 'running' }).uuid;
  hiddenId = executionGlobalId('airops', hiddenUuid);
  visibleUuid = simulator.addExecution({ app, status: 'running' }).uuid;
});

afterAll(async () => {
  await stack.close();
});

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const executionsUpdated = `subscription ($ids: [ID!]!) { executionsUpdated(ids: $ids) { nativeId status } }`;

describe.each<Transport>(['sse', 'ws'])('subscriptions with client keys over %s', (transport) => {
  it('ends with FORBIDDEN before any event when one id belongs to a provider the key may not see, and watches nothing', async () => {
    // A visible execution nobody watched before: not a single read of it may happen.
    const fresh = simulator.addExecution({ app: simulator.apps()[0]!.id, status: 'running' }).uuid;
    const client = createLiveClient(transport, gateway.url, bearer(secondOnlyKey));
    const results = await client.subscribe(executionsUpdated, { ids: [executionGlobalId('second', fresh), hiddenId] }).waitForCompletion();
    expect(results).toHaveLength(1);
    expect(results[0]!.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', provider: 'airops' });
    await until(async () => (await readLiveStats(gateway, bearer(fullKey))).watchedExecutions === 0, 'nothing watched');
    expect(simulator.server.counters.count('GET', `/public_api/airops_apps/executions/${fresh}`)).toBe(0);
    await client.close();
  });

  it('serves what the key may see', async () => {
    const client = createLiveClient(transport, gateway.url, bearer(secondOnlyKey));
    const subscription = client.subscribe(executionsUpdated, { ids: [executionGlobalId('second', visibleUuid)] });
    await subscription.waitForResults(1);
    expect(subscription.results[0]!.data).toEqual({ executionsUpdated: { nativeId: visibleUuid, status: 'RUNNING' } });
    subscription.unsubscribe();
    await client.close();
  });
});

it('refuses a subscription without a client key', async () => {
  const client = createLiveClient('sse', gateway.url);
  const subscription = client.subscribe(executionsUpdated, { ids: [hiddenId] });
  await until(() => subscription.completed || subscription.transportError !== undefined, 'an answer');
  expect(subscription.results.every((result) => !result.data)).toBe(true);
  expect(simulator.server.counters.count('GET', `/public_api/airops_apps/executions/${hiddenUuid}`)).toBe(0);
  await client.close();
});

it('shows liveStats only for the providers a key may see', async () => {
  const stats = await readLiveStats(gateway, bearer(secondOnlyKey));
  expect(stats.providers.map((entry) => entry.provider)).toEqual(['second']);
  const all = await readLiveStats(gateway, bearer(fullKey));
  expect(all.providers.map((entry) => entry.provider)).toEqual(['airops', 'second']);
  const perProvider = await gateway.graphql<{ providers: { name: string; liveStats: { watchedExecutions: number } }[] }>(
    `{ providers { name liveStats { watchedExecutions executionPolls } } }`,
    undefined,
    bearer(secondOnlyKey),
  );
  expect(perProvider.body.data!.providers.map((provider) => provider.name)).toEqual(['second']);
  expect(perProvider.body.data!.providers[0]!.liveStats).toEqual({ watchedExecutions: expect.any(Number), executionPolls: expect.any(Number) });
});
