import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { executionGlobalId } from '../../src/model/global-id.js';
import { rawSseSubscription, rawWebSocketSubscription } from '../helpers/abrupt-clients.js';
import { startAirOpsStack, type AirOpsStack } from '../helpers/airops-stack.js';
import { createLiveClient, until, type LiveClient, type LiveSubscription } from '../helpers/live-clients.js';
import { readProviderLiveStats } from '../helpers/live-stats.js';

const executionUpdated = `subscription ($id: ID!) { executionUpdated(id: $id) { id status output } }`;
const executionsUpdated = `subscription ($ids: [ID!]!) { executionsUpdated(ids: $ids) { nativeId status } }`;
const getTemplate = '/public_api/airops_apps/executions/:execution_uuid';
const listTemplate = '/public_api/airops_apps/:airops_app_id/executions';

type Update = { executionUpdated: { id: string; status: string; output: unknown } };

const idOf = (uuid: string) => executionGlobalId('airops', uuid);
const getPath = (uuid: string) => `/public_api/airops_apps/executions/${uuid}`;

function reads(stack: AirOpsStack, uuid: string): number {
  return stack.simulator.server.counters.count('GET', getPath(uuid));
}

/** Waits until `uuid` has been read `count` more times: a tick counter that is the upstream's, not the poller's. */
async function waitForReads(stack: AirOpsStack, uuid: string, count: number): Promise<void> {
  const start = reads(stack, uuid);
  await until(() => reads(stack, uuid) >= start + count, `${count} more reads of ${uuid}`);
}

async function waitForNothingWatched(stack: AirOpsStack): Promise<void> {
  await until(async () => (await readProviderLiveStats(stack.gateway, 'airops')).watchedExecutions === 0, 'no execution watched');
}

describe('one poll per tick, whatever the number of subscribers', () => {
  let stack: AirOpsStack;
  let app: number;
  const clients: LiveClient[] = [];

  beforeAll(async () => {
    // A fixed interval (no backoff), so two executions polled side by side see the same ticks.
    stack = await startAirOpsStack({ config: { polling: { intervalMs: 50, maxIntervalMs: 50 } } });
    app = stack.simulator.addApp({ name: 'crowd' }).id;
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await stack.close();
  });

  it('reads an execution watched by 200 subscribers (SSE and WebSocket) at most once per tick', async () => {
    const reference = stack.simulator.addExecution({ app, status: 'running' });
    const crowded = stack.simulator.addExecution({ app, status: 'running', output: { step: 1 } });
    const referenceClient = createLiveClient('sse', stack.gateway.url);
    clients.push(referenceClient);
    await referenceClient.subscribe(executionUpdated, { id: idOf(reference.uuid) }).waitForResults(1);

    const referenceBefore = reads(stack, reference.uuid);
    const subscriptions: LiveSubscription<Update>[] = [];
    const sse = createLiveClient('sse', stack.gateway.url);
    const webSockets = Array.from({ length: 4 }, () => createLiveClient('ws', stack.gateway.url));
    clients.push(sse, ...webSockets);
    for (let index = 0; index < 200; index++) {
      const client = index % 2 === 0 ? sse : webSockets[index % 4]!;
      subscriptions.push(client.subscribe<Update>(executionUpdated, { id: idOf(crowded.uuid) }));
    }
    await Promise.all(subscriptions.map((subscription) => subscription.waitForResults(1)));
    for (const subscription of subscriptions) {
      expect(subscription.results[0]!.data!.executionUpdated).toMatchObject({ status: 'RUNNING', output: { step: 1 } });
    }
    // The first events came from the shared poller: no read per subscriber.
    expect(reads(stack, crowded.uuid)).toBeLessThanOrEqual(reads(stack, reference.uuid) - referenceBefore + 1);

    const stats = await readProviderLiveStats(stack.gateway, 'airops');
    expect(stats).toMatchObject({ watchedExecutions: 2, subscribers: 201 });

    const crowdedStart = reads(stack, crowded.uuid);
    const referenceStart = reads(stack, reference.uuid);
    await waitForReads(stack, reference.uuid, 10);
    const ticks = reads(stack, reference.uuid) - referenceStart;
    const crowdedReads = reads(stack, crowded.uuid) - crowdedStart;
    expect(crowdedReads).toBeLessThanOrEqual(ticks + 1);
    expect(crowdedReads).toBeGreaterThanOrEqual(ticks - 2);

    // A change reaches every subscriber once.
    stack.clock.advance(10);
    stack.simulator.forceStatus(crowded.uuid, 'running', { output: { step: 2 } });
    await Promise.all(subscriptions.map((subscription) => subscription.waitForResults(2)));
    await waitForReads(stack, reference.uuid, 3);
    for (const subscription of subscriptions) {
      expect(subscription.results.map((result) => result.data!.executionUpdated.output)).toEqual([{ step: 1 }, { step: 2 }]);
    }

    for (const subscription of subscriptions) subscription.unsubscribe();
    await until(async () => (await readProviderLiveStats(stack.gateway, 'airops')).subscribers === 1, 'only the reference left');
  });
});

