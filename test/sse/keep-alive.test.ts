import { request } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { executionGlobalId } from '../../src/model/global-id.js';
import { startAirOpsStack, type AirOpsStack } from '../helpers/airops-stack.js';
import { until } from '../helpers/live-clients.js';

let stack: AirOpsStack;

beforeAll(async () => {
  stack = await startAirOpsStack({ config: { polling: { intervalMs: 40, maxIntervalMs: 400 } } });
});

afterAll(() => stack.close());

// Yoga pings every 12 s in production; under NODE_ENV=test (vitest) every 300 ms.
it('keeps a quiet SSE subscription alive with comment pings between events', async () => {
  const app = stack.simulator.addApp({ name: 'quiet' }).id;
  const uuid = stack.simulator.addExecution({ app, status: 'review_needed' }).uuid;
  let text = '';
  const outgoing = request(stack.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/event-stream' } });
  outgoing.on('response', (response) => {
    expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => (text += chunk));
  });
  outgoing.end(JSON.stringify({ query: `subscription ($id: ID!) { executionUpdated(id: $id) { status } }`, variables: { id: executionGlobalId('airops', uuid) } }));
  await until(() => text.includes('event: next'), 'the first event');
  const afterFirst = () => text.slice(text.indexOf('event: next'));
  await until(() => (afterFirst().match(/^:\n\n/gm) ?? []).length >= 2, 'two pings after the first event');
  expect(afterFirst().match(/event: next/g)).toHaveLength(1);
  outgoing.destroy();
});
