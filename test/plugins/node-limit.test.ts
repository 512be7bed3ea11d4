import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executionGlobalId } from '../../src/model/global-id.js';
import { airopsKey, startAirOpsStack, type AirOpsStack } from '../helpers/airops-stack.js';
import type { GraphqlResponse } from '../helpers/graphql-http.js';
import { createLiveClient, type LiveResult } from '../helpers/live-clients.js';
import { nextData, openRawEventStream } from '../helpers/raw-event-streams.js';

const page = (first: string, inner = 'id') => `executions${first} { edges { node { ${inner} } } }`;
const children = (first: string, inner = 'id') => `children${first} { edges { node { ${inner} } } }`;

/** 100 + 100 × 99: exactly the limit. */
const tenThousand = page('(first: 100)', children('(first: 99)'));
const fragments = `fragment Kids on Execution { ${children('(first: 99)')} } fragment Page on Query { ${page('(first: 50)', '...Kids')} }`;

let stack: AirOpsStack;
let id: string;

beforeAll(async () => {
  stack = await startAirOpsStack();
  const app = stack.simulator.addApp({ name: 'limits' });
  id = executionGlobalId('airops', stack.simulator.addExecution({ app: app.id, status: 'success' }).uuid);
});

afterAll(() => stack.close());

function expectServed(response: GraphqlResponse, what: string): void {
  expect(response.status, `${what}: ${response.text.slice(0, 300)}`).toBe(200);
  expect(response.body.errors, what).toBeUndefined();
  expect(response.body.data, what).toBeTruthy();
}

/** An HTTP response (status and body) or one result: refused by the node limit alone, nothing resolved. */
function expectRefused(response: { status?: number; body: { data?: unknown; errors?: unknown[] } } | LiveResult, requested: number, what: string): void {
  const result = 'body' in response ? response.body : response;
  if ('status' in response) expect(response.status, what).toBe(400);
  expect(result.data ?? undefined, what).toBeUndefined();
  const errors = result.errors as { message: string; extensions?: Record<string, unknown> }[];
  expect(errors, what).toHaveLength(1);
  expectNodeLimitError(errors[0]!, requested, what);
}

function expectNodeLimitError(error: { message: string; extensions?: Record<string, unknown> }, requested: number, what: string): void {
  expect(error.extensions, what).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'nodes', requested, allowed: 10_000 });
  expect(error.message, what).toContain(requested.toLocaleString('en-US'));
  expect(error.message, what).toContain('10,000');
  expect(error.message, what).toMatch(/nodes/);
  expect(error.message, what).not.toMatch(/syntax error/i);
  expect(JSON.stringify(error), what).not.toContain(airopsKey);
}

