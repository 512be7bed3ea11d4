import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executionGlobalId } from '../../src/model/global-id.js';
import type { AiropsSimulator } from '../../src/simulators/airops/index.js';
import { startAirOpsStack, type AirOpsStack } from '../helpers/airops-stack.js';
import type { GatewayHarness } from '../helpers/gateway-harness.js';
import { createLiveClient, until, type LiveClient, type LiveSubscription } from '../helpers/live-clients.js';
import { ScriptedProvider, scriptedRecord } from '../helpers/scripted-provider.js';

const firstKey = 'shared-key-first-5a1c';
const secondKey = 'shared-key-second-77d0';
const narrowKey = 'shared-key-narrow-93be';

let stack: AirOpsStack;
let simulator: AiropsSimulator;
let scripted: ScriptedProvider;
let gateway: GatewayHarness;
let app: number;
const clients: LiveClient[] = [];

/** Two keys that see every provider (one scope), and one that sees only `airops` (another). */
beforeAll(async () => {
  stack = await startAirOpsStack({
    simulator: { seed: 23 },
    config: {
      polling: { intervalMs: 30, maxIntervalMs: 30 },
      auth: { apiKeys: [{ key: firstKey }, { key: secondKey }, { key: narrowKey, providers: ['airops'] }] },
    },
    harness: {
      extraProviders: () => {
        scripted = new ScriptedProvider('scripted');
        return [scripted];
      },
    },
  });
  ({ simulator, gateway } = stack);
  app = simulator.addApp({ name: 'shared' }).id;
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await stack.close();
});

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const executionUpdated = `subscription ($id: ID!) { executionUpdated(id: $id) { nativeId status output } }`;

interface EventCounts {
  eventResolutions: number;
  eventDeliveries: number;
}

async function eventCounts(provider: string): Promise<EventCounts> {
  const response = await gateway.graphql<{ liveStats: { providers: (EventCounts & { provider: string })[] } }>(
    `{ liveStats { providers { provider eventResolutions eventDeliveries } } }`,
    undefined,
    bearer(firstKey),
  );
  const entry = response.body.data!.liveStats.providers.find((candidate) => candidate.provider === provider);
  return { eventResolutions: entry?.eventResolutions ?? 0, eventDeliveries: entry?.eventDeliveries ?? 0 };
}

function sseClient(key: string): LiveClient {
  const client = createLiveClient('sse', gateway.url, bearer(key));
  clients.push(client);
  return client;
}

/** Changes the execution's output `times` times, each once every subscription has seen the one before. */
async function changeOutput(uuid: string, subscriptions: LiveSubscription[], times: number): Promise<void> {
  for (let step = 1; step <= times; step++) {
    const seen = subscriptions.map((subscription) => subscription.results.length);
    simulator.forceStatus(uuid, 'running', { output: { step } });
    await Promise.all(subscriptions.map((subscription, index) => subscription.waitForResults(seen[index]! + 1)));
  }
}

