import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executionGlobalId } from '../../src/model/global-id.js';
import { createAiropsSimulator, type AiropsApp, type AiropsSimulator } from '../../src/simulators/airops/index.js';
import { ManualClock } from '../../src/simulators/kit/index.js';
import { postGraphql } from '../helpers/graphql-http.js';
import { createLiveClient, until, type LiveClient, type LiveSubscription } from '../helpers/live-clients.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { registerCapturedGateway } from '../helpers/secret-registry.js';
import { spawnGateway, type SpawnedGateway } from '../helpers/spawn-gateway.js';

const upstreamKey = 'feed-cluster-upstream-key-19';
const clientKey = 'feed-cluster-client-key-83';
const intervalMs = 200;

let simulator: AiropsSimulator;
let clock: ManualClock;
let app: AiropsApp;
let redis: RedisServer;
let configPath: string;
const gateways: SpawnedGateway[] = [];
const clients: LiveClient[] = [];

beforeAll(async () => {
  clock = new ManualClock();
  simulator = createAiropsSimulator({ clock, apiKeys: [upstreamKey] });
  await simulator.listen();
  app = simulator.addApp({ name: 'feed-cluster' });
  redis = await startRedisServer();
  configPath = join(mkdtempSync(join(tmpdir(), 'runql-feed-cluster-')), 'gateway.json');
  writeFileSync(
    configPath,
    JSON.stringify({
      providers: [{ name: 'airops', kind: 'airops', baseUrl: simulator.url, apiKey: upstreamKey, timeoutMs: 2000, apps: [app.uuid] }],
      auth: { apiKeys: [{ key: clientKey }] },
      polling: { intervalMs, maxIntervalMs: intervalMs },
      redis: { url: redis.url, keyPrefix: 'feed-cluster-test:' },
    }),
  );
});

afterAll(async () => {
  for (const client of clients) await client.close();
  for (const gateway of gateways) gateway.child.kill('SIGKILL');
  registerCapturedGateway({ secrets: [upstreamKey, clientKey], logs: gateways.flatMap((gateway) => gateway.output().split('\n')), responses: [] });
  await redis?.stop();
  await simulator?.close();
});

/** Three gateways starting at once beside the rest of the suite take a while on two cores. */
const startBoundMs = 90_000;

type FeedEvent = { executionsFeed: { id: string; status: string } };
const feedDocument = `subscription { executionsFeed { id status } }`;

// Spawning three gateways at once takes seconds on two shared cores.
describe('executionsFeed scopes read once cluster-wide: three spawned replicas on one Redis', { timeout: 240_000 }, () => {
  it('reads the app scope about once per interval for the feeds of all three, and every feed sees a new execution', async () => {
    const started = Array.from({ length: 3 }, () => spawnGateway({ GATEWAY_CONFIG: configPath, PORT: '0' }));
    gateways.push(...started);
    const urls = await Promise.all(
      started.map(async (gateway) => {
        const [, port] = await gateway.waitFor(/"url":"http:\/\/localhost:(\d+)\/graphql"/, startBoundMs);
        await gateway.waitFor(/"msg":"feed: reading listing scopes cluster-wide through redis"/, startBoundMs);
        return `http://127.0.0.1:${port}/graphql`;
      }),
    );
    const feeds: LiveSubscription<FeedEvent>[] = urls.map((url) => {
      const client = createLiveClient('sse', url, { authorization: `Bearer ${clientKey}` });
      clients.push(client);
      return client.subscribe<FeedEvent>(feedDocument);
    });
    for (const url of urls) {
      await until(async () => {
        const stats = await postGraphql<{ liveFeedStats: { subscribers: number } }>(url, '{ liveFeedStats { subscribers } }', undefined, { authorization: `Bearer ${clientKey}` });
        return stats.body.data?.liveFeedStats.subscribers === 1;
      }, 'each replica has its feed open');
    }

    const listRoute = "/public_api/airops_apps/:airops_app_id/executions";
    const before = simulator.server.counters.count('GET', listRoute);
    const from = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 10 * intervalMs));
    const perInterval = (simulator.server.counters.count('GET', listRoute) - before) / ((Date.now() - from) / intervalMs);
    // Three replicas reading on their own would list it about three times per interval.
    expect(perInterval).toBeLessThanOrEqual(1.5);
    expect(perInterval).toBeGreaterThan(0);

    clock.advance(1000);
    const added = simulator.addExecution({ app: app.id, status: 'running' }).uuid;
    const id = executionGlobalId('airops', added);
    for (const feed of feeds) await until(() => feed.results.some((result) => result.data?.executionsFeed.id === id), 'the new execution on every feed');
    for (const gateway of started) gateway.child.kill('SIGTERM');
    await Promise.all(started.map((gateway) => new Promise((resolve) => gateway.child.once('exit', resolve))));
  });
});
