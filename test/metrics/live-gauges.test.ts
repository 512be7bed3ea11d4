import { createClient } from 'graphql-sse';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executionGlobalId } from '../../src/model/global-id.js';
import { startAirOpsStack, type AirOpsStack } from '../helpers/airops-stack.js';
import { createLiveClient, until } from '../helpers/live-clients.js';
import { scrapeMetrics, valueOf } from '../helpers/metrics-scrape.js';

const query = `subscription ($id: ID!) { executionUpdated(id: $id) { status } }`;

let stack: AirOpsStack;
let running: string[];

beforeAll(async () => {
  stack = await startAirOpsStack();
  const app = stack.simulator.addApp({ name: 'gauges' });
  running = Array.from({ length: 3 }, () => stack.simulator.addExecution({ app: app.id, status: 'running' }).uuid);
});

afterAll(() => stack.close());

async function gauges(): Promise<{ sse: number; ws: number; watched: number }> {
  const scrape = await scrapeMetrics(stack.gateway.origin);
  return {
    sse: valueOf(scrape, 'runql_live_subscriptions', { transport: 'sse' }),
    ws: valueOf(scrape, 'runql_live_subscriptions', { transport: 'ws' }),
    watched: valueOf(scrape, 'runql_live_watched_executions', { provider: 'airops' }),
  };
}

async function gaugesReach(expected: { sse: number; ws: number; watched: number }): Promise<void> {
  let last = await gauges();
  await until(async () => {
    last = await gauges();
    return last.sse === expected.sse && last.ws === expected.ws && last.watched === expected.watched;
  }, `gauges ${JSON.stringify(expected)} (last ${JSON.stringify(last)})`);
  expect(last).toEqual(expected);
}

describe('live gauges', () => {
  it('follow SSE and WebSocket subscriptions as they open and close, and the executions they watch', async () => {
    const ids = running.map((uuid) => executionGlobalId('airops', uuid));
    await gaugesReach({ sse: 0, ws: 0, watched: 0 });

    // The lean SSE route (graphql-sse, distinct connections).
    const sse = createLiveClient('sse', stack.gateway.url);
    const first = sse.subscribe(query, { id: ids[0] });
    const second = sse.subscribe(query, { id: ids[1] });
    await first.waitForResults(1);
    await second.waitForResults(1);
    await gaugesReach({ sse: 2, ws: 0, watched: 2 });

    // graphql-ws: one socket, two subscriptions, one of them on an execution already watched.
    const ws = createLiveClient('ws', stack.gateway.url);
    const third = ws.subscribe(query, { id: ids[0] });
    const fourth = ws.subscribe(query, { id: ids[2] });
    await third.waitForResults(1);
    await fourth.waitForResults(1);
    await gaugesReach({ sse: 2, ws: 2, watched: 3 });

    // Yoga's own SSE answer (an Accept that also takes JSON) and graphql-sse's single connection mode.
    const controller = new AbortController();
    const yogaStream = await request(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream, application/json' },
      body: JSON.stringify({ query, variables: { id: ids[1] } }),
      signal: controller.signal,
    });
    expect(yogaStream.headers['content-type']).toContain('text/event-stream');
    yogaStream.body.on('error', () => undefined);
    const single = createClient({ url: stack.gateway.url, singleConnection: true, retryAttempts: 0 });
    let singleResults = 0;
    const stopSingle = single.subscribe({ query, variables: { id: ids[2] } }, { next: () => void (singleResults += 1), error: () => undefined, complete: () => undefined });
    await until(() => singleResults > 0, 'a single connection result');
    await gaugesReach({ sse: 4, ws: 2, watched: 3 });

    first.unsubscribe();
    third.unsubscribe();
    await gaugesReach({ sse: 3, ws: 1, watched: 2 });
    controller.abort();
    stopSingle();
    second.unsubscribe();
    await gaugesReach({ sse: 0, ws: 1, watched: 1 });
    fourth.unsubscribe();
    await gaugesReach({ sse: 0, ws: 0, watched: 0 });
    single.dispose();
    await sse.close();
    await ws.close();
  });
});