describe('polling stops', () => {
  let stack: AirOpsStack;
  let app: number;
  let client: LiveClient;

  beforeAll(async () => {
    stack = await startAirOpsStack({ config: { polling: { intervalMs: 40, maxIntervalMs: 400 } } });
    app = stack.simulator.addApp({ name: 'stops' }).id;
    client = createLiveClient('ws', stack.gateway.url);
  });

  afterAll(async () => {
    await client.close();
    await stack.close();
  });

  afterEach(() => waitForNothingWatched(stack));

  it('at once after the last subscriber leaves, even while backed off', async () => {
    const quiet = stack.simulator.addExecution({ app, status: 'review_needed' });
    const first = client.subscribe(executionUpdated, { id: idOf(quiet.uuid) });
    const second = client.subscribe(executionUpdated, { id: idOf(quiet.uuid) });
    await Promise.all([first.waitForResults(1), second.waitForResults(1)]);
    // Nothing changes: after ten reads the interval has grown to its ceiling.
    await waitForReads(stack, quiet.uuid, 10);

    first.unsubscribe();
    await until(async () => (await readProviderLiveStats(stack.gateway, 'airops')).subscribers === 1, 'one subscriber left');
    await waitForReads(stack, quiet.uuid, 1);

    second.unsubscribe();
    await waitForNothingWatched(stack);
    const after = reads(stack, quiet.uuid);

    // A freshly watched execution counts ticks; over ten of them, the first one is never read again.
    const reference = stack.simulator.addExecution({ app, status: 'running' });
    const referenceSubscription = client.subscribe(executionUpdated, { id: idOf(reference.uuid) });
    await referenceSubscription.waitForResults(1);
    await waitForReads(stack, reference.uuid, 10);
    expect(reads(stack, quiet.uuid)).toBe(after);
    referenceSubscription.unsubscribe();
  });

  it('after a terminal status, even while the subscription still watches other executions', async () => {
    const ending = stack.simulator.addExecution({ app, run: { outcome: 'success', pendingMs: 0, runningMs: 1000 } });
    const other = stack.simulator.addExecution({ app, status: 'running' });
    const subscription = client.subscribe<{ executionsUpdated: { nativeId: string; status: string } }>(executionsUpdated, {
      ids: [idOf(ending.uuid), idOf(other.uuid)],
    });
    await subscription.waitForResults(2);
    stack.clock.advance(1000);
    await until(() => subscription.results.some((result) => result.data?.executionsUpdated.status === 'SUCCEEDED'), 'the terminal event');
    const after = reads(stack, ending.uuid);
    await waitForReads(stack, other.uuid, 8);
    expect(reads(stack, ending.uuid)).toBe(after);
    expect(subscription.completed).toBe(false);
    subscription.unsubscribe();
  });

  it.each([
    ['SSE', rawSseSubscription],
    ['WebSocket', rawWebSocketSubscription],
  ])('when a %s client disconnects abruptly', async (_name, open) => {
    const execution = stack.simulator.addExecution({ app, status: 'running' });
    const raw = open(stack.gateway.url, executionUpdated, { id: idOf(execution.uuid) });
    expect(JSON.parse(await raw.firstEvent)).toMatchObject({ data: { executionUpdated: { status: 'RUNNING' } } });
    expect((await readProviderLiveStats(stack.gateway, 'airops')).subscribers).toBe(1);
    raw.cut();
    await waitForNothingWatched(stack);
    const after = reads(stack, execution.uuid);

    const reference = stack.simulator.addExecution({ app, status: 'running' });
    const referenceSubscription = client.subscribe(executionUpdated, { id: idOf(reference.uuid) });
    await referenceSubscription.waitForResults(1);
    await waitForReads(stack, reference.uuid, 6);
    expect(reads(stack, execution.uuid)).toBe(after);
    referenceSubscription.unsubscribe();
  });
});

