import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executionGlobalId } from '../../src/model/global-id.js';
import { createAiropsSimulator, type AiropsApp, type AiropsSimulator } from '../../src/simulators/airops/index.js';
import { ManualClock } from '../../src/simulators/kit/index.js';
import { postGraphql, type GraphqlResponse } from '../helpers/graphql-http.js';
import { until } from '../helpers/live-clients.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { registerCapturedGateway } from '../helpers/secret-registry.js';
import { spawnGateway, type SpawnedGateway } from '../helpers/spawn-gateway.js';

const upstreamKey = 'replicas-upstream-key-58';
const clientKey = 'replicas-client-key-26';
const redisPassword = 'replicas-redis-password-71';
const secrets = [upstreamKey, clientKey, redisPassword];

let simulator: AiropsSimulator;
let app: AiropsApp;
let redis: RedisServer;
let configPath: string;
const responses: string[] = [];
const started: SpawnedGateway[] = [];

beforeAll(async () => {
  simulator = createAiropsSimulator({ clock: new ManualClock(), apiKeys: [upstreamKey] });
  await simulator.listen();
  app = simulator.addApp({ name: 'replicas', inputNames: ['topic'] });
  redis = await startRedisServer({ password: redisPassword });
  configPath = join(mkdtempSync(join(tmpdir(), 'runql-replicas-')), 'gateway.json');
  writeFileSync(
    configPath,
    JSON.stringify({
      providers: [{ name: 'airops', kind: 'airops', baseUrl: simulator.url, apiKey: upstreamKey, timeoutMs: 5000 }],
      auth: { apiKeys: [{ key: { env: 'REPLICA_CLIENT_KEY' } }] },
      redis: { url: { env: 'REDIS_URL' }, keyPrefix: 'replicas-test:' },
    }),
  );
});

afterAll(async () => {
  for (const gateway of started) gateway.child.kill('SIGKILL');
  registerCapturedGateway({ secrets, logs: started.flatMap((gateway) => gateway.output().split('\n')), responses });
  await redis?.stop();
  await simulator?.close();
});

interface Replica {
  gateway: SpawnedGateway;
  origin: string;
}

async function startReplicas(count: number): Promise<Replica[]> {
  const gateways = Array.from({ length: count }, () => spawnGateway({ GATEWAY_CONFIG: configPath, PORT: '0', REPLICA_CLIENT_KEY: clientKey, REDIS_URL: redis.url }));
  started.push(...gateways);
  return Promise.all(
    gateways.map(async (gateway) => {
      const [, port] = await gateway.waitFor(/"url":"http:\/\/localhost:(\d+)\/graphql"/, startBoundMs);
      return { gateway, origin: `http://127.0.0.1:${port}` };
    }),
  );
}

async function stopReplicas(replicas: readonly Replica[]): Promise<void> {
  for (const { gateway } of replicas) gateway.child.kill('SIGTERM');
  await Promise.all(replicas.map(({ gateway }) => gateway.exited));
}

async function readiness(replica: Replica): Promise<{ status: number; body: string }> {
  const response = await request(`${replica.origin}/readiness`);
  const body = await response.body.text();
  responses.push(body);
  return { status: response.statusCode, body };
}

async function graphql<T = Record<string, unknown>>(replica: Replica, query: string, variables?: Record<string, unknown>): Promise<GraphqlResponse<T>> {
  const response = await postGraphql<T>(`${replica.origin}/graphql`, query, variables, { authorization: `Bearer ${clientKey}` });
  responses.push(response.text);
  return response;
}

/** Three gateways starting at once beside the rest of the suite take a while on two cores. */
const startBoundMs = 90_000;
const startMutation = `mutation ($input: StartExecutionInput!) { startExecution(input: $input) { nativeId status } }`;
const startRoute = '/public_api/airops_apps/:app_uuid/async_execute';
const starts = () => simulator.server.counters.count('POST', startRoute);

function start(replica: Replica, input: Record<string, unknown>) {
  return graphql<{ startExecution: { nativeId: string; status: string } }>(replica, startMutation, {
    input: { provider: 'airops', target: app.uuid, inputs: { topic: 'replicas' }, ...input },
  });
}

