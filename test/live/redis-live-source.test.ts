import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executionGlobalId } from '../../src/model/global-id.js';
import { createAiropsSimulator, type AiropsApp, type AiropsSimulator } from '../../src/simulators/airops/index.js';
import { createFlowsSimulator, type FlowsSimulator } from '../../src/simulators/flows/index.js';
import { ManualClock } from '../../src/simulators/kit/index.js';
import { createLiveClient, until, type LiveClient, type LiveSubscription } from '../helpers/live-clients.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { registerCapturedGateway } from '../helpers/secret-registry.js';
import { spawnGateway, type SpawnedGateway } from '../helpers/spawn-gateway.js';

const upstreamKey = 'cluster-upstream-key-35';
const flowsKey = 'fm_cluster_flows_key_35';
const clientKey = 'cluster-client-key-64';
const intervalMs = 200;
const keyPrefix = 'cluster-test:';

let simulator: AiropsSimulator;
let flows: FlowsSimulator;
let app: AiropsApp;
let redis: RedisServer;
let configPath: string;
const gateways: SpawnedGateway[] = [];
const clients: LiveClient[] = [];

beforeAll(async () => {
  simulator = createAiropsSimulator({ clock: new ManualClock(), apiKeys: [upstreamKey] });
  await simulator.listen();
  flows = createFlowsSimulator({ clock: new ManualClock(), apiKeys: [flowsKey] });
  await flows.listen();
  app = simulator.addApp({ name: 'cluster' });
  redis = await startRedisServer();
  configPath = join(mkdtempSync(join(tmpdir(), 'runql-cluster-')), 'gateway.json');
  writeFileSync(
    configPath,
    JSON.stringify({
      providers: [
        { name: 'airops', kind: 'airops', baseUrl: simulator.url, apiKey: upstreamKey, timeoutMs: 2000 },
        { name: 'flows', kind: 'flows', baseUrl: flows.url, apiKey: flowsKey, timeoutMs: 2000 },
      ],
      auth: { apiKeys: [{ key: clientKey }] },
      polling: { intervalMs, maxIntervalMs: intervalMs },
      redis: { url: redis.url, keyPrefix },
    }),
  );
});

afterAll(async () => {
  for (const client of clients) await client.close();
  for (const gateway of gateways) gateway.child.kill('SIGKILL');
  registerCapturedGateway({ secrets: [upstreamKey, flowsKey, clientKey], logs: gateways.flatMap((gateway) => gateway.output().split('\n')), responses: [] });
  await redis?.stop();
  await simulator?.close();
  await flows?.close();
});

interface Replica {
  gateway: SpawnedGateway;
  url: string;
  replicaId: string;
}

async function startReplicas(count: number): Promise<Replica[]> {
  const started = Array.from({ length: count }, () => spawnGateway({ GATEWAY_CONFIG: configPath, PORT: '0' }));
  gateways.push(...started);
  return Promise.all(
    started.map(async (gateway) => {
      const [, port] = await gateway.waitFor(/"url":"http:\/\/localhost:(\d+)\/graphql"/, startBoundMs);
      const [, replicaId] = await gateway.waitFor(/"replica":"([^"]+)"[^\n]*"msg":"live: polling cluster-wide through redis"/, startBoundMs);
      return { gateway, url: `http://127.0.0.1:${port}/graphql`, replicaId: replicaId! };
    }),
  );
}

/** Three gateways starting at once beside the rest of the suite take a while on two cores. */
const startBoundMs = 90_000;

type Update = { executionUpdated: { status: string } };
const executionUpdated = `subscription ($id: ID!) { executionUpdated(id: $id) { status } }`;

function watch(replica: Replica, uuid: string): LiveSubscription<Update> {
  return watchExecution(replica, executionGlobalId('airops', uuid));
}

function watchExecution(replica: Replica, id: string): LiveSubscription<Update> {
  const client = createLiveClient('sse', replica.url, { authorization: `Bearer ${clientKey}` });
  clients.push(client);
  return client.subscribe<Update>(executionUpdated, { id });
}

const statuses = (subscription: LiveSubscription<Update>) => subscription.results.map((result) => result.data?.executionUpdated.status);
const reads = (uuid: string) => simulator.server.counters.count('GET', `/public_api/airops_apps/executions/${uuid}`);

async function leaseHolders(): Promise<string[]> {
  const client = new Redis(redis.url);
  try {
    const keys = await client.keys(`${keyPrefix}live:lease:*`);
    return (await Promise.all(keys.map((key) => client.get(key)))).filter((holder): holder is string => holder !== null);
  } finally {
    client.disconnect();
  }
}