describe('one resolution per event, shared by the SSE subscribers of one scope', () => {
  it('resolves each event once for 20 subscribers with the same document, variables and key scope', async () => {
    const uuid = simulator.addExecution({ app, status: 'running', output: { step: 0 } }).uuid;
    const subscriptions = Array.from({ length: 20 }, (_, index) =>
      sseClient(index % 2 === 0 ? firstKey : secondKey).subscribe(executionUpdated, { id: executionGlobalId('airops', uuid) }),
    );
    await Promise.all(subscriptions.map((subscription) => subscription.waitForResults(1)));

    const before = await eventCounts('airops');
    await changeOutput(uuid, subscriptions, 3);
    const after = await eventCounts('airops');

    expect(after.eventDeliveries - before.eventDeliveries).toBe(60);
    expect(after.eventResolutions - before.eventResolutions).toBe(3);
    for (const subscription of subscriptions) {
      expect(subscription.results.map((result) => (result.data as { executionUpdated: { output: unknown } }).executionUpdated.output)).toEqual([
        { step: 0 },
        { step: 1 },
        { step: 2 },
        { step: 3 },
      ]);
    }
    for (const subscription of subscriptions) subscription.unsubscribe();
  });

  it('resolves separately for subscribers whose keys see other providers, or whose document or variables differ', async () => {
    const uuid = simulator.addExecution({ app, status: 'running', output: { step: 0 } }).uuid;
    const id = executionGlobalId('airops', uuid);
    const executionsUpdated = `subscription ($ids: [ID!]!) { executionsUpdated(ids: $ids) { nativeId status output } }`;
    const group = (key: string, query: string, variables: Record<string, unknown>) => Array.from({ length: 4 }, () => sseClient(key).subscribe(query, variables));
    const subscriptions = [
      ...group(firstKey, executionUpdated, { id }),
      ...group(narrowKey, executionUpdated, { id }),
      ...group(firstKey, executionsUpdated, { ids: [id] }),
      // The same single watch (a repeated id is watched once), named in other variables.
      ...group(firstKey, executionsUpdated, { ids: [id, id] }),
    ];
    await Promise.all(subscriptions.map((subscription) => subscription.waitForResults(1)));

    const before = await eventCounts('airops');
    await changeOutput(uuid, subscriptions, 2);
    const after = await eventCounts('airops');

    expect(after.eventDeliveries - before.eventDeliveries).toBe(32);
    expect(after.eventResolutions - before.eventResolutions).toBe(8);
    for (const subscription of subscriptions) subscription.unsubscribe();
  });

  it('reads nested fields once per event for all subscribers, afresh at every event', async () => {
    scripted.set(scriptedRecord('scripted', 'parent', { status: 'RUNNING' }));
    scripted.set(scriptedRecord('scripted', 'child', { status: 'PENDING', parentNativeId: 'parent' }));
    const query = `subscription ($id: ID!) { executionUpdated(id: $id) { status parent { status } } }`;
    const subscriptions = Array.from({ length: 10 }, () => sseClient(firstKey).subscribe(query, { id: executionGlobalId('scripted', 'child') }));
    await Promise.all(subscriptions.map((subscription) => subscription.waitForResults(1)));

    const readsBefore = scripted.readsOf('parent');
    scripted.set(scriptedRecord('scripted', 'parent', { status: 'NEEDS_REVIEW' }));
    scripted.set(scriptedRecord('scripted', 'child', { status: 'RUNNING', parentNativeId: 'parent', updatedAt: '2026-01-15T12:00:01.000Z' }));
    await Promise.all(subscriptions.map((subscription) => subscription.waitForResults(2)));
    scripted.set(scriptedRecord('scripted', 'child', { status: 'SUCCEEDED', parentNativeId: 'parent', updatedAt: '2026-01-15T12:00:02.000Z' }));
    const results = await Promise.all(subscriptions.map((subscription) => subscription.waitForCompletion()));

    expect(scripted.readsOf('parent') - readsBefore).toBe(2);
    for (const received of results) {
      expect(received.map((result) => result.data)).toEqual([
        { executionUpdated: { status: 'PENDING', parent: { status: 'RUNNING' } } },
        { executionUpdated: { status: 'RUNNING', parent: { status: 'NEEDS_REVIEW' } } },
        { executionUpdated: { status: 'SUCCEEDED', parent: { status: 'NEEDS_REVIEW' } } },
      ]);
    }
  });

  it('keeps delivering to the others when subscribers of a shared scope leave', async () => {
    const uuid = simulator.addExecution({ app, status: 'running', output: { step: 0 } }).uuid;
    const subscriptions = Array.from({ length: 6 }, () => sseClient(firstKey).subscribe(executionUpdated, { id: executionGlobalId('airops', uuid) }));
    await Promise.all(subscriptions.map((subscription) => subscription.waitForResults(1)));
    const open = gateway.server.eventStreams.openSubscriptions;
    for (const subscription of subscriptions.slice(0, 3)) subscription.unsubscribe();
    await until(() => gateway.server.eventStreams.openSubscriptions <= open - 3, 'three streams closed');

    await changeOutput(uuid, subscriptions.slice(3), 2);
    for (const subscription of subscriptions.slice(3)) expect(subscription.results).toHaveLength(3);
    for (const subscription of subscriptions.slice(0, 3)) expect(subscription.results).toHaveLength(1);
    for (const subscription of subscriptions.slice(3)) subscription.unsubscribe();
  });
});
