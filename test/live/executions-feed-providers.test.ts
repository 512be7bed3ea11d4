import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executionGlobalId } from '../../src/model/global-id.js';
import { createAiropsSimulator, type AiropsSimulator } from '../../src/simulators/airops/index.js';
import { ManualClock } from '../../src/simulators/kit/index.js';
import { createWorkflowRunsSimulator, type WireDateFormat, type WorkflowRunsSimulator } from '../../src/simulators/workflow-runs/index.js';
import { startGatewayHarness, type GatewayHarness } from '../helpers/gateway-harness.js';
import { createLiveClient, until, type LiveSubscription, type Transport } from '../helpers/live-clients.js';

type FeedEvent = { executionsFeed: { id: string; status: string } };

const feedDocument = `subscription Feed($filter: ExecutionFilter) { executionsFeed(filter: $filter) { id status } }`;
const cortexKey = 'cortex-feed-providers-key-61a0';
const airopsKey = 'airops-feed-providers-key-2b7c';
const isoDates: WireDateFormat = { kind: 'date-time', offsetMinutes: 0, fractionDigits: 3, zulu: true };

/**
 * Three providers of one gateway: `runs` lists one configured Cortex workflow; `discovered`
 * lists the app's workflows as Cortex reports them (a call that can fail); `unlisted` (AirOps
 * without apps) cannot list at all.
 */
describe('executionsFeed over providers that cannot list or cannot say what they list', () => {
  let clock: ManualClock;
  let cortex: WorkflowRunsSimulator;
  let airops: AiropsSimulator;
  let gateway: GatewayHarness;
  let workflows: string[];

  beforeAll(async () => {
    clock = new ManualClock();
    cortex = createWorkflowRunsSimulator({ clock, apiKey: cortexKey, seed: 41, dateFormats: 'iso' });
    airops = createAiropsSimulator({ clock, apiKeys: [airopsKey], seed: 42 });
    await Promise.all([cortex.listen(), airops.listen()]);
    workflows = cortex.seedWorkflows();
    gateway = await startGatewayHarness({
      providers: [
        { name: 'runs', kind: 'workflow-runs', baseUrl: cortex.url, apiKey: cortexKey, timeoutMs: 1000, appId: cortex.appId, workflows: [workflows[0]] },
        { name: 'discovered', kind: 'workflow-runs', baseUrl: cortex.url, apiKey: cortexKey, timeoutMs: 1000, appId: cortex.appId },
        { name: 'unlisted', kind: 'airops', baseUrl: airops.url, apiKey: airopsKey, timeoutMs: 1000 },
      ],
      polling: { intervalMs: 40, maxIntervalMs: 160 },
    });
  });

  afterAll(async () => {
    await gateway?.close();
    await Promise.all([cortex?.close(), airops?.close()]);
  });

  async function feedStats(): Promise<{ subscribers: number; providers: { provider: string; scopes: number; scopeReads: number }[] }> {
    const response = await gateway.graphql<{ liveFeedStats: { subscribers: number; providers: { provider: string; scopes: number; scopeReads: number }[] } }>(
      '{ liveFeedStats { subscribers providers { provider scopes scopeReads } } }',
    );
    return response.body.data!.liveFeedStats;
  }

  function events(subscription: LiveSubscription<FeedEvent>): string[] {
    return subscription.results.filter((result) => result.data).map((result) => result.data!.executionsFeed.id);
  }

  it.each<Transport>(['sse', 'ws'])('answers a named provider that cannot list NOT_SUPPORTED, as executions does (%s)', async (transport) => {
    const filter = { providers: ['runs', 'unlisted'] };
    const listing = await gateway.graphql<{ executions: { edges: unknown[] } }>(`query ($filter: ExecutionFilter) { executions(filter: $filter) { edges { node { id } } } }`, { filter });
    const listed = listing.body.errors!.find((error) => error.extensions?.provider === 'unlisted')!;
    expect(listed.extensions).toMatchObject({ code: 'NOT_SUPPORTED', provider: 'unlisted' });

    const client = createLiveClient(transport, gateway.url);
    try {
      const results = await client.subscribe<FeedEvent>(feedDocument, { filter }).waitForCompletion();
      expect(results).toHaveLength(1);
      expect(results[0]!.data ?? null).toBeNull();
      expect(results[0]!.errors![0]!.message).toBe(listed.message);
      expect(results[0]!.errors![0]!.extensions).toMatchObject({ code: 'NOT_SUPPORTED', provider: 'unlisted' });
    } finally {
      await client.close();
    }
    expect(airops.server.counters.total()).toBe(0);
  });

  it('serves the other providers while one cannot say what it lists, and adds it once it can', async () => {
    // Cortex fails the workflow listing `discovered` needs; `runs` knows its workflow from configuration.
    const workflowsPath = `/apps/${cortex.appId}/workflows`;
    cortex.server.faults.inject({ kind: 'status', status: 503 }, { method: 'GET', path: workflowsPath, times: 100_000 });
    const client = createLiveClient('sse', gateway.url);
    try {
      const feed = client.subscribe<FeedEvent>(feedDocument);
      await until(async () => (await feedStats()).subscribers === 1, 'the feed open');
      expect(feed.results).toEqual([]);
      expect(gateway.logs.some((line) => line.includes('cannot resolve the scopes of a provider') && line.includes('"provider":"discovered"'))).toBe(true);

      clock.advance(1000);
      const first = cortex.addRun({ workflowId: workflows[0]!, status: 'RUNNING', dateFormat: isoDates });
      await until(() => events(feed).includes(executionGlobalId('runs', `${workflows[0]}/${first}`)), 'the run of a provider that resolved');
      expect(events(feed)).not.toContain(executionGlobalId('discovered', `${workflows[0]}/${first}`));

      // Only `discovered` lists the second workflow: a second list call of it means the first (the baseline) is in.
      const secondRuns = `/apps/${cortex.appId}/workflows/${workflows[1]}/runs`;
      expect(cortex.server.counters.count('GET', secondRuns)).toBe(0);
      cortex.server.faults.clear();
      await until(() => cortex.server.counters.count('GET', secondRuns) >= 2, 'the second workflow read twice');
      clock.advance(1000);
      const second = cortex.addRun({ workflowId: workflows[1]!, status: 'RUNNING', dateFormat: isoDates });
      await until(() => events(feed).includes(executionGlobalId('discovered', `${workflows[1]}/${second}`)), 'the run of the provider that resolved late');
      expect(feed.results.every((result) => result.errors === undefined)).toBe(true);
      expect(feed.completed).toBe(false);
      expect(gateway.logs.some((line) => line.includes('resolved the scopes of a provider again'))).toBe(true);
      feed.unsubscribe();
      await until(async () => (await feedStats()).subscribers === 0, 'the feed closed');
    } finally {
      cortex.server.faults.clear();
      await client.close();
    }
  });
});