describe('the node limit over HTTP', () => {
  it('serves exactly 10,000 nodes and refuses 10,001 (aliases)', async () => {
    expectServed(await stack.gateway.graphql(`{ ${tenThousand} }`), '10,000');
    expectRefused(await stack.gateway.graphql(`{ ${tenThousand} one: ${page('(first: 1)')} }`), 10_001, '10,001');
    expectRefused(await stack.gateway.graphql(`{ ${page('(first: 100)', children('(first: 100)'))} }`), 10_100, '10,100');
  });

  it('counts a fragment each time it is spread', async () => {
    expectServed(await stack.gateway.graphql(`{ ...Page ...Page } ${fragments}`), 'two spreads of 5,000');
    expectRefused(await stack.gateway.graphql(`{ ...Page ...Page one: ${page('(first: 1)')} } ${fragments}`), 10_001, 'two spreads and one more');
    expectRefused(await stack.gateway.graphql(`{ ...Page ...Page ...Page } ${fragments}`), 15_000, 'three spreads');
    expectRefused(await stack.gateway.graphql(`{ ... on Query { ${tenThousand} } ... { one: ${page('(first: 1)')} } }`), 10_001, 'inline fragments');
  });

  it('counts aliased connections twice', async () => {
    const twice = `{ a: ${page('(first: 50)', children('(first: 99)'))} b: ${page('(first: 50)', children('(first: 99)'))} }`;
    expectServed(await stack.gateway.graphql(twice), 'two aliases of 5,000');
    expectRefused(await stack.gateway.graphql(twice.replace('{ a:', '{ c: executions(first: 1) { pageInfo { hasNextPage } } a:')), 10_001, 'and one more alias');
  });

  it('leaves out what @skip and @include leave out, with literal and variable conditions', async () => {
    const query = `query ($skip: Boolean!, $with: Boolean!) { a: ${page('(first: 100) @skip(if: $skip)', children('(first: 99)'))} b: ${page('(first: 1) @include(if: $with)')} c: ${page('(first: 100) @skip(if: true)', children('(first: 100)'))} d: ${page('(first: 100) @include(if: false)', children('(first: 100)'))} }`;
    expectServed(await stack.gateway.graphql(query, { skip: false, with: false }), '10,000 with b left out');
    expectServed(await stack.gateway.graphql(query, { skip: true, with: true }), '1 with a left out');
    expectRefused(await stack.gateway.graphql(query, { skip: false, with: true }), 10_001, 'a and b');
  });

  it('reads a variable first from the request: it cannot go past the limit', async () => {
    const query = `query ($n: Int, $m: Int = 1) { ${page('(first: $n)', children('(first: $m)'))} }`;
    expectServed(await stack.gateway.graphql(query, { n: 100, m: 99 }), 'n = 100, m = 99');
    expectServed(await stack.gateway.graphql(query), 'the defaults: 20 + 20 × 1');
    expectRefused(await stack.gateway.graphql(query, { n: 100, m: 100 }), 10_100, 'n = m = 100');
    // Yoga caches a document's validation: a refusal does not stick to the document, nor a pass.
    const fresh = `query ($a: Int) { ${page('(first: $a)', children('(first: $a)'))} }`;
    expectRefused(await stack.gateway.graphql(fresh, { a: 100 }), 10_100, 'a = 100, first');
    expectServed(await stack.gateway.graphql(fresh, { a: 99 }), 'a = 99, after a refusal');
    expectRefused(await stack.gateway.graphql(fresh, { a: 100 }), 10_100, 'a = 100, again');
    const response = await request(`${stack.gateway.url}?query=${encodeURIComponent(query)}&variables=${encodeURIComponent(JSON.stringify({ n: 100, m: 100 }))}`, { headers: { accept: 'application/json' } });
    const text = await response.body.text();
    expectRefused({ status: response.statusCode, body: JSON.parse(text) as { errors?: unknown[] } }, 10_100, 'over GET');
  });

  it('serves the detail view with children and grandchildren (110) and a page of 100 with two children each (300)', async () => {
    expectServed(await stack.gateway.graphql(`query ($id: ID!) { execution(id: $id) { id ${children('(first: 10)', children('(first: 10)'))} } }`, { id }), 'detail view');
    expectServed(await stack.gateway.graphql(`{ ${page('(first: 100)', children('(first: 2)'))} }`), 'page of 100');
    expectServed(await stack.gateway.graphql(`{ ${page('(first: 50)', `parent { id } ${children('')}`)} }`), 'the benchmark page of 50');
  });

  it('still answers a first above 100 with the API own BAD_USER_INPUT, not the node limit', async () => {
    const response = await stack.gateway.graphql(`{ ${page('(first: 101)')} }`);
    expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(response.body.errors?.[0]?.extensions).not.toHaveProperty('limit');
  });
});

const overLimitSubscription = `subscription ($id: ID!, $n: Int = 1) { executionUpdated(id: $id) { id ${children('(first: $n)', children('(first: $n)'))} } }`;

