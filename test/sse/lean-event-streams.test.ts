import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executionGlobalId } from '../../src/model/global-id.js';
import type { AiropsSimulator } from '../../src/simulators/airops/index.js';
import type { ManualClock } from '../../src/simulators/kit/index.js';
import { startAirOpsStack, type AirOpsStack } from '../helpers/airops-stack.js';
import type { GatewayHarness } from '../helpers/gateway-harness.js';
import { until } from '../helpers/live-clients.js';
import { nextData, openRawEventStream, type Frame } from '../helpers/raw-event-streams.js';

const fullKey = 'lean-key-full-61d2';
const secondOnlyKey = 'lean-key-second-0b7e';
const origin = 'https://app.example.com';

let stack: AirOpsStack;
let simulator: AiropsSimulator;
let clock: ManualClock;
let gateway: GatewayHarness;
let app: number;

/** Two providers over one AirOps simulator; one key may see only `second`. CORS for one origin. */
beforeAll(async () => {
  stack = await startAirOpsStack({
    simulator: { seed: 31 },
    providerNames: ['airops', 'second'],
    config: {
      polling: { intervalMs: 30, maxIntervalMs: 30 },
      auth: { apiKeys: [{ key: fullKey }, { key: secondOnlyKey, providers: ['second'] }] },
      cors: { origins: [origin] },
    },
  });
  ({ simulator, clock, gateway } = stack);
  app = simulator.addApp({ name: 'lean' }).id;
});

afterAll(async () => {
  await stack.close();
});

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const executionUpdated = `subscription Watch($id: ID!) { executionUpdated(id: $id) { nativeId status output } }`;
const reads = (uuid: string) => simulator.server.counters.count('GET', `/public_api/airops_apps/executions/${uuid}`);
const served = () => gateway.server.eventStreams.servedRequests;

async function watchedExecutions(): Promise<number> {
  const response = await gateway.graphql<{ liveStats: { watchedExecutions: number } }>(`{ liveStats { watchedExecutions } }`, undefined, bearer(fullKey));
  return response.body.data!.liveStats.watchedExecutions;
}

const yogaHeaders = { 'content-type': 'text/event-stream', connection: 'keep-alive', 'cache-control': 'no-cache', 'content-encoding': 'none' };

