import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { executionGlobalId } from '../../src/model/global-id.js';
import { startAirOpsStack, type AirOpsStack } from '../helpers/airops-stack.js';
import { hasSample, histogramCount, scrapeMetrics, totalOf, valueOf } from '../helpers/metrics-scrape.js';

let stack: AirOpsStack;
let uuids: string[];

beforeAll(async () => {
  // Every read reaches the upstream (no finished-execution cache), and the breaker never opens: the burst counts every kind of outcome.
  // The deadline is far above any answer's time on a loaded machine: only the delayed ones reach it.
  stack = await startAirOpsStack({ provider: { timeoutMs: 2000 }, config: { cache: { finishedTtlMs: 0 }, breaker: { failureThreshold: 1000 } } });
  const app = stack.simulator.addApp({ name: 'metrics' });
  uuids = Array.from({ length: 6 }, () => stack.simulator.addExecution({ app: app.id, status: 'success' }).uuid);
});

afterAll(() => stack.close());

beforeEach(() => {
  stack.simulator.server.faults.clear();
});

const read = (uuid: string) =>
  stack.gateway.graphql(`query ($uuid: String!) { executionByNativeId(provider: "airops", nativeId: $uuid) { status } }`, { uuid });

describe('GET /metrics', () => {
  it('serves the Prometheus text format with every contracted family, type and label', async () => {
    await read(uuids[0]!);
    const scrape = await scrapeMetrics(stack.gateway.origin);
    expect(scrape.status).toBe(200);
    expect(scrape.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    const families = scrape.families;
    expect(families.get('runql_upstream_requests_total')?.type).toBe('counter');
    expect(families.get('runql_upstream_request_duration_seconds')?.type).toBe('histogram');
    expect(families.get('runql_live_subscriptions')?.type).toBe('gauge');
    expect(families.get('runql_live_watched_executions')?.type).toBe('gauge');
    expect(families.get('runql_circuit_state')?.type).toBe('gauge');
    expect(families.get('runql_graphql_operations_total')?.type).toBe('counter');
    expect(families.get('process_resident_memory_bytes')?.type).toBe('gauge');
    expect(families.get('nodejs_eventloop_lag_seconds')?.type).toBe('gauge');

    expect(valueOf(scrape, 'runql_upstream_requests_total', { provider: 'airops', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(histogramCount(scrape, 'runql_upstream_request_duration_seconds', { provider: 'airops' })).toBeGreaterThanOrEqual(1);
    for (const outcome of ['ok', 'client_error', 'server_error', 'timeout', 'network', 'rate_limited']) {
      expect(hasSample(scrape, 'runql_upstream_requests_total', { provider: 'airops', outcome })).toBe(true);
    }
    for (const [name, labels] of [
      ['runql_live_subscriptions', { transport: 'sse' }],
      ['runql_live_subscriptions', { transport: 'ws' }],
      ['runql_live_watched_executions', { provider: 'airops' }],
      ['runql_circuit_state', { provider: 'airops' }],
    ] as const) {
      expect(hasSample(scrape, name, labels)).toBe(true);
      expect(valueOf(scrape, name, labels)).toBe(0);
    }
    expect(valueOf(scrape, 'runql_graphql_operations_total', { type: 'query', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
  });

  it('counts every upstream request once, with its outcome, exactly as the upstream saw them, over a burst with 500s, 429s, timeouts and resets', async () => {
    const before = await scrapeMetrics(stack.gateway.origin);
    stack.simulator.server.counters.reset();
    const faults = stack.simulator.server.faults;
    faults.inject({ kind: 'status', status: 500 }, { times: 3 });
    faults.inject({ kind: 'rate-limit', retryAfterSeconds: 0 }, { times: 2 });
    faults.inject({ kind: 'delay', ms: 2500 }, { times: 2 });
    faults.inject({ kind: 'status', status: 404 }, { times: 1 });
    faults.inject({ kind: 'reset' }, { times: 1 });
    const answers = await Promise.all(Array.from({ length: 24 }, (_, index) => read(uuids[index % uuids.length]!)));
    expect(faults.pending()).toBe(0);
    expect(answers.every((answer) => answer.status === 200)).toBe(true);

    const after = await scrapeMetrics(stack.gateway.origin);
    const counted = (outcome: string) =>
      valueOf(after, 'runql_upstream_requests_total', { provider: 'airops', outcome }) - valueOf(before, 'runql_upstream_requests_total', { provider: 'airops', outcome });
    const seenUpstream = stack.simulator.server.counters.total();
    expect(totalOf(after, 'runql_upstream_requests_total', { provider: 'airops' }) - totalOf(before, 'runql_upstream_requests_total', { provider: 'airops' })).toBe(seenUpstream);
    expect(counted('server_error')).toBe(3);
    expect(counted('rate_limited')).toBe(2);
    expect(counted('timeout')).toBe(2);
    expect(counted('client_error')).toBe(1);
    expect(counted('network')).toBe(1);
    expect(counted('ok')).toBe(seenUpstream - 9);
    const durations = (scrape: typeof after) => histogramCount(scrape, 'runql_upstream_request_duration_seconds', { provider: 'airops' });
    expect(durations(after) - durations(before)).toBe(seenUpstream);
  });

  it('counts GraphQL operations by type and outcome', async () => {
    const before = await scrapeMetrics(stack.gateway.origin);
    await stack.gateway.graphql(`{ providers { name } }`);
    await stack.gateway.graphql(`{ execution(id: "not-a-global-id") { id } }`);
    await stack.gateway.graphql(`mutation { cancelExecution(id: "not-a-global-id") { id } }`);
    const after = await scrapeMetrics(stack.gateway.origin);
    const delta = (type: string, outcome: string) =>
      valueOf(after, 'runql_graphql_operations_total', { type, outcome }) - valueOf(before, 'runql_graphql_operations_total', { type, outcome });
    expect(delta('query', 'ok')).toBe(1);
    expect(delta('query', 'error')).toBe(1);
    expect(delta('mutation', 'error')).toBe(1);
    expect(delta('mutation', 'ok')).toBe(0);
  });

  it('keeps its size whatever operation names and ids clients send: 300 requests add no series', async () => {
    await scrapeMetrics(stack.gateway.origin);
    const before = await scrapeMetrics(stack.gateway.origin);
    const made: string[] = [];
    for (let batch = 0; batch < 30; batch += 1) {
      await Promise.all(
        Array.from({ length: 10 }, () => {
          const name = `Op${Math.random().toString(36).slice(2, 10)}`;
          const nativeId = `00000000-0000-4000-8000-${Math.floor(Math.random() * 1e12).toString().padStart(12, '0')}`;
          made.push(name, nativeId);
          return stack.gateway.graphql(`query ${name}($id: ID!, $nativeId: String!) { execution(id: $id) { id } executionByNativeId(provider: "airops", nativeId: $nativeId) { id } }`, {
            id: executionGlobalId('airops', nativeId),
            nativeId,
          });
        }),
      );
    }
    const after = await scrapeMetrics(stack.gateway.origin);
    const ownLines = (text: string) => text.split('\n').filter((line) => line.startsWith('runql_')).length;
    expect(ownLines(after.text)).toBe(ownLines(before.text));
    // The process's own families may gain a series (a first major GC), never one per request.
    expect(after.text.split('\n').length - before.text.split('\n').length).toBeLessThanOrEqual(20);
    for (const value of made) expect(after.text).not.toContain(value);
    expect(valueOf(after, 'runql_graphql_operations_total', { type: 'query', outcome: 'ok' }) - valueOf(before, 'runql_graphql_operations_total', { type: 'query', outcome: 'ok' })).toBe(300);
  });

  it('answers HEAD, refuses other methods with 405 and Allow, and needs no client key', async () => {
    const head = await request(`${stack.gateway.origin}/metrics`, { method: 'HEAD' });
    expect(head.statusCode).toBe(200);
    await head.body.dump();
    const post = await request(`${stack.gateway.origin}/metrics`, { method: 'POST', body: '' });
    expect(post.statusCode).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    expect(((await post.body.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('an answer with data and a provider error', () => {
  it('counts as an error: the listing that one provider failed is a partial answer', async () => {
    // A listed app whose list calls fail: `executions` answers its data (none) with that provider's error.
    const listing = await startAirOpsStack({ provider: { apps: ['1'], timeoutMs: 2000 }, config: { breaker: { failureThreshold: 1000 } } });
    try {
      const before = await scrapeMetrics(listing.gateway.origin);
      listing.simulator.server.faults.inject({ kind: 'status', status: 503 }, { times: 20 });
      const partial = await listing.gateway.graphql<{ executions: { edges: unknown[] } }>(`{ executions(first: 5) { edges { node { id } } } }`);
      listing.simulator.server.faults.clear();
      expect(partial.body.data?.executions).toEqual({ edges: [] });
      expect(partial.body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', provider: 'airops' });
      const after = await scrapeMetrics(listing.gateway.origin);
      const delta = (outcome: string) => valueOf(after, 'runql_graphql_operations_total', { type: 'query', outcome }) - valueOf(before, 'runql_graphql_operations_total', { type: 'query', outcome });
      expect(delta('error')).toBe(1);
      expect(delta('ok')).toBe(0);
    } finally {
      await listing.close();
    }
  });
});