describe('the node limit over WebSocket and SSE', () => {
  it('refuses over WebSocket with an error message for the operation, and the socket keeps serving', async () => {
    const client = createLiveClient('ws', stack.gateway.url);
    try {
      const refused = client.subscribe(`{ ${tenThousand} one: ${page('(first: 1)')} }`);
      await expect(refused.waitForCompletion()).rejects.toThrow();
      expectNodeLimitError((refused.transportError as { message: string; extensions?: Record<string, unknown> }[])[0]!, 10_001, 'ws query');

      const subscription = client.subscribe(overLimitSubscription, { id, n: 100 });
      await expect(subscription.waitForCompletion()).rejects.toThrow();
      expectNodeLimitError((subscription.transportError as { message: string; extensions?: Record<string, unknown> }[])[0]!, 10_100, 'ws subscription');

      const served = client.subscribe(`{ ${tenThousand} }`);
      const results = await served.waitForCompletion();
      expect(results).toHaveLength(1);
      expect(results[0]!.errors).toBeUndefined();
    } finally {
      await client.close();
    }
  });

  it('refuses over SSE with a literal or a variable first, with the same error and a 400', async () => {
    const literal = await openRawEventStream(stack.gateway.url, {
      query: `subscription ($id: ID!) { executionUpdated(id: $id) { id ${children('(first: 100)', children('(first: 100)'))} } }`,
      variables: { id },
    });
    // Refused at validation: the lean path hands it to Yoga, which answers validation errors over SSE with 200 and one event.
    const literalFrames = await literal.waitForEnd();
    expect(literal.status).toBe(200);
    expect(literalFrames.at(-1)).toEqual({ kind: 'complete' });
    const literalData = nextData(literalFrames) as LiveResult[];
    expect(literalData).toHaveLength(1);
    expectRefused(literalData[0]!, 10_100, 'sse literal');

    // The lean SSE path validates before it has the variables (20 + 20 × 20 with the defaults of 1: 2), then counts them at subscribe.
    const variable = await openRawEventStream(stack.gateway.url, { query: overLimitSubscription, variables: { id, n: 100 } });
    const frames = await variable.waitForEnd();
    expect(variable.status).toBe(400);
    const data = nextData(frames) as LiveResult[];
    expect(data).toHaveLength(1);
    expectRefused(data[0]!, 10_100, 'sse variable');

    // Over the limit only with the defaults (26 × (20 + 20 × 20)): the lean path hands it to Yoga, which counts the variables (26 × 2).
    const aliased = `subscription ($id: ID!, $n: Int) { executionUpdated(id: $id) { id ${Array.from({ length: 26 }, (_, index) => `a${index}: ${children('(first: $n)', children('(first: $n)'))}`).join(' ')} } }`;
    const served = await openRawEventStream(stack.gateway.url, { query: aliased, variables: { id, n: 1 } });
    const servedFrames = await served.waitForFrames((frames) => nextData(frames).length > 0, 'the first event');
    served.cut();
    expect(served.status).toBe(200);
    expect((nextData(servedFrames)[0] as LiveResult).errors).toBeUndefined();
    expect((nextData(servedFrames)[0] as LiveResult<{ executionUpdated: { id: string } }>).data?.executionUpdated.id).toBe(id);

    const client = createLiveClient('sse', stack.gateway.url);
    try {
      const refused = client.subscribe(overLimitSubscription, { id, n: 100 });
      await expect(refused.waitForCompletion()).rejects.toThrow();
      expect(JSON.stringify(refused.transportError ?? refused.results)).not.toMatch(/syntax error/i);
    } finally {
      await client.close();
    }
  });

  it('serves a subscription within the limit over both transports', async () => {
    for (const transport of ['ws', 'sse'] as const) {
      const client = createLiveClient(transport, stack.gateway.url);
      try {
        const subscription = client.subscribe<{ executionUpdated: { id: string } }>(overLimitSubscription, { id, n: 10 });
        const results = await subscription.waitForResults(1);
        expect(results[0]!.errors, transport).toBeUndefined();
        expect(results[0]!.data?.executionUpdated.id, transport).toBe(id);
        subscription.unsubscribe();
      } finally {
        await client.close();
      }
    }
  });
});
