import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UpstreamClient } from '../../src/http/upstream-client.js';
import type { UpstreamOutcome, UpstreamSpan, UpstreamTracer } from '../../src/http/upstream-instruments.js';
import { silentLogger } from '../../src/log/logger.js';
import { SimulatorServer } from '../../src/simulators/kit/index.js';
import { until } from '../helpers/live-clients.js';

const key = 'instruments-upstream-key-5';
let server: SimulatorServer;
let client: UpstreamClient;
const ended: UpstreamOutcome[] = [];
const spans: { method: string; path: string; traceparent: string; ended?: [UpstreamOutcome, number | undefined] }[] = [];
const seenTraceparents: (string | string[] | undefined)[] = [];

const tracer: UpstreamTracer = {
  start(method, path) {
    const record: (typeof spans)[number] = { method, path, traceparent: `00-${'a'.repeat(32)}-${String(spans.length + 1).padStart(16, '0')}-01` };
    spans.push(record);
    const span: UpstreamSpan = { traceparent: record.traceparent, end: (outcome, status) => void (record.ended = [outcome, status]) };
    return span;
  },
};

beforeAll(async () => {
  server = new SimulatorServer({
    name: 'instruments',
    authenticate: (request) => request.headers.authorization === `Bearer ${key}`,
    unauthorized: () => ({ status: 401, json: { error: 'bad key' } }),
    errorResponse: (status, message) => ({ status, json: { error: message } }),
  });
  server.route('GET', '/prefix/thing', (request) => {
    seenTraceparents.push(request.headers.traceparent);
    return { status: 200, json: { ok: true } };
  });
  await server.listen();
  client = new UpstreamClient({
    provider: 'p',
    baseUrl: `${server.url}/prefix`,
    timeoutMs: 2000,
    authHeaders: { authorization: `Bearer ${key}` },
    logger: silentLogger,
    instruments: { meter: { ended: (outcome) => void ended.push(outcome) }, tracer },
  });
});

afterAll(async () => {
  await client.close();
  await server.close();
});

beforeEach(() => {
  server.faults.clear();
  server.counters.reset();
  ended.length = 0;
  spans.length = 0;
  seenTraceparents.length = 0;
});

describe('UpstreamClient instruments', () => {
  it('meters and spans every attempt once, retries included, and sends each attempt its own traceparent', async () => {
    server.faults.inject({ kind: 'status', status: 503 }, { path: '/prefix/thing' });
    server.faults.inject({ kind: 'rate-limit', retryAfterSeconds: 0 }, { path: '/prefix/thing' });
    await client.send({ method: 'GET', path: '/thing', query: { secret: 'no' }, operation: 'get thing', call: {} });
    expect(server.counters.total()).toBe(3);
    expect(ended).toEqual(['server_error', 'rate_limited', 'ok']);
    expect(spans.map((span) => [span.method, span.path, span.ended])).toEqual([
      ['GET', '/prefix/thing', ['server_error', 503]],
      ['GET', '/prefix/thing', ['rate_limited', 429]],
      ['GET', '/prefix/thing', ['ok', 200]],
    ]);
    // The faulted attempts never reached the route; the one that did carries its span's traceparent.
    expect(seenTraceparents).toEqual([spans[2]!.traceparent]);
  });

  it('counts a deadline as timeout, and a reset or a caller that left as network (the contract has no other value)', async () => {
    server.faults.inject({ kind: 'delay', ms: 3000 }, { path: '/prefix/thing' });
    await expect(client.send({ method: 'GET', path: '/thing', operation: 'get thing', call: { retry: false } })).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
    server.faults.inject({ kind: 'reset' }, { path: '/prefix/thing' });
    await expect(client.send({ method: 'GET', path: '/thing', operation: 'get thing', call: { retry: false } })).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    server.faults.inject({ kind: 'delay', ms: 3000 }, { path: '/prefix/thing' });
    const controller = new AbortController();
    const leaving = client.send({ method: 'GET', path: '/thing', operation: 'get thing', call: { signal: controller.signal } });
    await until(() => server.counters.total() === 3, 'the third request');
    const gone = new Error('the caller left');
    controller.abort(gone);
    await expect(leaving).rejects.toBeDefined();
    await expect(leaving).rejects.toBe(gone);
    expect(ended).toEqual(['timeout', 'network', 'network']);
    expect(server.counters.total()).toBe(3);
  });

  it('counts nothing that was never sent', async () => {
    const controller = new AbortController();
    const gone = new Error('the caller left');
    controller.abort(gone);
    const never = client.send({ method: 'POST', path: '/thing', operation: 'create thing', body: {}, call: { signal: controller.signal } });
    await expect(never).rejects.toBeDefined();
    await expect(never).rejects.toBe(gone);
    expect(ended).toEqual([]);
    expect(server.counters.total()).toBe(0);
  });
});
