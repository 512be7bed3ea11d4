import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId, executionGlobalId } from '../../src/model/global-id.js';
import { startAirOpsStack, type AirOpsStack } from '../helpers/airops-stack.js';
import { createLiveClient, until, type LiveClient, type LiveResult, type Transport } from '../helpers/live-clients.js';
import { readProviderLiveStats } from '../helpers/live-stats.js';

const executionUpdated = `subscription ($id: ID!) {
  executionUpdated(id: $id) { id nativeId status nativeStatus isTerminal output error { code message } updatedAt ... on AirOpsExecution { feedback } }
}`;
const executionsUpdated = `subscription ($ids: [ID!]!) { executionsUpdated(ids: $ids) { id nativeId status output } }`;

type Update = { id: string; nativeId: string; status: string; output: unknown; updatedAt?: string | null };

let stack: AirOpsStack;
let app: number;

beforeAll(async () => {
  stack = await startAirOpsStack({ config: { polling: { intervalMs: 40, maxIntervalMs: 160 } } });
  app = stack.simulator.addApp({ name: 'live' }).id;
});

afterAll(() => stack.close());

const idOf = (uuid: string) => executionGlobalId('airops', uuid);
const statuses = (results: LiveResult<{ executionUpdated: Update }>[]) => results.map((result) => result.data?.executionUpdated.status);

/** Waits until the poller has made `rounds` more poll rounds for AirOps: "ticks", counted, not timed. */
async function waitForRounds(rounds: number): Promise<void> {
  const start = (await readProviderLiveStats(stack.gateway, 'airops')).pollRounds;
  await until(async () => (await readProviderLiveStats(stack.gateway, 'airops')).pollRounds >= start + rounds, `${rounds} poll rounds`);
}

