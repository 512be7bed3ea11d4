import { createClient, type Client } from 'graphql-sse';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executionGlobalId } from '../../src/model/global-id.js';
import { startAirOpsStack, type AirOpsStack } from '../helpers/airops-stack.js';
import { until, type LiveResult } from '../helpers/live-clients.js';
import { scrapeMetrics, valueOf } from '../helpers/metrics-scrape.js';

const origin = 'https://app.example.com';
const clientKey = 'single-connection-client-key-1';
const authorization = `Bearer ${clientKey}`;

const executionUpdated = `subscription ($id: ID!) { executionUpdated(id: $id) { id status isTerminal } }`;

type Update = { executionUpdated: { id: string; status: string; isTerminal: boolean } };

interface Tracked<T> {
  results: LiveResult<T>[];
  completed: boolean;
  error: unknown;
}

/** One operation over the client: what it received and how it ended. */
function track<T>(client: Client<true>, query: string, variables?: Record<string, unknown>): Tracked<T> {
  const tracked: Tracked<T> = { results: [], completed: false, error: undefined };
  client.subscribe(
    { query, ...(variables ? { variables } : {}) },
    {
      next: (value) => void tracked.results.push(value as LiveResult<T>),
      error: (error) => {
        tracked.error = error;
      },
      complete: () => {
        tracked.completed = true;
      },
    },
  );
  return tracked;
}

/** A stream reserved and opened over raw HTTP (PUT, then GET with the token): what it received so far. */
async function reservedStream() {
  const token = await (await request(url, { method: 'PUT', headers: { authorization } })).body.text();
  const stream = await request(`${url}?token=${token}`, { headers: { accept: 'text/event-stream' } });
  let text = '';
  stream.body.setEncoding('utf8');
  stream.body.on('data', (chunk: string) => {
    text += chunk;
  });
  return { token, stream, received: () => text };
}

const ended = (tracked: Tracked<unknown>) => tracked.completed || tracked.error !== undefined;

let stack: AirOpsStack;
let app: number;
let url: string;

beforeAll(async () => {
  stack = await startAirOpsStack({ config: { auth: { apiKeys: [{ key: clientKey }] }, cors: { origins: [origin] }, polling: { intervalMs: 30, maxIntervalMs: 120 } } });
  app = stack.simulator.addApp({ name: 'single' }).id;
  url = stack.gateway.url;
});

afterAll(() => stack.close());

describe("graphql-sse's single connection mode", () => {
  let client: Client<true>;

  beforeAll(() => {
    client = createClient({ url, singleConnection: true, retryAttempts: 0, headers: { authorization } });
  });

  afterAll(() => client.dispose());

  it('streams several subscriptions over one connection, each completing after its terminal state', async () => {
    const wires = [0, 1, 2].map(() =>
      stack.simulator.addExecution({ app, run: { outcome: 'success', pendingMs: 1000, runningMs: 1000, output: { answer: 1 } } }),
    );
    const subscriptions = wires.map((wire) => track<Update>(client, executionUpdated, { id: executionGlobalId('airops', wire.uuid) }));
    await until(() => subscriptions.every((s) => s.results.length >= 1 || ended(s)), 'first states');
    stack.clock.advance(1000);
    await until(() => subscriptions.every((s) => s.results.length >= 2 || ended(s)), 'running states');
    stack.clock.advance(1000);
    await until(() => subscriptions.every(ended), 'completion');
    for (const [index, subscription] of subscriptions.entries()) {
      expect(subscription.error).toBeUndefined();
      expect(subscription.completed).toBe(true);
      expect(subscription.results.map((result) => result.data?.executionUpdated.status)).toEqual(['PENDING', 'RUNNING', 'SUCCEEDED']);
      expect(subscription.results[0]!.data!.executionUpdated.id).toBe(executionGlobalId('airops', wires[index]!.uuid));
    }
  });

  it('answers a query over the same client', async () => {
    const query = track<{ providers: { name: string }[] }>(client, '{ providers { name kind } }');
    await until(() => ended(query), 'query');
    expect(query.error).toBeUndefined();
    expect(query.results).toEqual([{ data: { providers: [{ name: 'airops', kind: 'AIROPS' }] } }]);
  });

  it('ends a malformed or invalid document alone, with its code, while the others go on', async () => {
    const wire = stack.simulator.addExecution({ app, run: { outcome: 'success', pendingMs: 1000, runningMs: 1000 } });
    const live = track<Update>(client, executionUpdated, { id: executionGlobalId('airops', wire.uuid) });
    await until(() => live.results.length >= 1 || ended(live), 'first state');
    const malformed = track(client, 'subscription { executionUpdated(id: ');
    const invalid = track(client, 'subscription { noSuchField }');
    await until(() => ended(malformed) && ended(invalid), 'refusals');
    expect(malformed.error).toBeUndefined();
    expect(malformed.results).toHaveLength(1);
    expect(malformed.results[0]!.data).toBeUndefined();
    expect(malformed.results[0]!.errors![0]!.extensions).toEqual({ code: 'GRAPHQL_PARSE_FAILED' });
    expect(invalid.results[0]!.errors![0]!.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });

    stack.clock.advance(1000);
    await until(() => live.results.length >= 2 || ended(live), 'running state');
    stack.clock.advance(1000);
    await until(() => ended(live), 'live completion');
    expect(live.error).toBeUndefined();
    expect(live.results.map((result) => result.data?.executionUpdated.status)).toEqual(['PENDING', 'RUNNING', 'SUCCEEDED']);
  });
});

