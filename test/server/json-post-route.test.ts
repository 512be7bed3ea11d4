import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executionGlobalId } from '../../src/model/global-id.js';
import { startAirOpsStack, type AirOpsStack } from '../helpers/airops-stack.js';

/**
 * The JSON query route (the hot path) must answer every request exactly as Yoga does. Each case
 * is sent over HTTP to the server (where the route sees it first) and, the same request, to
 * Yoga's own fetch handler (where it never does); status, content type, CORS headers and body
 * must be equal, and the route must have served the cases it is meant to serve.
 */

const allKey = 'json-post-client-key-all-0001';
const scopedKey = 'json-post-client-key-b-0002';
const origin = 'https://app.example.com';

let stack: AirOpsStack;
let runningId: string;
let finishedId: string;
let deepQuery: string;

beforeAll(async () => {
  stack = await startAirOpsStack({
    providerNames: ['airops', 'airops-b'],
    config: { auth: { apiKeys: [{ key: allKey }, { key: scopedKey, providers: ['airops-b'] }] }, cors: { origins: [origin, 'https://other.example.com'] } },
  });
  const app = stack.simulator.addApp({ name: 'json-post' });
  runningId = executionGlobalId('airops', stack.simulator.addExecution({ app: app.id, status: 'running', output: { text: 'héllo ✓' } }).uuid);
  finishedId = executionGlobalId('airops', stack.simulator.addExecution({ app: app.id, status: 'success', output: { n: 1 } }).uuid);
  // 10,001 nodes through aliases: over the node limit.
  deepQuery = `{ ${Array.from({ length: 10_001 }, (_, index) => `a${index}: providers { name }`).join(' ')} }`;
});

afterAll(async () => {
  await stack.close();
});

interface Case {
  name: string;
  body: string;
  headers?: Record<string, string>;
  /** The route answers it itself (otherwise it hands it to Yoga, or leaves it). */
  served: boolean;
}

const json = (query: string, variables?: Record<string, unknown>, extra: Record<string, unknown> = {}) => JSON.stringify({ query, ...(variables ? { variables } : {}), ...extra });
const key = (value: string) => ({ authorization: `Bearer ${value}` });
const byId = 'query Run($id: ID!) { execution(id: $id) { id status nativeStatus output createdAt provider { name } } }';

function cases(): Case[] {
  return [
    { name: 'a read by id', body: json(byId, { id: runningId }), headers: key(allKey), served: true },
    { name: 'a finished read', body: json(byId, { id: finishedId }), headers: key(allKey), served: true },
    { name: 'accept */*', body: json(byId, { id: runningId }), headers: { ...key(allKey), accept: '*/*' }, served: true },
    { name: 'accept application/json', body: json(byId, { id: runningId }), headers: { ...key(allKey), accept: 'application/json' }, served: true },
    { name: 'accept graphql-response+json', body: json(byId, { id: runningId }), headers: { ...key(allKey), accept: 'application/graphql-response+json' }, served: true },
    {
      name: 'accept graphql-response+json, then json',
      body: json(byId, { id: runningId }),
      headers: { ...key(allKey), accept: 'application/graphql-response+json; charset=utf-8, application/json' },
      served: true,
    },
    { name: 'accept json, then graphql-response+json', body: json(byId, { id: runningId }), headers: { ...key(allKey), accept: 'application/json, application/graphql-response+json' }, served: true },
    { name: 'accept application/*', body: json(byId, { id: runningId }), headers: { ...key(allKey), accept: 'application/*' }, served: true },
    { name: 'accept event stream or json', body: json(byId, { id: runningId }), headers: { ...key(allKey), accept: 'text/event-stream, application/json' }, served: true },
    { name: 'accept json in latin1 only', body: json(byId, { id: runningId }), headers: { ...key(allKey), accept: 'application/json; charset=latin1' }, served: false },
    { name: 'accept multipart only', body: json(byId, { id: runningId }), headers: { ...key(allKey), accept: 'multipart/mixed' }, served: false },
    { name: 'content type graphql+json', body: json(byId, { id: runningId }), headers: { ...key(allKey), 'content-type': 'application/graphql+json' }, served: true },
    { name: 'an allowed origin', body: json(byId, { id: runningId }), headers: { ...key(allKey), origin }, served: true },
    { name: 'another origin', body: json(byId, { id: runningId }), headers: { ...key(allKey), origin: 'https://evil.example.net' }, served: true },
    { name: 'an unknown id (partial error)', body: json(byId, { id: executionGlobalId('airops', '00000000-0000-4000-8000-000000000000') }), headers: key(allKey), served: true },
    { name: 'a malformed id', body: json(byId, { id: 'not-a-global-id' }), headers: key(allKey), served: true },
    { name: 'a provider the key may not see', body: json(byId, { id: runningId }), headers: key(scopedKey), served: true },
    { name: 'a list with partial data', body: json('{ providers { name kind capabilities } executions(first: 5) { edges { node { id status } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }'), headers: key(allKey), served: true },
    { name: 'operationName picks one of two', body: json('query A { providers { name } } query B { providers { kind } }', undefined, { operationName: 'B' }), headers: key(allKey), served: true },
    { name: 'a mutation that fails', body: json('mutation ($id: ID!) { cancelExecution(id: $id) { id status } }', { id: finishedId }), headers: key(allKey), served: true },
    { name: 'a mutation', body: json('mutation ($id: ID!) { rateExecution(id: $id, feedback: POSITIVE) { id } }', { id: finishedId }), headers: key(allKey), served: true },
    { name: 'extensions without a persisted query', body: json('{ providers { name } }', undefined, { extensions: { trace: true } }), headers: key(allKey), served: true },
    { name: 'no key', body: json(byId, { id: runningId }), served: false },
    { name: 'a wrong key', body: json(byId, { id: runningId }), headers: key('wrong-key'), served: false },
    { name: 'a parse error', body: json('{ providers { name }'), headers: key(allKey), served: false },
    { name: 'a validation error', body: json('{ providers { nope } }'), headers: key(allKey), served: false },
    { name: 'a missing variable', body: json(byId), headers: key(allKey), served: true },
    { name: 'a variable of the wrong type', body: json(byId, { id: { nested: true } }), headers: key(allKey), served: true },
    { name: 'an unknown operationName', body: json('query A { providers { name } }', undefined, { operationName: 'Z' }), headers: key(allKey), served: false },
    { name: 'two operations, no operationName', body: json('query A { providers { name } } query B { providers { kind } }'), headers: key(allKey), served: false },
    { name: 'over the node limit', body: json(deepQuery), headers: key(allKey), served: false },
    { name: 'a subscription', body: json('subscription ($id: ID!) { executionUpdated(id: $id) { id status } }', { id: finishedId }), headers: key(allKey), served: false },
    { name: 'a persisted query hash only', body: json(undefined as never, undefined, { extensions: { persistedQuery: { version: 1, sha256Hash: 'ab'.repeat(32) } } }), headers: key(allKey), served: false },
    { name: 'a batch', body: JSON.stringify([{ query: '{ providers { name } }' }]), headers: key(allKey), served: false },
    { name: 'an unknown parameter', body: JSON.stringify({ query: '{ providers { name } }', surprise: 1 }), headers: key(allKey), served: false },
    { name: 'a query that is not a string', body: JSON.stringify({ query: 42 }), headers: key(allKey), served: false },
    { name: 'variables that are not an object', body: JSON.stringify({ query: '{ providers { name } }', variables: [1] }), headers: key(allKey), served: false },
    { name: 'a body that is not JSON', body: '{"query": ', headers: key(allKey), served: false },
  ];
}

