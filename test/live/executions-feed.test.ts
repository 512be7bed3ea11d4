import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executionGlobalId } from '../../src/model/global-id.js';
import { startFourKinds, type FourKindsStack } from '../helpers/four-kinds-stack.js';
import { createLiveClient, until, type LiveClient, type LiveResult, type LiveSubscription, type Transport } from '../helpers/live-clients.js';

type FeedEvent = { executionsFeed: { id: string; status: string; provider: { name: string } } };

const feedDocument = `subscription Feed($filter: ExecutionFilter) { executionsFeed(filter: $filter) { id status provider { name } } }`;
const polling = { intervalMs: 40, maxIntervalMs: 320 };
const keys = { all: 'feed-test-key-all-5d1c', flows: 'feed-test-key-flows-8e2a' };

interface LiveFeedStats {
  subscribers: number;
  scopes: number;
  followedExecutions: number;
  providers: { provider: string; scopes: number; scopeReads: number }[];
}

async function feedStats(stack: FourKindsStack): Promise<LiveFeedStats> {
  const response = await stack.gateway.graphql<{ liveFeedStats: LiveFeedStats }>(
    '{ liveFeedStats { subscribers scopes followedExecutions providers { provider scopes scopeReads } } }',
    undefined,
    { authorization: `Bearer ${keys.all}` },
  );
  return response.body.data!.liveFeedStats;
}

async function waitForSubscribers(stack: FourKindsStack, count: number): Promise<void> {
  await until(async () => (await feedStats(stack)).subscribers === count, `${count} open feeds`);
}

function scopeReads(stats: LiveFeedStats): number {
  return stats.providers.reduce((sum, entry) => sum + entry.scopeReads, 0);
}

/** Waits until every scope was read `reads` more times: enough for any change to have been seen and fanned out. */
async function waitForScopeReads(stack: FourKindsStack, reads: number): Promise<void> {
  const start = await feedStats(stack);
  await until(async () => {
    const now = await feedStats(stack);
    return now.providers.every((entry) => entry.scopeReads >= (start.providers.find((before) => before.provider === entry.provider)?.scopeReads ?? 0) + reads * entry.scopes);
  }, `${reads} more reads of every scope`);
}

function upstreamRequests(stack: FourKindsStack): number {
  return [stack.airops, stack.flows, stack.nested, stack.runs].reduce((sum, simulator) => sum + simulator.server.counters.total(), 0);
}

/** One new running execution of every kind, created now (each heads its provider's listing). */
function addOneOfEach(stack: FourKindsStack): Record<'airops' | 'flows' | 'nested' | 'runs', { id: string; finish: () => void }> {
  stack.clock.advance(1000);
  const airops = stack.airops.addExecution({ app: stack.airopsApps[0]!.id, status: 'running' });
  const flowsId = stack.flows.addExecution({ flowId: 'text-summary-flow', status: 'running' });
  const nested = stack.nested.addExecutionTree({ lifecycle: { pendingMs: 0, runningMs: 600_000 } });
  const runId = stack.runs.addRun({ workflowId: 'wf_1', status: 'RUNNING', dateFormat: { kind: 'date-time', offsetMinutes: 0, fractionDigits: 3, zulu: true } });
  return {
    airops: { id: executionGlobalId('airops', airops.uuid), finish: () => stack.airops.forceStatus(airops.uuid, 'success') },
    flows: { id: executionGlobalId('flows', flowsId), finish: () => stack.flows.forceStatus(flowsId, 'completed') },
    nested: { id: executionGlobalId('nested', nested.id), finish: () => void stack.nested.setStatus(nested.id, 'completed') },
    runs: { id: executionGlobalId('runs', `wf_1/${runId}`), finish: () => stack.runs.forceStatus(runId, 'COMPLETED') },
  };
}

/** What `executions` lists now: each execution's observable state, by id. */
async function listedStates(stack: FourKindsStack): Promise<Map<string, string>> {
  const response = await stack.gateway.graphql<{ executions: { edges: { node: Record<string, unknown> & { id: string } }[] } }>(
    '{ executions(first: 100) { edges { node { id status updatedAt output error { message } } } } }',
    undefined,
    { authorization: `Bearer ${keys.all}` },
  );
  return new Map(response.body.data!.executions.edges.map(({ node }) => [node.id, JSON.stringify([node.status, node.updatedAt, node.output, node.error])]));
}

function events(subscription: LiveSubscription<FeedEvent>): FeedEvent['executionsFeed'][] {
  return subscription.results.filter((result) => result.data).map((result) => result.data!.executionsFeed);
}

async function waitForEvent(subscription: LiveSubscription<FeedEvent>, id: string, status?: string): Promise<void> {
  await until(
    () => events(subscription).some((event) => event.id === id && (status === undefined || event.status === status)),
    `an event of ${id}${status ? ` with status ${status}` : ''} (got ${JSON.stringify(events(subscription))})`,
  );
}