describe('single connection mode: a client that leaves', () => {
  it('stops the upstream read of a query in flight when its stream closes', async () => {
    const wire = stack.simulator.addExecution({ app, status: 'running' });
    const path = `/public_api/airops_apps/executions/${wire.uuid}`;
    // Far longer than the wait below: only an abort ends the read in time.
    stack.simulator.server.faults.inject({ kind: 'delay', ms: 60_000 }, { method: 'GET', path });
    const cut = async () => valueOf(await scrapeMetrics(new URL(url).origin), 'runql_upstream_requests_total', { provider: 'airops', outcome: 'network' });
    const before = await cut();
    const client = createClient({ url, singleConnection: true, retryAttempts: 0, headers: { authorization } });
    const query = track(client, `query ($id: ID!) { execution(id: $id) { status } }`, { id: executionGlobalId('airops', wire.uuid) });
    await until(() => stack.simulator.server.counters.count('GET', path) === 1, 'the read reached the upstream');
    expect(ended(query)).toBe(false);

    client.dispose();
    await until(async () => (await cut()) === before + 1, 'the upstream read cut when the stream closed');
  });
});

describe('single connection mode: a second open of a stream', () => {
  it('is refused (409) without cutting the open stream or the upstream calls of its operations', async () => {
    const wire = stack.simulator.addExecution({ app, status: 'running' });
    const { token, stream, received } = await reservedStream();
    expect(stream.statusCode).toBe(200);
    // A reconnecting EventSource, say, while the first is still open.
    const again = await request(`${url}?token=${token}`, { headers: { accept: 'text/event-stream' } });
    expect(again.statusCode).toBe(409);
    await again.body.dump();

    const posted = await request(url, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json', 'x-graphql-event-stream-token': token },
      body: JSON.stringify({ query: `query ($id: ID!) { execution(id: $id) { status } }`, variables: { id: executionGlobalId('airops', wire.uuid) }, extensions: { operationId: 'read' } }),
    });
    expect(posted.statusCode).toBe(202);
    await posted.body.dump();
    await until(() => received().includes('"id":"read","payload":'), 'the operation answered on the open stream');
    expect(received()).toContain('"id":"read","payload":{"data":{"execution":{"status":"RUNNING"}}}');
    stream.body.destroy();
  });
});