interface Answer {
  status: number;
  contentType: string | undefined;
  cors: Record<string, string | undefined>;
  body: unknown;
}

const corsNames = ['access-control-allow-origin', 'access-control-allow-credentials', 'access-control-allow-methods', 'access-control-allow-headers', 'vary'];

function answerOf(status: number, header: (name: string) => string | undefined, text: string): Answer {
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Compared as text.
  }
  return { status, contentType: header('content-type'), cors: Object.fromEntries(corsNames.map((name) => [name, header(name)])), body };
}

async function overHttp(testCase: Case): Promise<Answer> {
  const response = await request(stack.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...testCase.headers },
    body: testCase.body,
  });
  const text = await response.body.text();
  return answerOf(response.statusCode, (name) => {
    const value = response.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  }, text);
}

async function throughYoga(testCase: Case): Promise<Answer> {
  const response = await stack.gateway.server.yoga.fetch(
    new Request(stack.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', ...testCase.headers }, body: testCase.body }),
  );
  const text = await response.text();
  return answerOf(response.status, (name) => response.headers.get(name) ?? undefined, text);
}

describe('the JSON query route', () => {
  for (const testCase of cases()) {
    it(`answers as Yoga does: ${testCase.name}${testCase.served ? '' : ' (left to Yoga)'}`, async () => {
      const route = stack.gateway.server.jsonPost;
      const before = route.servedRequests;
      const fast = await overHttp(testCase);
      expect(route.servedRequests - before).toBe(testCase.served ? 1 : 0);
      const yoga = await throughYoga(testCase);
      expect(route.servedRequests - before).toBe(testCase.served ? 1 : 0);
      expect(fast).toEqual(yoga);
    });
  }

  it('keeps error locations and paths of a resolver error', async () => {
    const fast = await overHttp({ name: 'malformed id', body: json(byId, { id: 'not-a-global-id' }), headers: key(allKey), served: true });
    const body = fast.body as { errors: { locations?: unknown[]; path?: unknown[]; extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0]!.locations).toEqual([{ line: 1, column: byId.indexOf("execution(") + 1 }]);
    expect(body.errors[0]!.path).toEqual(['execution']);
  });

  it('leaves a chunked body to Yoga (read and bounded before it)', async () => {
    const route = stack.gateway.server.jsonPost;
    const before = route.servedRequests;
    const response = await request(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...key(allKey) },
      body: (async function* () {
        yield Buffer.from('{"query":"{ providers ');
        yield Buffer.from('{ name } }"}');
      })(),
    });
    expect(response.statusCode).toBe(200);
    expect(await response.body.json()).toEqual({ data: { providers: [{ name: 'airops' }, { name: 'airops-b' }] } });
    expect(route.servedRequests).toBe(before);
  });
});