describe('executionsFeed', () => {
  let stack: FourKindsStack;

  beforeAll(async () => {
    stack = await startFourKinds({
      config: { polling, auth: { apiKeys: [{ key: keys.all }, { key: keys.flows, providers: ['flows'] }] } },
    });
  });

  afterAll(() => stack.close());

  describe.each<Transport>(['sse', 'sse-single', 'ws'])('over %s', (transport) => {
    let client: LiveClient;

    beforeAll(() => {
      client = createLiveClient(transport, stack.gateway.url, { authorization: `Bearer ${keys.all}` });
    });

    afterAll(() => client.close());

    it('delivers a new execution of every kind, then its status change, and does not complete', async () => {
      const feed = client.subscribe<FeedEvent>(feedDocument);
      await waitForSubscribers(stack, 1);
      expect(feed.results).toHaveLength(0);
      const before = await listedStates(stack);

      const added = addOneOfEach(stack);
      for (const execution of Object.values(added)) await waitForEvent(feed, execution.id);
      const addedIds = new Set(Object.values(added).map((execution) => execution.id));
      expect(new Set(events(feed).filter((event) => addedIds.has(event.id)).map((event) => event.provider.name))).toEqual(new Set(['airops', 'flows', 'nested', 'runs']));
      // Nothing else, unless it changed: the seeded executions existed before the feed began
      // (the clock moved on, so some seeded runs did change).
      const after = await listedStates(stack);
      for (const event of events(feed).filter((event) => !addedIds.has(event.id))) {
        expect(before.has(event.id)).toBe(true);
        expect(after.get(event.id)).not.toBe(before.get(event.id));
      }

      for (const execution of Object.values(added)) execution.finish();
      for (const execution of Object.values(added)) await waitForEvent(feed, execution.id, 'SUCCEEDED');
      expect(feed.results.every((result: LiveResult) => result.errors === undefined)).toBe(true);

      await waitForScopeReads(stack, 2);
      expect(feed.completed).toBe(false);
      feed.unsubscribe();
      await waitForSubscribers(stack, 0);
    });

    it('applies each filter: providers, status and targetIds', async () => {
      const byProvider = client.subscribe<FeedEvent>(feedDocument, { filter: { providers: ['flows', 'nested'] } });
      const byStatus = client.subscribe<FeedEvent>(feedDocument, { filter: { status: ['SUCCEEDED'] } });
      const byTarget = client.subscribe<FeedEvent>(feedDocument, { filter: { targetIds: [stack.airopsApps[0]!.uuid.toUpperCase(), 'text-summary-flow'] } });
      const byOtherTarget = client.subscribe<FeedEvent>(feedDocument, { filter: { targetIds: ['wf-summarize', stack.airopsApps[1]!.uuid] } });
      const everything = client.subscribe<FeedEvent>(feedDocument);
      await waitForSubscribers(stack, 5);

      const added = addOneOfEach(stack);
      for (const execution of Object.values(added)) await waitForEvent(everything, execution.id);
      for (const execution of Object.values(added)) execution.finish();
      for (const execution of Object.values(added)) await waitForEvent(everything, execution.id, 'SUCCEEDED');

      await waitForEvent(byProvider, added.flows.id, 'SUCCEEDED');
      await waitForEvent(byProvider, added.nested.id, 'SUCCEEDED');
      for (const execution of Object.values(added)) await waitForEvent(byStatus, execution.id, 'SUCCEEDED');
      await waitForEvent(byTarget, added.airops.id, 'SUCCEEDED');
      await waitForEvent(byTarget, added.flows.id, 'SUCCEEDED');
      await waitForScopeReads(stack, 2);

      expect(new Set(events(byProvider).map((event) => event.provider.name))).toEqual(new Set(['flows', 'nested']));
      expect(events(byStatus).every((event) => event.status === 'SUCCEEDED')).toBe(true);
      expect(new Set(events(byTarget).map((event) => event.id))).toEqual(new Set([added.airops.id, added.flows.id]));
      // Neither the other app nor the other workflow got a new execution.
      expect(events(byOtherTarget)).toEqual([]);
      for (const feed of [byProvider, byStatus, byTarget, byOtherTarget, everything]) feed.unsubscribe();
      await waitForSubscribers(stack, 0);
    });
  });

  it('shows a scoped key only its providers, and refuses others before the stream starts', async () => {
    const scoped = createLiveClient('sse', stack.gateway.url, { authorization: `Bearer ${keys.flows}` });
    const scopedSocket = createLiveClient('ws', stack.gateway.url, { authorization: `Bearer ${keys.flows}` });
    try {
      const feed = scoped.subscribe<FeedEvent>(feedDocument);
      const socketFeed = scopedSocket.subscribe<FeedEvent>(feedDocument);
      await waitForSubscribers(stack, 2);
      const added = addOneOfEach(stack);
      await waitForEvent(feed, added.flows.id);
      await waitForEvent(socketFeed, added.flows.id);
      await waitForScopeReads(stack, 2);
      for (const subscription of [feed, socketFeed]) expect(events(subscription).map((event) => event.provider.name)).toEqual(['flows']);

      for (const client of [scoped, scopedSocket]) {
        const forbidden = await client.subscribe(feedDocument, { filter: { providers: ['flows', 'airops'] } }).waitForCompletion();
        expect(forbidden[0]!.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', provider: 'airops' });
        const unknown = await client.subscribe(feedDocument, { filter: { providers: ['no-such-provider'] } }).waitForCompletion();
        expect(unknown[0]!.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
      }
      feed.unsubscribe();
      socketFeed.unsubscribe();
      await waitForSubscribers(stack, 0);
    } finally {
      await scoped.close();
      await scopedSocket.close();
    }
  });

  it('reads each scope once per interval for 1 feed as for 100, and stops reading once the last feed closes', async () => {
    const client = createLiveClient('ws', stack.gateway.url, { authorization: `Bearer ${keys.all}` });
    const sseClient = createLiveClient('sse', stack.gateway.url, { authorization: `Bearer ${keys.all}` });
    const singleClient = createLiveClient('sse-single', stack.gateway.url, { authorization: `Bearer ${keys.all}` });
    try {
      /** Upstream requests per scope read over `reads` ticks of every scope. */
      const measure = async (): Promise<{ perRead: number; scopes: number }> => {
        const before = { requests: upstreamRequests(stack), reads: scopeReads(await feedStats(stack)) };
        await waitForScopeReads(stack, 5);
        const after = { requests: upstreamRequests(stack), reads: scopeReads(await feedStats(stack)) };
        return { perRead: (after.requests - before.requests) / (after.reads - before.reads), scopes: (await feedStats(stack)).scopes };
      };
      const first = client.subscribe<FeedEvent>(feedDocument);
      await waitForSubscribers(stack, 1);
      const one = await measure();

      const more: LiveSubscription<FeedEvent>[] = [];
      for (let index = 0; index < 99; index++) {
        const filter = index % 3 === 0 ? { status: ['FAILED'] } : index % 3 === 1 ? { providers: ['flows'] } : undefined;
        const over = [client, sseClient, singleClient][index % 3 === 0 ? 0 : index % 2 === 0 ? 1 : 2]!;
        more.push(over.subscribe<FeedEvent>(feedDocument, filter ? { filter } : undefined));
      }
      await waitForSubscribers(stack, 100);
      const hundred = await measure();
      // Two AirOps apps, all flows, the Zaia workspace, two Cortex workflows: whatever the feeds and their filters.
      expect(one.scopes).toBe(6);
      expect(hundred.scopes).toBe(6);
      // One list call per scope read (a little more while the windows catch a read in flight).
      expect(one.perRead).toBeLessThan(1.3);
      expect(hundred.perRead).toBeLessThan(1.3);

      first.unsubscribe();
      for (const feed of more) feed.unsubscribe();
      await until(async () => (await feedStats(stack)).scopes === 0, 'every scope released');
      const requests = upstreamRequests(stack);
      await new Promise((resolve) => setTimeout(resolve, polling.intervalMs * 6));
      expect(upstreamRequests(stack)).toBe(requests);
    } finally {
      await client.close();
      await sseClient.close();
      await singleClient.close();
    }
  });

  it('follows a running execution that leaves the newest page through the shared execution poll, to its end', async () => {
    const client = createLiveClient('sse', stack.gateway.url, { authorization: `Bearer ${keys.all}` });
    try {
      const feed = client.subscribe<FeedEvent>(feedDocument, { filter: { providers: ['airops'] } });
      await waitForSubscribers(stack, 1);
      const app = stack.airopsApps[1]!;
      stack.clock.advance(1000);
      const pushedDown = stack.airops.addExecution({ app: app.id, status: 'running' });
      const id = executionGlobalId('airops', pushedDown.uuid);
      await waitForEvent(feed, id, 'RUNNING');
      // A full page of newer executions in the same app: the running one is no longer in the newest 100.
      for (let index = 0; index < 101; index++) {
        stack.clock.advance(10);
        stack.airops.addExecution({ app: app.id, status: 'success' });
      }
      await until(async () => (await feedStats(stack)).followedExecutions === 1, 'the execution followed');
      stack.airops.forceStatus(pushedDown.uuid, 'error');
      await waitForEvent(feed, id, 'FAILED');
      expect(events(feed).filter((event) => event.id === id).map((event) => event.status)).toEqual(['RUNNING', 'FAILED']);
      await until(async () => (await feedStats(stack)).followedExecutions === 0, 'the execution let go after its end');
      feed.unsubscribe();
      await waitForSubscribers(stack, 0);
    } finally {
      await client.close();
    }
  });
});
