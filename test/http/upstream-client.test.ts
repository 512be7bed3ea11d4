import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UpstreamClient } from '../../src/http/upstream-client.js';
import { silentLogger } from '../../src/log/logger.js';
import { SimulatorServer } from '../../src/simulators/kit/index.js';

const key = 'upstream-secret-key';
let server: SimulatorServer;
let client: UpstreamClient;

beforeAll(async () => {
  server = new SimulatorServer({
    name: 'test',
    authenticate: (request) => request.headers.authorization === `Bearer ${key}`,
    unauthorized: () => ({ status: 401, json: { error: `bad key ${String(key)}` } }),
    errorResponse: (status, message) => ({ status, json: { error: message, echoed: key } }),
  });
  server.route('GET', '/thing', () => ({ status: 200, json: { ok: true } }));
  server.route('POST', '/thing', () => ({ status: 200, json: { created: true } }));
  server.route('PATCH', '/thing/precondition', () => ({ status: 400, json: { error: 'not in error status' } }));
  server.route('GET', '/echo', (request) => ({ status: 200, json: { headers: request.headers, query: [...request.query] } }), { auth: false });
  server.route('POST', '/echo', (request) => ({ status: 200, json: { headers: request.headers, body: request.body } }), { auth: false });
  server.route('GET', '/big', () => ({ status: 200, json: { data: 'x'.repeat(3 * 1024 * 1024) } }));
  await server.listen();
  client = new UpstreamClient({ provider: 'p', baseUrl: server.url, timeoutMs: 400, authHeaders: { authorization: `Bearer ${key}` }, logger: silentLogger });
});

afterAll(async () => {
  await client.close();
  await server.close();
});

beforeEach(() => {
  server.faults.clear();
  server.counters.reset();
});

const get = { method: 'GET', path: '/thing', operation: 'get thing', call: {} } as const;
const post = { method: 'POST', path: '/thing', operation: 'create thing', body: {}, call: {} } as const;