describe.each<Transport>(['sse', 'ws'])('AirOps live status over %s', (transport) => {
  let client: LiveClient;

  beforeAll(() => {
    client = createLiveClient(transport, stack.gateway.url);
  });

  afterAll(() => client.close());

  it('sends the current state first, then one event per change, and completes after the terminal state', async () => {
    const wire = stack.simulator.addExecution({ app, run: { outcome: 'success', pendingMs: 1000, runningMs: 1000, output: { answer: 42 } } });
    const subscription = client.subscribe<{ executionUpdated: Update }>(executionUpdated, { id: idOf(wire.uuid) });
    const [first] = await subscription.waitForResults(1);
    expect(first).toEqual({
      data: {
        executionUpdated: expect.objectContaining({ id: idOf(wire.uuid), nativeId: wire.uuid, status: 'PENDING', isTerminal: false, output: null }),
      },
    });

    // Nothing changes upstream for several ticks: no event.
    await waitForRounds(4);
    expect(subscription.results).toHaveLength(1);

    stack.clock.advance(1000);
    await subscription.waitForResults(2);
    await waitForRounds(3);
    expect(statuses(subscription.results)).toEqual(['PENDING', 'RUNNING']);

    stack.clock.advance(1000);
    const results = await subscription.waitForCompletion();
    expect(statuses(results)).toEqual(['PENDING', 'RUNNING', 'SUCCEEDED']);
    expect(results[2]!.data!.executionUpdated).toMatchObject({ isTerminal: true, output: { answer: 42 } });
    expect(subscription.transportError).toBeUndefined();
  });

  it('sends an event when only the output changes', async () => {
    const wire = stack.simulator.addExecution({ app, status: 'running', output: { progress: 1 } });
    const subscription = client.subscribe<{ executionUpdated: Update }>(executionUpdated, { id: idOf(wire.uuid) });
    await subscription.waitForResults(1);
    stack.simulator.forceStatus(wire.uuid, 'running', { output: { progress: 2 } });
    await subscription.waitForResults(2);
    expect(subscription.results.map((result) => result.data?.executionUpdated.output)).toEqual([{ progress: 1 }, { progress: 2 }]);
    stack.clock.advance(10);
    stack.simulator.forceStatus(wire.uuid, 'error', { errorCode: 'boom', errorMessage: 'it broke' });
    const results = await subscription.waitForCompletion();
    expect(results.at(-1)!.data!.executionUpdated).toMatchObject({ status: 'FAILED', error: { code: 'boom', message: 'it broke' } });
  });

  it('sends one event and completes for an execution that has already ended', async () => {
    const wire = stack.simulator.addExecution({ app, status: 'cancelled' });
    const subscription = client.subscribe<{ executionUpdated: Update }>(executionUpdated, { id: idOf(wire.uuid) });
    const results = await subscription.waitForCompletion();
    expect(statuses(results)).toEqual(['CANCELLED']);
  });

  it('follows a review that waits (NEEDS_REVIEW) until it is approved', async () => {
    const wire = stack.simulator.addExecution({ app, run: { outcome: 'review_needed', pendingMs: 10, runningMs: 10, afterReview: { outcome: 'success', runningMs: 1000 } } });
    stack.clock.advance(20);
    const subscription = client.subscribe<{ executionUpdated: Update }>(executionUpdated, { id: idOf(wire.uuid) });
    await subscription.waitForResults(1);
    expect(statuses(subscription.results)).toEqual(['NEEDS_REVIEW']);
    await waitForRounds(6);
    expect(subscription.results).toHaveLength(1);
    stack.simulator.approveReview(wire.uuid);
    stack.clock.advance(60_000);
    const results = await subscription.waitForCompletion();
    expect(statuses(results).at(-1)).toBe('SUCCEEDED');
    expect(statuses(results).slice(0, 1)).toEqual(['NEEDS_REVIEW']);
  });

  it('ends with NOT_FOUND for an id the upstream does not know, before any event', async () => {
    const subscription = client.subscribe(executionUpdated, { id: idOf('00000000-0000-4000-8000-000000000000') });
    const results = await subscription.waitForCompletion();
    expect(results).toHaveLength(1);
    expect(results[0]!.data ?? null).toBeNull();
    expect(results[0]!.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'NOT_FOUND' }) })]);
  });

  it('ends with NOT_FOUND for an id of an unknown provider or of another type, and BAD_USER_INPUT for a malformed one', async () => {
    const cases: [string, string][] = [
      [executionGlobalId('nowhere', '00000000-0000-4000-8000-000000000000'), 'NOT_FOUND'],
      [encodeGlobalId('Workflow', 'airops', 'x'), 'NOT_FOUND'],
      [executionGlobalId('airops', 'not-a-uuid'), 'NOT_FOUND'],
      ['%%%', 'BAD_USER_INPUT'],
    ];
    for (const [id, code] of cases) {
      const subscription = client.subscribe(executionUpdated, { id });
      const results = await subscription.waitForCompletion();
      expect(results).toHaveLength(1);
      expect(results[0]!.errors?.[0]?.extensions?.code).toBe(code);
    }
  });

  it('watches several executions: each current state first, in order, then changes; completes when all have ended', async () => {
    const slow = stack.simulator.addExecution({ app, run: { outcome: 'success', pendingMs: 1000, runningMs: 2000, output: { n: 1 } } });
    const fast = stack.simulator.addExecution({ app, run: { outcome: 'error', pendingMs: 1000, runningMs: 1000 } });
    const done = stack.simulator.addExecution({ app, status: 'success', output: { n: 3 } });
    const ids = [idOf(slow.uuid), idOf(fast.uuid), idOf(done.uuid), idOf(fast.uuid)];
    const subscription = client.subscribe<{ executionsUpdated: Update }>(executionsUpdated, { ids });
    await subscription.waitForResults(3);
    expect(subscription.results.map((result) => [result.data!.executionsUpdated.nativeId, result.data!.executionsUpdated.status])).toEqual([
      [slow.uuid, 'PENDING'],
      [fast.uuid, 'PENDING'],
      [done.uuid, 'SUCCEEDED'],
    ]);
    await waitForRounds(3);
    expect(subscription.completed).toBe(false);
    stack.clock.advance(1000);
    stack.clock.advance(1000);
    await until(() => subscription.results.some((result) => result.data?.executionsUpdated.status === 'FAILED'), 'the fast one failing');
    expect(subscription.completed).toBe(false);
    stack.clock.advance(1000);
    const results = await subscription.waitForCompletion();
    const of = (uuid: string) => results.filter((result) => result.data!.executionsUpdated.nativeId === uuid).map((result) => result.data!.executionsUpdated.status);
    expect(of(slow.uuid).at(-1)).toBe('SUCCEEDED');
    expect(of(fast.uuid).at(-1)).toBe('FAILED');
    expect(of(done.uuid)).toEqual(['SUCCEEDED']);
    for (const uuid of [slow.uuid, fast.uuid]) {
      const seen = of(uuid);
      expect(new Set(seen).size).toBe(seen.length);
    }
  });

  it('ends executionsUpdated with NOT_FOUND before any event when one id is unknown', async () => {
    const known = stack.simulator.addExecution({ app, status: 'running' });
    const subscription = client.subscribe(executionsUpdated, { ids: [idOf(known.uuid), idOf('00000000-0000-4000-8000-00000000dead')] });
    const results = await subscription.waitForCompletion();
    expect(results).toHaveLength(1);
    expect(results[0]!.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    await until(async () => (await readProviderLiveStats(stack.gateway, 'airops')).watchedExecutions === 0, 'no execution watched');
  });

  it('refuses more than 100 ids, or none, with BAD_USER_INPUT', async () => {
    const ids = Array.from({ length: 101 }, (_, index) => idOf(`00000000-0000-4000-8000-${String(index).padStart(12, '0')}`));
    for (const variables of [{ ids }, { ids: [] }]) {
      const subscription = client.subscribe(executionsUpdated, variables);
      const results = await subscription.waitForCompletion();
      expect(results[0]!.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});