describe('upstream failures', () => {
  let stack: AirOpsStack;
  let app: number;

  beforeAll(async () => {
    stack = await startAirOpsStack({ config: { polling: { intervalMs: 40, maxIntervalMs: 200 } } });
    app = stack.simulator.addApp({ name: 'faults' }).id;
  });

  afterAll(() => stack.close());

  it.each(['sse', 'ws'] as const)('never end a %s subscription nor emit a false status; the terminal status arrives once the upstream answers', async (transport) => {
    const execution = stack.simulator.addExecution({ app, run: { outcome: 'success', pendingMs: 0, runningMs: 1000, output: { fine: true } } });
    const client = createLiveClient(transport, stack.gateway.url);
    const subscription = client.subscribe<Update>(executionUpdated, { id: idOf(execution.uuid) });
    await subscription.waitForResults(1);
    const failuresBefore = (await readProviderLiveStats(stack.gateway, 'airops')).pollFailures;

    const faults = stack.simulator.server.faults;
    const path = getPath(execution.uuid);
    faults.inject({ kind: 'status', status: 500 }, { path, times: 3 });
    faults.inject({ kind: 'status', status: 429 }, { path, times: 2 });
    faults.inject({ kind: 'rate-limit', retryAfterSeconds: 1 }, { path, times: 1 });
    faults.inject({ kind: 'status', status: 503 }, { path, times: 1 });
    await until(() => faults.pending() <= 4, 'the first faults answered');
    stack.clock.advance(1000);

    const results = await subscription.waitForCompletion();
    expect(faults.pending()).toBe(0);
    expect(results.map((result) => result.errors)).toEqual([undefined, undefined]);
    expect(results.map((result) => result.data!.executionUpdated.status)).toEqual(['RUNNING', 'SUCCEEDED']);
    expect(results[1]!.data!.executionUpdated.output).toEqual({ fine: true });
    expect((await readProviderLiveStats(stack.gateway, 'airops')).pollFailures - failuresBefore).toBeGreaterThanOrEqual(7);
    await client.close();
  });

  it('delivers the first state once an upstream that failed from the start answers', async () => {
    const execution = stack.simulator.addExecution({ app, status: 'success', output: { late: true } });
    stack.simulator.server.faults.inject({ kind: 'status', status: 502 }, { path: getPath(execution.uuid), times: 4 });
    const client = createLiveClient('sse', stack.gateway.url);
    const results = await client.subscribe<Update>(executionUpdated, { id: idOf(execution.uuid) }).waitForCompletion();
    expect(results).toEqual([{ data: { executionUpdated: expect.objectContaining({ status: 'SUCCEEDED', output: { late: true } }) } }]);
    await client.close();
  });
});