// Spawning three gateways at once takes seconds on two shared cores.
describe('one poll cluster-wide: three spawned replicas on one Redis', { timeout: 240_000 }, () => {
  it('polls a watched execution once per interval for all, reaches every replica, and fails over after SIGKILL with no terminal event lost', async () => {
    const replicas = await startReplicas(3);
    const running = simulator.addExecution({ app: app.id, status: 'running' }).uuid;
    const watches = replicas.map((replica) => watch(replica, running));
    for (const subscription of watches) await subscription.waitForResults(1);

    // Three replicas polling on their own would read it about three times per interval.
    const before = reads(running);
    const from = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 10 * intervalMs));
    const elapsed = Date.now() - from;
    const perInterval = (reads(running) - before) / (elapsed / intervalMs);
    expect(perInterval).toBeLessThanOrEqual(1.5);
    expect(perInterval).toBeGreaterThan(0);

    // A change polled by the lease holder reaches the subscribers of all three.
    simulator.forceStatus(running, 'review_needed');
    for (const subscription of watches) await until(() => statuses(subscription).includes('NEEDS_REVIEW'), 'NEEDS_REVIEW on every replica');

    // The holder dies without a goodbye; the execution ends during the gap.
    const [holder] = await leaseHolders();
    const victim = replicas.find((replica) => replica.replicaId === holder);
    expect(victim).toBeDefined();
    const survivors = replicas.filter((replica) => replica !== victim);
    victim!.gateway.child.kill('SIGKILL');
    await victim!.gateway.exited;
    simulator.forceStatus(running, 'success');
    for (const replica of survivors) {
      const subscription = watches[replicas.indexOf(replica)]!;
      await until(() => statuses(subscription).includes('SUCCEEDED'), 'SUCCEEDED on the survivors after the takeover');
      expect(statuses(subscription).filter((status) => status === 'SUCCEEDED')).toHaveLength(1);
    }
    expect(await leaseHolders()).not.toContain(holder);
    for (const replica of survivors) replica.gateway.child.kill('SIGTERM');
    await Promise.all(survivors.map((replica) => replica.gateway.exited));
  });

  it('polls the watched executions of one list scope with one list call per interval for all replicas, as one gateway does', async () => {
    const replicas = await startReplicas(3);
    // FlowMason executions of one flow are polled with one list call of the flow (live batching).
    const running = Array.from({ length: 5 }, () => flows.addExecution({ flowId: 'flow-cluster', status: 'completed', runningMs: 3_600_000 }));
    const watches = replicas.flatMap((replica) => running.map((nativeId) => watchExecution(replica, executionGlobalId('flows', nativeId))));
    for (const subscription of watches) await subscription.waitForResults(1);

    const listCalls = () => flows.server.counters.count('GET', '/api/v1/executions/flow/:flow_id');
    const byIdReads = () => flows.server.counters.count('GET', '/api/v1/executions/:execution_id');
    // Once every execution has been read, its owner polls the flow's executions, once per interval.
    await until(() => listCalls() > 2, 'the batch poll of the flow');
    const [listsBefore, readsBefore] = [listCalls(), byIdReads()];
    const from = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 10 * intervalMs));
    const intervals = (Date.now() - from) / intervalMs;
    // Three replicas each polling the keys they hold would list the flow up to three times per interval.
    expect((listCalls() - listsBefore) / intervals).toBeLessThanOrEqual(1.5);
    expect((byIdReads() - readsBefore) / intervals).toBeLessThanOrEqual(0.5);
    for (const replica of replicas) replica.gateway.child.kill('SIGTERM');
    await Promise.all(replicas.map((replica) => replica.gateway.exited));
  });

  it('keeps subscriptions working while Redis is down (each replica polls for its own) and re-forms when it is back', async () => {
    const replicas = await startReplicas(2);
    const running = simulator.addExecution({ app: app.id, status: 'running' }).uuid;
    const watches = replicas.map((replica) => watch(replica, running));
    for (const subscription of watches) await subscription.waitForResults(1);

    await redis.stop();
    for (const replica of replicas) await replica.gateway.waitFor(/live: redis unreachable, this replica polls for its own subscribers/);
    simulator.forceStatus(running, 'review_needed');
    for (const subscription of watches) await until(() => statuses(subscription).includes('NEEDS_REVIEW'), 'NEEDS_REVIEW while redis is down');

    await redis.start();
    for (const replica of replicas) {
      await until(() => (replica.gateway.output().match(/live: polling cluster-wide through redis/g) ?? []).length === 2, 'the cluster re-formed');
    }
    simulator.forceStatus(running, 'success');
    for (const subscription of watches) await until(() => statuses(subscription).includes('SUCCEEDED'), 'SUCCEEDED after redis came back');
    for (const subscription of watches) expect(statuses(subscription)).toEqual(['RUNNING', 'NEEDS_REVIEW', 'SUCCEEDED']);
    for (const replica of replicas) replica.gateway.child.kill('SIGTERM');
    await Promise.all(replicas.map((replica) => replica.gateway.exited));
  });
});
