import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executionGlobalId } from '../../src/model/global-id.js';
import { createAiropsSimulator, type AiropsSimulator } from '../../src/simulators/airops/index.js';
import { ManualClock } from '../../src/simulators/kit/index.js';
import { postGraphql } from '../helpers/graphql-http.js';
import { createLiveClient, until } from '../helpers/live-clients.js';
import { spawnGateway } from '../helpers/spawn-gateway.js';

const key = 'shutdown-upstream-key-12';
let simulator: AiropsSimulator;
let watched: string;
let slow: string;
let appUuid: string;

beforeAll(async () => {
  simulator = createAiropsSimulator({ clock: new ManualClock(), apiKeys: [key] });
  await simulator.listen();
  const app = simulator.addApp({ name: 'shutdown' });
  appUuid = app.uuid;
  watched = simulator.addExecution({ app: app.id, status: 'running' }).uuid;
  slow = simulator.addExecution({ app: app.id, status: 'success' }).uuid;
});

afterAll(() => simulator.close());

describe('SIGTERM', () => {
  it('finishes a slow request, completes open SSE and WebSocket subscriptions, and exits 0', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'runql-shutdown-'));
    const config = join(directory, 'gateway.json');
    writeFileSync(
      config,
      JSON.stringify({
        providers: [{ name: 'airops', kind: 'airops', baseUrl: simulator.url, apiKey: key, timeoutMs: 5000, apps: [appUuid] }],
        polling: { intervalMs: 100, maxIntervalMs: 200 },
      }),
    );
    const gateway = spawnGateway({ GATEWAY_CONFIG: config, PORT: '0' });
    try {
      const [, url] = await gateway.waitFor(/"url":"(http:\/\/localhost:\d+\/graphql)"/);
      const client = createLiveClient('sse', url!);
      const socketClient = createLiveClient('ws', url!);
      const query = `subscription ($id: ID!) { executionUpdated(id: $id) { status } }`;
      const subscription = client.subscribe(query, { id: executionGlobalId('airops', watched) });
      const socketSubscription = socketClient.subscribe(query, { id: executionGlobalId('airops', watched) });
      await subscription.waitForResults(1);
      await socketSubscription.waitForResults(1);
      // A live listing never completes by itself; a graceful stop completes it.
      const feeds = [client, socketClient].map((each) => each.subscribe(`subscription { executionsFeed { status } }`));
      await until(async () => {
        const stats = await postGraphql(url!, '{ liveFeedStats { subscribers } }');
        return (stats.body as { data: { liveFeedStats: { subscribers: number } } }).data.liveFeedStats.subscribers === 2;
      }, 'two open feeds');

      const slowPath = `/public_api/airops_apps/executions/${slow}`;
      // Long enough that SIGTERM surely arrives while it is in flight (under the 5 s timeout and the 8 s grace).
      simulator.server.faults.inject({ kind: 'delay', ms: 4000 }, { path: slowPath });
      let settled = false;
      const slowQuery = postGraphql(url!, `query ($id: ID!) { execution(id: $id) { status } }`, { id: executionGlobalId('airops', slow) }).finally(() => {
        settled = true;
      });
      await until(() => simulator.server.counters.count('GET', slowPath) === 1, 'the slow upstream read');

      // The query is still in flight when the stop begins: what follows shows a drain, not a finished request.
      expect(settled).toBe(false);
      gateway.child.kill('SIGTERM');

      const answer = await slowQuery;
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ data: { execution: { status: 'SUCCEEDED' } } });
      await subscription.waitForCompletion();
      expect(subscription.transportError).toBeUndefined();
      expect(subscription.results[0]).toEqual({ data: { executionUpdated: { status: 'RUNNING' } } });
      await socketSubscription.waitForCompletion();
      expect(socketSubscription.transportError).toBeUndefined();
      for (const feed of feeds) {
        await feed.waitForCompletion();
        expect(feed.transportError).toBeUndefined();
        expect(feed.results).toEqual([]);
      }
      expect(await gateway.exited).toEqual({ code: 0, signal: null });
      expect(gateway.output()).toMatch(/SIGTERM received/);
      expect(gateway.output()).toMatch(/stopped/);
      await client.close();
      await socketClient.close();
    } finally {
      gateway.child.kill('SIGKILL');
    }
  });
});