describe('batched polling', () => {
  let stack: AirOpsStack;
  let appUuid: string;

  beforeAll(async () => {
    stack = await startAirOpsStack({ config: { polling: { intervalMs: 40, maxIntervalMs: 40 } } });
    appUuid = stack.simulator.addApp({ name: 'batch', inputNames: ['topic'] }).uuid;
  });

  afterAll(() => stack.close());

  it('polls 50 watched executions of one app with one list call per tick', async () => {
    stack.simulator.scriptNextRuns(Array.from({ length: 50 }, (_, index) => ({ outcome: 'success', pendingMs: 1000, runningMs: 1000 + index * 10 })));
    const uuids: string[] = [];
    for (let index = 0; index < 50; index++) {
      const response = await stack.gateway.graphql<{ startExecution: { nativeId: string } }>(
        `mutation ($app: String!, $n: Int!) { startExecution(input: { provider: "airops", target: $app, inputs: { topic: $n } }) { nativeId } }`,
        { app: appUuid, n: index },
      );
      expect(response.body.errors).toBeUndefined();
      uuids.push(response.body.data!.startExecution.nativeId);
    }

    const client = createLiveClient('sse', stack.gateway.url);
    const subscription = client.subscribe<{ executionsUpdated: { nativeId: string; status: string } }>(executionsUpdated, { ids: uuids.map(idOf) });
    await subscription.waitForResults(50);
    expect(subscription.results.map((result) => result.data!.executionsUpdated.nativeId)).toEqual(uuids);
    await until(async () => (await readProviderLiveStats(stack.gateway, 'airops')).batchScopes === 1, 'one batched scope');

    const counters = stack.simulator.server.counters;
    const lists = () => counters.count('GET', listTemplate);
    const gets = () => counters.count('GET', getTemplate);
    const listsBefore = lists();
    const getsBefore = gets();
    const roundsBefore = (await readProviderLiveStats(stack.gateway, 'airops')).pollRounds;
    await until(() => lists() >= listsBefore + 8, 'eight list calls');
    const rounds = (await readProviderLiveStats(stack.gateway, 'airops')).pollRounds - roundsBefore;
    expect(gets() - getsBefore).toBe(0);
    // One round per tick of the scope, and each costs exactly one list call.
    expect(Math.abs(lists() - listsBefore - rounds)).toBeLessThanOrEqual(1);

    // Changes seen through the list reach the subscriber, and every execution completes.
    stack.clock.advance(1000);
    await until(() => subscription.results.filter((result) => result.data!.executionsUpdated.status === 'RUNNING').length === 50, 'all running');
    stack.clock.advance(2000);
    const results = await subscription.waitForCompletion();
    expect(results.filter((result) => result.data!.executionsUpdated.status === 'SUCCEEDED')).toHaveLength(50);
    expect(results).toHaveLength(150);
    expect(gets() - getsBefore).toBe(0);
    await client.close();
  });

  it('reads one by one what the list did not return', async () => {
    const startOne = async () => {
      const response = await stack.gateway.graphql<{ startExecution: { nativeId: string } }>(
        `mutation ($app: String!) { startExecution(input: { provider: "airops", target: $app, inputs: { topic: "x" } }) { nativeId } }`,
        { app: appUuid },
      );
      return response.body.data!.startExecution.nativeId;
    };
    // Both are known to be of this app (runql started them), so both join the app's batch; the
    // old one is 150 executions deep in the app's list, past the one page the batch reads.
    const old = await startOne();
    for (let index = 0; index < 150; index++) stack.simulator.addExecution({ app: appUuid, status: 'success' });
    const fresh = await startOne();
    const client = createLiveClient('ws', stack.gateway.url);
    const subscription = client.subscribe(executionsUpdated, { ids: [idOf(fresh), idOf(old)] });
    await subscription.waitForResults(2);
    const counters = stack.simulator.server.counters;
    const oldReads = () => counters.count('GET', getPath(old));
    const lists = () => counters.count('GET', listTemplate);
    const listsBefore = lists();
    const oldBefore = oldReads();
    await until(() => lists() >= listsBefore + 5, 'five list calls');
    // Every tick: one list call, and one read of the execution it did not return.
    expect(Math.abs(oldReads() - oldBefore - (lists() - listsBefore))).toBeLessThanOrEqual(1);
    stack.clock.advance(10);
    stack.simulator.forceStatus(old, 'cancelled');
    await until(() => subscription.results.length >= 3, 'the old execution cancelled');
    expect(subscription.results.at(-1)!.data).toEqual({ executionsUpdated: { nativeId: old, status: 'CANCELLED' } });
    subscription.unsubscribe();
    await client.close();
  });
});