describe('UpstreamClient', () => {
  it('sends the auth header and parses JSON', async () => {
    await expect(client.send(get)).resolves.toMatchObject({ status: 200, body: { ok: true } });
  });

  it('reads very large bodies', async () => {
    const response = await client.send({ method: 'GET', path: '/big', operation: 'get big', call: {} });
    expect((response.body as { data: string }).data).toHaveLength(3 * 1024 * 1024);
  });

  it.each([
    [{ kind: 'status', status: 500 }, 'UPSTREAM_UNAVAILABLE', 500],
    [{ kind: 'status', status: 503 }, 'UPSTREAM_UNAVAILABLE', 503],
    [{ kind: 'status', status: 401 }, 'UPSTREAM_ERROR', 401],
    [{ kind: 'status', status: 403 }, 'UPSTREAM_ERROR', 403],
    [{ kind: 'status', status: 404 }, 'NOT_FOUND', 404],
    [{ kind: 'status', status: 418 }, 'UPSTREAM_ERROR', 418],
    [{ kind: 'reset' }, 'UPSTREAM_UNAVAILABLE', undefined],
    [{ kind: 'malformed' }, 'UPSTREAM_ERROR', 200],
    [{ kind: 'delay', ms: 1500 }, 'UPSTREAM_TIMEOUT', undefined],
  ] as const)('maps %j to %s on a POST, sent exactly once', async (fault, code, httpStatus) => {
    server.faults.inject(fault, { times: 5 });
    const error = await client.send(post).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code, provider: 'p', httpStatus });
    expect(server.counters.count('POST', '/thing')).toBe(1);
    expect(String((error as Error).message)).not.toContain(key);
  });

  it('retries a GET on 5xx and resets, and succeeds when the upstream recovers', async () => {
    server.faults.inject({ kind: 'status', status: 502 }, { times: 1 });
    server.faults.inject({ kind: 'reset' }, { times: 1 });
    await expect(client.send(get)).resolves.toMatchObject({ body: { ok: true } });
    expect(server.counters.count('GET', '/thing')).toBe(3);
  });

  it('makes one attempt of a GET whose caller says retry: false, and never retries a POST whatever the caller says', async () => {
    server.faults.inject({ kind: 'status', status: 500 }, { times: 10 });
    await expect(client.send({ ...get, call: { retry: false } })).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(server.counters.count('GET', '/thing')).toBe(1);
    await expect(client.send({ ...post, call: { retry: true } })).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(server.counters.count('POST', '/thing')).toBe(1);
  });

  it('bounds GET retries', async () => {
    server.faults.inject({ kind: 'status', status: 500 }, { times: 10 });
    await expect(client.send(get)).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(server.counters.count('GET', '/thing')).toBe(3);
  });

  it('answers RATE_LIMITED at once when Retry-After is longer than the retry budget', async () => {
    server.faults.inject({ kind: 'rate-limit', retryAfterSeconds: 120 }, { times: 3 });
    await expect(client.send(get)).rejects.toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 120, httpStatus: 429 });
    expect(server.counters.count('GET', '/thing')).toBe(1);
  });

  it('honours a short Retry-After on a GET', async () => {
    server.faults.inject({ kind: 'rate-limit', retryAfterSeconds: 0 }, { times: 1 });
    await expect(client.send(get)).resolves.toMatchObject({ body: { ok: true } });
    expect(server.counters.count('GET', '/thing')).toBe(2);
  });

  it('never retries a POST on 429', async () => {
    server.faults.inject({ kind: 'rate-limit', retryAfterSeconds: 0 }, { times: 3 });
    await expect(client.send(post)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect(server.counters.count('POST', '/thing')).toBe(1);
  });

  it('maps an upstream 400 on a guarded write to PRECONDITION_FAILED', async () => {
    await expect(
      client.send({ method: 'PATCH', path: '/thing/precondition', operation: 'cancel', on400: 'precondition', call: {} }),
    ).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', httpStatus: 400 });
  });

  it('answers UPSTREAM_TIMEOUT when every attempt of a GET outlives its deadline, within the retry budget', async () => {
    server.faults.inject({ kind: 'delay', ms: 1500 }, { times: 5 });
    await expect(client.send(get)).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT', provider: 'p' });
    // Attempts of at most 400 ms each inside the 3 × 400 ms budget: the backoff may leave room for two or three.
    expect(server.counters.count('GET', '/thing')).toBeGreaterThanOrEqual(2);
    expect(server.counters.count('GET', '/thing')).toBeLessThanOrEqual(3);
  });

  it("rejects a write with the caller's abort reason, not a timeout, and sends it once", async () => {
    server.faults.inject({ kind: 'delay', ms: 300 }, { times: 1 });
    const controller = new AbortController();
    const reason = new Error('caller went away');
    const sent = client.send({ ...post, call: { signal: controller.signal } });
    setTimeout(() => controller.abort(reason), 50);
    await expect(sent).rejects.toBe(reason);
    expect(server.counters.count('POST', '/thing')).toBe(1);
  });

  it("rejects a read whose only caller aborted with that caller's reason", async () => {
    server.faults.inject({ kind: 'delay', ms: 300 }, { times: 1 });
    const controller = new AbortController();
    const reason = new Error('reader went away');
    const read = client.send({ ...get, call: { signal: controller.signal } });
    setTimeout(() => controller.abort(reason), 50);
    await expect(read).rejects.toBe(reason);
    // Nothing retried after the abort.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(server.counters.count('GET', '/thing')).toBe(1);
  });

  it('sends the common headers, a request\'s own headers, the auth header only when asked, and the JSON content type with a body', async () => {
    const plain = await client.send({ method: 'GET', path: '/echo', operation: 'echo', auth: false, query: { a: 'x y', list: ['1', '2'], none: undefined }, call: {} });
    expect(plain.body).toMatchObject({ headers: { accept: 'application/json', 'user-agent': 'runql' }, query: [['a', 'x y'], ['list', '1'], ['list', '2']] });
    expect((plain.body as { headers: Record<string, string> }).headers.authorization).toBeUndefined();
    const own = await client.send({ method: 'GET', path: '/echo', operation: 'echo', headers: { 'x-extra': 'yes' }, call: {} });
    expect(own.body).toMatchObject({ headers: { 'x-extra': 'yes', authorization: `Bearer ${key}`, accept: 'application/json' } });
    const written = await client.send({ method: 'POST', path: '/echo', operation: 'echo', body: { n: 1 }, headers: { 'x-extra': 'yes' }, call: {} });
    expect(written.body).toMatchObject({ headers: { 'content-type': 'application/json', 'x-extra': 'yes', authorization: `Bearer ${key}` }, body: { n: 1 } });
    const common = await client.send({ method: 'POST', path: '/echo', operation: 'echo', body: { n: 2 }, auth: false, call: {} });
    expect(common.body).toMatchObject({ headers: { 'content-type': 'application/json' }, body: { n: 2 } });
    expect((common.body as { headers: Record<string, string> }).headers.authorization).toBeUndefined();
  });

  it('reports a refused connection as UPSTREAM_UNAVAILABLE', async () => {
    const closed = new UpstreamClient({ provider: 'gone', baseUrl: 'http://127.0.0.1:1', timeoutMs: 300, authHeaders: {}, logger: silentLogger });
    await expect(closed.send(post)).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', provider: 'gone' });
    await closed.close();
  });
});