describe('GraphQL over SSE from node:http (the lean path)', () => {
  it('serves a POST subscription as Yoga does: a ping, one event per state, complete after the terminal one', async () => {
    const wire = simulator.addExecution({ app, run: { outcome: 'success', pendingMs: 1000, runningMs: 1000, output: { answer: 42 } } });
    const before = served();
    const stream = await openRawEventStream(gateway.url, { query: executionUpdated, variables: { id: executionGlobalId('airops', wire.uuid) }, headers: bearer(fullKey) });
    expect(served()).toBe(before + 1);
    expect(stream.status).toBe(200);
    expect(stream.headers).toMatchObject(yogaHeaders);
    await stream.waitForFrames((frames) => frames.length >= 2, 'the first event');
    clock.advance(1000);
    await stream.waitForFrames((frames) => frames.filter((frame) => frame.kind === 'next').length >= 2, 'RUNNING');
    clock.advance(1000);
    const frames = await stream.waitForEnd();
    expect(frames[0]).toEqual({ kind: 'ping' });
    expect(frames.at(-1)).toEqual({ kind: 'complete' });
    expect(nextData(frames)).toEqual([
      { data: { executionUpdated: { nativeId: wire.uuid, status: 'PENDING', output: null } } },
      { data: { executionUpdated: { nativeId: wire.uuid, status: 'RUNNING', output: null } } },
      { data: { executionUpdated: { nativeId: wire.uuid, status: 'SUCCEEDED', output: { answer: 42 } } } },
    ]);
    expect(stream.text).toMatch(/^:\n\nevent: next\ndata: \{"data":/);
    await until(() => gateway.server.eventStreams.openSubscriptions === 0, 'no stream left open');
  });

  it('serves a GET subscription with its variables and operation name in the query string', async () => {
    const uuid = simulator.addExecution({ app, status: 'success', output: { via: 'get' } }).uuid;
    const before = served();
    const stream = await openRawEventStream(gateway.url, {
      method: 'GET',
      query: `subscription Other { executionUpdated(id: "x") { status } } ${executionUpdated}`,
      operationName: 'Watch',
      variables: { id: executionGlobalId('airops', uuid) },
      headers: bearer(fullKey),
    });
    const frames = await stream.waitForEnd();
    expect(served()).toBe(before + 1);
    expect(stream.status).toBe(200);
    expect(frames).toEqual<Frame[]>([
      { kind: 'ping' },
      { kind: 'next', data: { data: { executionUpdated: { nativeId: uuid, status: 'SUCCEEDED', output: { via: 'get' } } } } },
      { kind: 'complete' },
    ]);
  });

  it('answers a missing or unknown key with HTTP 401 and an UNAUTHENTICATED event, and reads nothing upstream', async () => {
    const uuid = simulator.addExecution({ app, status: 'running' }).uuid;
    for (const headers of [{}, bearer('not-a-key-at-all-0000')]) {
      const before = served();
      const stream = await openRawEventStream(gateway.url, { query: executionUpdated, variables: { id: executionGlobalId('airops', uuid) }, headers });
      const frames = await stream.waitForEnd();
      expect(served()).toBe(before + 1);
      expect(stream.status).toBe(401);
      expect(stream.headers).toMatchObject(yogaHeaders);
      expect(frames).toEqual<Frame[]>([
        { kind: 'ping' },
        { kind: 'next', data: { errors: [{ message: expect.stringMatching(/client key/i) as unknown, extensions: { code: 'UNAUTHENTICATED' } }] } },
        { kind: 'complete' },
      ]);
    }
    expect(reads(uuid)).toBe(0);
  });

  it('ends with FORBIDDEN for an execution of a provider the key may not see, before any event and watching nothing', async () => {
    const uuid = simulator.addExecution({ app, status: 'running' }).uuid;
    const stream = await openRawEventStream(gateway.url, { query: executionUpdated, variables: { id: executionGlobalId('airops', uuid) }, headers: bearer(secondOnlyKey) });
    const frames = await stream.waitForEnd();
    expect(stream.status).toBe(200);
    expect(nextData(frames)).toEqual([
      { errors: [expect.objectContaining({ path: ['executionUpdated'], extensions: { code: 'FORBIDDEN', provider: 'airops' } })] },
    ]);
    expect(frames.at(-1)).toEqual({ kind: 'complete' });
    expect(await watchedExecutions()).toBe(0);
    expect(reads(uuid)).toBe(0);
  });

  it('answers variables that do not coerce with HTTP 400 and BAD_USER_INPUT, as Yoga does', async () => {
    const stream = await openRawEventStream(gateway.url, { query: executionUpdated, variables: { id: 5.5 }, headers: bearer(fullKey) });
    const frames = await stream.waitForEnd();
    expect(stream.status).toBe(400);
    expect(nextData(frames)).toEqual([
      { errors: [{ message: 'Variable "$id" got invalid value 5.5; ID cannot represent value: 5.5', locations: [{ line: 1, column: 20 }], extensions: { code: 'BAD_USER_INPUT' } }] },
    ]);
  });

  it('leaves what is not a valid subscription to Yoga, which answers it as it always has', async () => {
    const cases: { query: string; operationName?: string; status: number; data: unknown }[] = [
      { query: 'subscription {', status: 200, data: { errors: [expect.objectContaining({ extensions: { code: 'GRAPHQL_PARSE_FAILED' } })] } },
      { query: 'subscription { nope }', status: 200, data: { errors: [expect.objectContaining({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })] } },
      { query: executionUpdated, operationName: 'Missing', status: 400, data: { errors: [{ message: 'Could not determine what operation to execute.', extensions: { code: 'BAD_USER_INPUT' } }] } },
      { query: '{ providers { name } }', status: 200, data: { data: { providers: [{ name: 'airops' }, { name: 'second' }] } } },
    ];
    for (const { query, operationName, status, data } of cases) {
      const before = served();
      const stream = await openRawEventStream(gateway.url, { query, ...(operationName ? { operationName } : {}), headers: bearer(fullKey) });
      const frames = await stream.waitForEnd();
      expect(served(), query).toBe(before);
      expect(stream.status, query).toBe(status);
      expect(nextData(frames), query).toEqual([data]);
      expect(frames.at(-1)).toEqual({ kind: 'complete' });
    }
  });

  it('adds the configured CORS headers', async () => {
    const uuid = simulator.addExecution({ app, status: 'success' }).uuid;
    const stream = await openRawEventStream(gateway.url, { query: executionUpdated, variables: { id: executionGlobalId('airops', uuid) }, headers: { ...bearer(fullKey), origin } });
    await stream.waitForEnd();
    expect(stream.headers).toMatchObject({
      'access-control-allow-origin': origin,
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS',
      'access-control-allow-headers': 'authorization, content-type, accept, x-graphql-event-stream-token',
    });
  });

  it('returns the watch at once when the client disconnects: nothing stays open, watched or polled', async () => {
    const uuid = simulator.addExecution({ app, status: 'running' }).uuid;
    const reference = simulator.addExecution({ app, status: 'running' }).uuid;
    const referenceStream = await openRawEventStream(gateway.url, { query: executionUpdated, variables: { id: executionGlobalId('airops', reference) }, headers: bearer(fullKey) });
    const stream = await openRawEventStream(gateway.url, { query: executionUpdated, variables: { id: executionGlobalId('airops', uuid) }, headers: bearer(fullKey) });
    await stream.waitForFrames((frames) => frames.some((frame) => frame.kind === 'next'), 'the first event');
    expect(gateway.server.eventStreams.openSubscriptions).toBe(2);
    expect(await watchedExecutions()).toBe(2);

    stream.cut();
    await until(() => gateway.server.eventStreams.openSubscriptions === 1, 'the stream closed');
    await until(async () => (await watchedExecutions()) === 1, 'only the reference watched');
    // Several more ticks of the reference: the cut execution is not read again.
    const readsAfterCut = reads(uuid);
    const referenceReads = reads(reference);
    await until(() => reads(reference) >= referenceReads + 5, 'five more ticks');
    expect(reads(uuid)).toBe(readsAfterCut);
    referenceStream.cut();
    await until(async () => (await watchedExecutions()) === 0, 'nothing watched');
  });

  it('pings a quiet GET stream between events', async () => {
    const uuid = simulator.addExecution({ app, status: 'review_needed' }).uuid;
    const stream = await openRawEventStream(gateway.url, { method: 'GET', query: executionUpdated, variables: { id: executionGlobalId('airops', uuid) }, headers: bearer(fullKey) });
    const frames = await stream.waitForFrames((received) => {
      const firstEvent = received.findIndex((frame) => frame.kind === 'next');
      return firstEvent !== -1 && received.slice(firstEvent).filter((frame) => frame.kind === 'ping').length >= 2;
    }, 'two pings after the first event');
    expect(frames[0]).toEqual({ kind: 'ping' });
    expect(frames.filter((frame) => frame.kind === 'next')).toHaveLength(1);
    stream.cut();
  });
});