describe('single connection mode without a valid key', () => {
  it('refuses the reservation (401) to a client without a key', async () => {
    const client = createClient({ url, singleConnection: true, retryAttempts: 0 });
    const subscription = track(client, '{ providers { name } }');
    await until(() => ended(subscription), 'refusal');
    expect(subscription.completed).toBe(false);
    expect(String((subscription.error as { response?: { status?: number } })?.response?.status ?? subscription.error)).toContain('401');
    client.dispose();

    const raw = await request(url, { method: 'PUT', headers: { authorization: 'Bearer wrong-key' } });
    expect(raw.statusCode).toBe(401);
    const body = (await raw.body.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses an operation without a valid key on a reserved stream (UNAUTHENTICATED), the stream stays open', async () => {
    // graphql-sse's client sends one set of headers per connection: raw requests carry another key.
    const { token, stream, received } = await reservedStream();
    expect(stream.statusCode).toBe(200);
    const post = (operationId: string, key: string) =>
      request(url, {
        method: 'POST',
        headers: { authorization: key, 'content-type': 'application/json', 'x-graphql-event-stream-token': token },
        body: JSON.stringify({ query: '{ providers { name } }', extensions: { operationId } }),
      });
    const refused = await post('refused', 'Bearer wrong-key');
    expect(refused.statusCode).toBe(202);
    await refused.body.dump();
    await until(() => received().includes('"id":"refused"}'), 'refused operation completes');
    const event = /data: (\{"id":"refused","payload".*)\n/.exec(received());
    const payload = (JSON.parse(event![1]!) as { payload: LiveResult }).payload;
    expect(payload.data).toBeUndefined();
    expect(payload.errors![0]!.extensions).toEqual({ code: 'UNAUTHENTICATED' });

    const allowed = await post('allowed', authorization);
    expect(allowed.statusCode).toBe(202);
    await allowed.body.dump();
    await until(() => received().includes('"id":"allowed","payload":{"data":{"providers":[{"name":"airops"}]}}'), 'allowed operation');
    stream.body.destroy();
  });
});

describe('the reservation over raw HTTP', () => {
  it('answers a PUT with 201 and a token', async () => {
    const response = await request(url, { method: 'PUT', headers: { authorization } });
    expect(response.statusCode).toBe(201);
    expect(String(response.headers['content-type'])).toContain('text/plain');
    const token = await response.body.text();
    expect(token).toMatch(/^[0-9a-f-]{36}$/);
    // A token is reserved once; an operation for an unknown token finds no stream.
    const unknown = await request(url, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json', 'x-graphql-event-stream-token': 'not-reserved' },
      body: JSON.stringify({ query: '{ providers { name } }', extensions: { operationId: '1' } }),
    });
    expect(unknown.statusCode).toBe(404);
    await unknown.body.dump();
  });

  it('applies the configured CORS policy: preflight for PUT and the token header, and the reservation itself', async () => {
    const preflight = await request(url, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization, x-graphql-event-stream-token' },
    });
    await preflight.body.dump();
    expect(preflight.statusCode).toBeLessThan(300);
    expect(String(preflight.headers['access-control-allow-methods'])).toContain('PUT');
    expect(String(preflight.headers['access-control-allow-headers'])).toContain('x-graphql-event-stream-token');
    const reservation = await request(url, { method: 'PUT', headers: { authorization, origin } });
    await reservation.body.dump();
    expect(reservation.statusCode).toBe(201);
    expect(reservation.headers).toMatchObject({ 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true' });
  });

  it('still bounds request bodies before routing', async () => {
    const response = await request(url, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json', 'x-graphql-event-stream-token': 'any', 'content-length': String(3 * 1024 * 1024) },
      body: 'x'.repeat(3 * 1024 * 1024),
    });
    expect(response.statusCode).toBe(413);
    await response.body.dump();
  });
});

describe('graceful stop', () => {
  it('completes the operations of an open single-connection stream and ends the stream', async () => {
    const own = await startAirOpsStack();
    const ownApp = own.simulator.addApp({ name: 'stop' }).id;
    const client = createClient({ url: own.gateway.url, singleConnection: true, retryAttempts: 0 });
    try {
      const wire = own.simulator.addExecution({ app: ownApp, status: 'running' });
      const subscription = track<Update>(client, executionUpdated, { id: executionGlobalId('airops', wire.uuid) });
      await until(() => subscription.results.length >= 1 || ended(subscription), 'first state');
      await own.close();
      await until(() => ended(subscription), 'completion at stop');
      expect(subscription.error).toBeUndefined();
      expect(subscription.completed).toBe(true);
    } finally {
      client.dispose();
    }
  });
});
