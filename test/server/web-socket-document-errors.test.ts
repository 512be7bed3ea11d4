import { request } from 'undici';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { executionGlobalId } from '../../src/model/global-id.js';
import { startAirOpsStack, type AirOpsStack } from '../helpers/airops-stack.js';
import { until } from '../helpers/live-clients.js';

const executionUpdated = `subscription ($id: ID!) { executionUpdated(id: $id) { id status } }`;

interface Outcome {
  results: { data?: { executionUpdated: { status: string } } }[];
  errors: unknown[];
  completed: boolean;
}

let stack: AirOpsStack;
let app: number;
let client: Client;
const closes: unknown[] = [];

beforeAll(async () => {
  stack = await startAirOpsStack({ config: { polling: { intervalMs: 40, maxIntervalMs: 160 } } });
  app = stack.simulator.addApp({ name: 'ws-errors' }).id;
  client = createClient({
    url: stack.gateway.url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    // Not lazy: the socket stays open between operations, so any close is the server's.
    lazy: false,
    on: { closed: (event) => closes.push(event) },
  });
});

afterAll(async () => {
  await client.dispose();
  await stack.close();
});

function subscribe(query: string, variables?: Record<string, unknown>): Outcome {
  const outcome: Outcome = { results: [], errors: [], completed: false };
  client.subscribe(
    { query, ...(variables ? { variables } : {}) },
    {
      next: (value) => outcome.results.push(value as Outcome['results'][number]),
      error: (error) => outcome.errors.push(error),
      complete: () => {
        outcome.completed = true;
      },
    },
  );
  return outcome;
}

/** The GraphQL errors graphql-ws hands to a sink for an `error` message (an array of them). */
function graphqlErrors(outcome: Outcome): { message: string; extensions?: Record<string, unknown> }[] {
  expect(outcome.errors).toHaveLength(1);
  const [errors] = outcome.errors;
  expect(Array.isArray(errors)).toBe(true);
  return errors as { message: string; extensions?: Record<string, unknown> }[];
}

describe('graphql-ws: a document that fails to parse or validate', () => {
  it.each([
    ['a parse error', 'subscription { executionUpdated(id: "x") { id ', 'GRAPHQL_PARSE_FAILED'],
    ['a validation error', 'subscription { executionUpdated(id: "x") { noSuchField } }', 'GRAPHQL_VALIDATION_FAILED'],
  ])('answers %s with an error for that operation; the socket and its other subscriptions stay open', async (_name, document, code) => {
    const wire = stack.simulator.addExecution({ app, run: { outcome: 'success', pendingMs: 1000, runningMs: 1000 } });
    const live = subscribe(executionUpdated, { id: executionGlobalId('airops', wire.uuid) });
    await until(() => live.results.length >= 1, 'the first event');
    expect(live.results[0]!.data!.executionUpdated.status).toBe('PENDING');

    const malformed = subscribe(document);
    await until(() => malformed.errors.length > 0 || malformed.completed, 'the malformed operation to end');
    const errors = graphqlErrors(malformed);
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) {
      expect(error.extensions?.code).toBe(code);
      // What Yoga answers HTTP with is not part of an error.
      expect(error.extensions?.http).toBeUndefined();
    }
    expect(malformed.results).toEqual([]);

    // The first subscription goes on over the same socket.
    stack.clock.advance(1000);
    await until(() => live.results.length >= 2, 'the next event');
    expect(live.results[1]!.data!.executionUpdated.status).toBe('RUNNING');
    stack.clock.advance(1000);
    await until(() => live.completed, 'completion');
    expect(live.results.map((result) => result.data?.executionUpdated.status)).toEqual(['PENDING', 'RUNNING', 'SUCCEEDED']);
    expect(live.errors).toEqual([]);
    expect(closes).toEqual([]);
  });

  it('leaves the parse error Yoga caches for HTTP as HTTP gives it (400, GRAPHQL_PARSE_FAILED)', async () => {
    const document = 'subscription { providers { name ';
    const malformed = subscribe(document);
    await until(() => malformed.errors.length > 0, 'the malformed operation to end');
    expect(graphqlErrors(malformed)[0]!.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');

    const response = await request(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: document }),
    });
    const body = (await response.body.json()) as { errors: { extensions?: Record<string, unknown> }[] };
    expect(response.statusCode).toBe(400);
    expect(body.errors[0]!.extensions).toEqual({ code: 'GRAPHQL_PARSE_FAILED' });
    expect(closes).toEqual([]);
  });
});