async function redisContents(): Promise<string[]> {
  const client = new Redis(redis.url);
  try {
    const keys = await client.keys('*');
    const values = await Promise.all(
      keys.map(async (key) => {
        switch (await client.type(key)) {
          case 'string':
            return String(await client.get(key));
          case 'hash':
            return JSON.stringify(await client.hgetall(key));
          case 'set':
            return JSON.stringify(await client.smembers(key));
          case 'zset':
            return JSON.stringify(await client.zrange(key, 0, -1));
          default:
            return '';
        }
      }),
    );
    return [...keys, ...values];
  } finally {
    client.disconnect();
  }
}

// Spawning three gateways at once takes seconds on two shared cores.
describe('idempotency keys in Redis, shared by several spawned replicas', { timeout: 240_000 }, () => {
  it('starts once for one key sent concurrently to three replicas, and still answers that execution after all restart', async () => {
    let replicas = await startReplicas(3);
    for (const replica of replicas) await until(async () => (await readiness(replica)).status === 200, 'readiness 200 with redis up');

    // The start is slow upstream, so the other two find the key in progress and wait for it.
    simulator.server.faults.inject({ kind: 'delay', ms: 400 }, { path: `/public_api/airops_apps/${app.uuid}/async_execute`, times: 1 });
    const before = starts();
    const answers = await Promise.all(replicas.map((replica) => start(replica, { idempotencyKey: 'order-77' })));
    const ids = answers.map((answer) => answer.body.data?.startExecution.nativeId);
    expect(answers.map((answer) => answer.body.errors)).toEqual([undefined, undefined, undefined]);
    expect(new Set(ids).size).toBe(1);
    expect(starts() - before).toBe(1);

    const other = await start(replicas[1]!, { idempotencyKey: 'order-77', inputs: { topic: 'different' } });
    expect(other.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    const contents = (await redisContents()).join('\n');
    expect(contents).toContain('replicas-test:');
    expect(contents).toContain(ids[0]!);
    for (const secret of secrets) expect(contents).not.toContain(secret);
    expect(contents).not.toContain('order-77');

    await stopReplicas(replicas);
    replicas = await startReplicas(3);
    for (const replica of replicas) await until(async () => (await readiness(replica)).status === 200, 'readiness 200 after the restart');
    const again = await Promise.all(replicas.map((replica) => start(replica, { idempotencyKey: 'order-77' })));
    expect(again.map((answer) => answer.body.data?.startExecution.nativeId)).toEqual(ids);
    expect(starts() - before).toBe(1);
    await stopReplicas(replicas);
  });

  it('with Redis down: readiness 503, a keyed start refused naming redis and not sent, the rest works; back by itself', async () => {
    const [replica] = await startReplicas(1);
    await until(async () => (await readiness(replica!)).status === 200, 'readiness 200 with redis up');
    const known = simulator.addExecution({ app: app.id, status: 'success' }).uuid;

    await redis.stop();
    await until(async () => (await readiness(replica!)).status === 503, 'readiness 503 with redis down');
    expect(JSON.parse((await readiness(replica!)).body)).toEqual({ status: 'not ready', reasons: ['redis unreachable'] });

    const before = starts();
    const refused = await start(replica!, { idempotencyKey: 'while-down' });
    expect(refused.body.errors?.[0]?.extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', dependency: 'redis' });
    expect(refused.body.errors?.[0]?.message).toMatch(/Redis is unreachable/);
    expect(starts()).toBe(before);

    const keyless = await start(replica!, {});
    expect(keyless.body.errors).toBeUndefined();
    expect(starts()).toBe(before + 1);
    const read = await graphql<{ execution: { status: string } }>(replica!, `query ($id: ID!) { execution(id: $id) { status } }`, {
      id: executionGlobalId('airops', known),
    });
    expect(read.body.data?.execution.status).toBe('SUCCEEDED');

    await redis.start();
    await until(async () => (await readiness(replica!)).status === 200, 'readiness 200 once redis is back', 15_000);
    const keyed = await start(replica!, { idempotencyKey: 'after-return' });
    expect(keyed.body.errors).toBeUndefined();
    expect(starts()).toBe(before + 2);
    await stopReplicas([replica!]);
  });
});
