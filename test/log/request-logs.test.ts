import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executionGlobalId } from '../../src/model/global-id.js';
import { startAirOpsStack, type AirOpsStack } from '../helpers/airops-stack.js';
import { until } from '../helpers/live-clients.js';

let stack: AirOpsStack;
let slow: string;

beforeAll(async () => {
  stack = await startAirOpsStack({ provider: { timeoutMs: 5000 }, config: { cache: { finishedTtlMs: 0 } } });
  const app = stack.simulator.addApp({ name: 'logs' });
  slow = stack.simulator.addExecution({ app: app.id, status: 'success' }).uuid;
});

afterAll(() => stack.close());

async function post(headers: Record<string, string>, query = '{ providers { name } }') {
  const response = await request(stack.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
  await response.body.dump();
  return response;
}

describe('request ids', () => {
  it('echoes a safe x-request-id and answers one of its own otherwise', async () => {
    expect((await post({ 'x-request-id': 'abc-123.trace:7' })).headers['x-request-id']).toBe('abc-123.trace:7');
    const generated = (await post({})).headers['x-request-id'];
    expect(generated).toMatch(/^[0-9a-f]{12}-[0-9a-z]+$/);
    expect((await post({})).headers['x-request-id']).not.toBe(generated);
    for (const unsafe of ['x'.repeat(129), 'has space', 'quote"d', '<script>']) {
      const answered = (await post({ 'x-request-id': unsafe })).headers['x-request-id'];
      expect(answered).not.toBe(unsafe);
      expect(answered).toMatch(/^[0-9a-f]{12}-[0-9a-z]+$/);
    }
  });

  it('is on every HTTP answer: Yoga errors, the lean SSE route, /health', async () => {
    expect((await post({ 'x-request-id': 'bad-doc' }, '{ nope')).headers['x-request-id']).toBe('bad-doc');
    const health = await request(`${stack.gateway.origin}/health`, { headers: { 'x-request-id': 'probe-1' } });
    await health.body.dump();
    expect(health.headers['x-request-id']).toBe('probe-1');
    const controller = new AbortController();
    const stream = await request(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'x-request-id': 'stream-1' },
      body: JSON.stringify({ query: `subscription ($id: ID!) { executionUpdated(id: $id) { status } }`, variables: { id: executionGlobalId('airops', slow) } }),
      signal: controller.signal,
    });
    expect(stream.headers['content-type']).toBe('text/event-stream');
    expect(stream.headers['x-request-id']).toBe('stream-1');
    stream.body.on('error', () => undefined);
    controller.abort();
  });
});

describe('log lines', () => {
  it.each([
    ['the JSON POST route', 'POST'],
    ['Yoga (a GET)', 'GET'],
  ] as const)('says at info, with the request id, that a client went away mid-request over %s: not "unexpected error (a bug)"', async (_route, method) => {
    const path = `/public_api/airops_apps/executions/${slow}`;
    const requestId = `gone-client-${method}`;
    stack.simulator.server.counters.reset();
    // Far longer than the test: only the client leaving ends the read (the provider's 5 s timeout would too, late).
    stack.simulator.server.faults.inject({ kind: 'delay', ms: 60_000 }, { path });
    const before = stack.gateway.logs.length;
    const servedBefore = stack.gateway.server.jsonPost.servedRequests;
    const query = `query ($id: ID!) { execution(id: $id) { status } }`;
    const variables = { id: executionGlobalId('airops', slow) };
    const controller = new AbortController();
    const pending = (
      method === 'POST'
        ? request(stack.gateway.url, { method, headers: { 'content-type': 'application/json', 'x-request-id': requestId }, body: JSON.stringify({ query, variables }), signal: controller.signal })
        : request(`${stack.gateway.url}?query=${encodeURIComponent(query)}&variables=${encodeURIComponent(JSON.stringify(variables))}`, { headers: { 'x-request-id': requestId }, signal: controller.signal })
    ).catch((error: unknown) => error);
    await until(() => stack.simulator.server.counters.count('GET', path) === 1, 'the upstream read');
    controller.abort();
    await pending;
    stack.simulator.server.faults.clear();
    await until(() => stack.gateway.logs.slice(before).some((line) => line.includes(requestId)), 'a log line of the request');
    expect(stack.gateway.server.jsonPost.servedRequests - servedBefore).toBe(method === 'POST' ? 1 : 0);
    const lines = stack.gateway.logs.slice(before).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.filter((line) => String(line.msg).includes('unexpected error'))).toEqual([]);
    expect(lines).toContainEqual(expect.objectContaining({ level: 'info', requestId, msg: expect.stringContaining('client went away') }));
  });

  it('are one JSON object per line with level, time and msg', () => {
    expect(stack.gateway.logs.length).toBeGreaterThan(0);
    for (const line of stack.gateway.logs) {
      expect(line).not.toContain('\n');
      const entry = JSON.parse(line) as Record<string, unknown>;
      expect(['debug', 'info', 'warn', 'error']).toContain(entry.level);
      expect(new Date(entry.time as string).toISOString()).toBe(entry.time);
      expect(typeof entry.msg).toBe('string');
    }
  });
});
