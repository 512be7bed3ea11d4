import { afterAll, beforeAll, expect, it } from 'vitest';
import { executionGlobalId } from '../../src/model/global-id.js';
import { startAirOpsStack, type AirOpsStack } from '../helpers/airops-stack.js';
import { createLiveClient, type Transport } from '../helpers/live-clients.js';
import { ScriptedProvider, scriptedRecord } from '../helpers/scripted-provider.js';

let stack: AirOpsStack;
let scripted: ScriptedProvider;

beforeAll(async () => {
  stack = await startAirOpsStack({
    config: { polling: { intervalMs: 30, maxIntervalMs: 30 } },
    harness: {
      extraProviders: () => {
        scripted = new ScriptedProvider('scripted');
        return [scripted];
      },
    },
  });
});

afterAll(() => stack.close());

type Update = { executionUpdated: { status: string; parent: { nativeId: string; status: string } | null } };

it.each<Transport>(['sse', 'ws'])('resolves each event with fresh loaders over %s: nested fields are read again, never from an earlier event', async (transport) => {
  const child = `child-${transport}`;
  const parent = `parent-${transport}`;
  scripted.set(scriptedRecord('scripted', parent, { status: 'RUNNING' }));
  scripted.set(scriptedRecord('scripted', child, { status: 'PENDING', parentNativeId: parent }));
  const client = createLiveClient(transport, stack.gateway.url);
  const subscription = client.subscribe<Update>(
    `subscription ($id: ID!) { executionUpdated(id: $id) { status parent { nativeId status } } }`,
    { id: executionGlobalId('scripted', child) },
  );
  await subscription.waitForResults(1);
  const parentReadsAfterFirst = scripted.readsOf(parent);
  expect(parentReadsAfterFirst).toBe(1);

  scripted.set(scriptedRecord('scripted', parent, { status: 'NEEDS_REVIEW' }));
  scripted.set(scriptedRecord('scripted', child, { status: 'RUNNING', parentNativeId: parent, updatedAt: '2026-01-15T12:00:01.000Z' }));
  await subscription.waitForResults(2);
  scripted.set(scriptedRecord('scripted', child, { status: 'SUCCEEDED', parentNativeId: parent, updatedAt: '2026-01-15T12:00:02.000Z' }));
  const results = await subscription.waitForCompletion();
  expect(results.map((result) => result.data!.executionUpdated)).toEqual([
    { status: 'PENDING', parent: { nativeId: parent, status: 'RUNNING' } },
    { status: 'RUNNING', parent: { nativeId: parent, status: 'NEEDS_REVIEW' } },
    { status: 'SUCCEEDED', parent: { nativeId: parent, status: 'NEEDS_REVIEW' } },
  ]);
  // One read of the parent per event; the execution itself only by the poller.
  expect(scripted.readsOf(parent)).toBe(3);
  await client.close();
});
