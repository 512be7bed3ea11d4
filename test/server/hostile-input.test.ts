import { Readable } from 'node:stream';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes } from '../../src/errors/error-code.js';
import { encodeGlobalId, executionGlobalId } from '../../src/model/global-id.js';
import { airopsKey, startAirOpsStack, type AirOpsStack } from '../helpers/airops-stack.js';

interface HostileRequest {
  name: string;
  method: 'GET' | 'POST';
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}

const allowedCodes = new Set<string>([...errorCodes, 'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED']);

/** A small deterministic generator, so a failing case can be reproduced by its name. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function json(query: string, variables?: unknown): string {
  return JSON.stringify(variables === undefined ? { query } : { query, variables });
}

function buildRequests(uuid: string): HostileRequest[] {
  const next = random(20261122);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const requests: HostileRequest[] = [];
  const post = (name: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    requests.push({ name, method: 'POST', body, headers });
  const valid = json('{ providers { name } }');

  // Malformed JSON: truncations and corruptions of a valid body, and random bytes.
  for (let index = 0; index < 70; index++) {
    const cut = Math.floor(next() * valid.length);
    const corrupted = valid.slice(0, cut) + pick(['{', '}', '"', '\\', '\u0000', ',', ':', '[', 'ÿ', '']) + valid.slice(cut + 1);
    post(`malformed json #${index}`, index % 4 === 0 ? valid.slice(0, cut) : corrupted);
  }
  for (let index = 0; index < 10; index++) {
    post(`random bytes #${index}`, Array.from({ length: 1 + Math.floor(next() * 200) }, () => String.fromCharCode(Math.floor(next() * 256))).join(''));
  }

  // Wrong content types.
  for (const type of ['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/octet-stream', 'text/html', 'application/graphql', '', 'application/jsonx', 'image/png', 'application/x-www-form-urlencoded']) {
    post(`content type "${type}"`, valid, type === '' ? {} : { 'content-type': type });
    post(`content type "${type}" with junk`, '\u0001\u0002garbage', type === '' ? {} : { 'content-type': type });
  }

  // JSON that is not a GraphQL request.
  for (const body of ['null', '[]', '1', '"query"', 'true', '{}', '{"query":null}', '{"query":5}', '{"query":{}}', '{"query":"{providers{name}}","variables":"x"}', '{"query":"{providers{name}}","variables":[1]}', '{"query":"{providers{name}}","operationName":5}', '{"query":"{providers{name}}","extensions":"x"}', '[{"query":"{providers{name}}"}]', '{"query":"query A{providers{name}}","operationName":"B"}']) {
    post(`not a GraphQL request: ${body}`, body);
  }

  // Invalid and forged ids.
  const forged = [
    '', ' ', 'x', '=', 'not base64!', '😀', 'A'.repeat(5000), '\u0000', '../../etc/passwd', "' OR 1=1 --",
    encodeGlobalId('Execution', 'airops', '../../admin'), encodeGlobalId('Execution', 'airops', 'x'.repeat(36)),
    encodeGlobalId('Execution', 'ghost', uuid), encodeGlobalId('Workflow', 'airops', uuid), encodeGlobalId('Execution', 'airops', '%2e%2e'),
    Buffer.from('Execution:airops').toString('base64url'), Buffer.from(`Execution:AIROPS:${uuid}`).toString('base64url'),
    Buffer.from(`Execution:airops:${uuid}`).toString('base64'), executionGlobalId('airops', `${uuid}?x=1`), executionGlobalId('airops', `${uuid}/cancel`),
  ];
  for (const id of forged) {
    for (const field of ['execution', 'node']) post(`forged id in ${field}: ${id.slice(0, 30)}`, json(`query ($id: ID!) { ${field}(id: $id) { id } }`, { id }));
    post(`forged id in cancel: ${id.slice(0, 30)}`, json('mutation ($id: ID!) { cancelExecution(id: $id) { id } }', { id }));
    post(`forged native id: ${id.slice(0, 30)}`, json('query ($n: String!) { executionByNativeId(provider: "airops", nativeId: $n) { id } }', { n: id }));
  }
  for (let index = 0; index < 40; index++) {
    const id = Buffer.from(Array.from({ length: 8 + Math.floor(next() * 60) }, () => Math.floor(next() * 256))).toString('base64url');
    post(`random id #${index}`, json('query ($id: ID!) { execution(id: $id) { id status } }', { id }));
  }

  // GraphQL-shaped garbage: random sequences of real tokens.
  const tokens = ['{', '}', '(', ')', ':', '$', '...', 'on', 'query', 'mutation', 'providers', 'name', 'execution', 'id', '"x"', '1', '@skip', 'fragment', '!', '[', ']', '=', '|'];
  for (let index = 0; index < 30; index++) {
    post(`token soup #${index}`, json(Array.from({ length: 3 + Math.floor(next() * 40) }, () => pick(tokens)).join(' ')));
  }

  // Huge strings and variables.
  post('1.5 MB id', json('query ($id: ID!) { execution(id: $id) { id } }', { id: 'x'.repeat(1_500_000) }));
  post('1.5 MB provider name', json('query ($p: String!) { executionByNativeId(provider: $p, nativeId: "x") { id } }', { p: 'p'.repeat(1_500_000) }));
  post('3 MB body', json('{ providers { name } }', { pad: 'y'.repeat(3_000_000) }));
  post('deep variables', json('{ providers { name } }', JSON.parse('{"a":'.repeat(2000) + '1' + '}'.repeat(2000))));
  post('100k-element variable', json('{ providers { name } }', { list: Array.from({ length: 100_000 }, (_, index) => index) }));
  post('huge query string', json(`{ providers { name ${' '.repeat(1_000_000)} } }`));

  // Depth, aliases, tokens, directives.
  for (const depth of [13, 20, 50, 200]) {
    post(`depth ${depth}`, json(`{ node(id: "x") { ${'... on Execution { parent { '.repeat(depth)}id${' } }'.repeat(depth)} } }`));
  }
  for (const count of [31, 100, 1000]) {
    post(`${count} aliases`, json(`{ ${Array.from({ length: count }, (_, index) => `a${index}: providers { name }`).join(' ')} }`));
  }
  post('5000 tokens', json(`{ providers { ${'name '.repeat(5000)} } }`));
  post('many directives', json(`{ providers @include(if: true) ${'@skip(if: false) '.repeat(100)} { name } }`));
  post('fragment cycle', json('query { providers { ...A } } fragment A on Provider { ...B } fragment B on Provider { ...A }'));

  // Nodes: connection firsts multiplied along each path (at most 10,000).
  const nested = (levels: number, first: string) => `{ executions(first: ${first}) { edges { node { ${'children(first: 100) { edges { node { '.repeat(levels)}id${' } } }'.repeat(levels)} } } } }`;
  for (const levels of [1, 2, 5, 10]) post(`${levels} nested connections of 100`, json(nested(levels, '100')));
  post('nested connections with a variable first', json(`query ($n: Int) ${nested(3, '$n')}`, { n: 100 }));
  post('nested connections with a variable first out of range', json(`query ($n: Int) ${nested(3, '$n')}`, { n: 1e9 }));
  const doubling = Array.from({ length: 60 }, (_, level) => `fragment F${level} on Execution { ${level === 59 ? 'children(first: 100) { edges { cursor } }' : `...F${level + 1} ...F${level + 1}`} }`);
  post('a fragment spread doubling 60 times', json(`{ executions(first: 100) { edges { node { ...F0 } } } } ${doubling.join(' ')}`));
  post('30 aliases of a page of 100 with children', json(`{ ${Array.from({ length: 30 }, (_, index) => `a${index}: executions(first: 100) { edges { node { children { edges { cursor } } } } }`).join(' ')} }`));

  // Unknown fields and types, wrong argument types.
  for (const query of [
    '{ nope }', '{ providers { nope } }', '{ execution { id } }', '{ execution(id: 5) { id } }', '{ execution(id: "x") }',
    '{ __type(name: "Nope") { name } }', 'subscription { nope }', 'mutation { nope }', 'query { ...F }', '{ providers { name } ',
    '{ executionByNativeId(provider: 1, nativeId: 2) { id } }', 'query ($x: Nope) { providers { name } }', '{ providers(first: 1) { name } }',
    '{ node(id: "x") { ... on Nope { id } } }', '{ node(id: "x") { children(first: -1) { edges { cursor } } } }',
  ]) {
    post(`bad document: ${query}`, json(query));
  }
  const childrenQuery = 'query ($id: ID!, $first: Int, $after: String) { execution(id: $id) { children(first: $first, after: $after) { edges { cursor } } } }';
  const realId = executionGlobalId('airops', uuid);
  for (const [first, after] of [[-1, null], [101, null], [1e10, null], ['x', null], [1.5, null], [10, 'not-a-cursor'], [10, ''], [10, '😀'], [null, encodeGlobalId('x', 'y', 'z')], [true, null]] as const) {
    post(`children(first: ${String(first)}, after: ${String(after)})`, json(childrenQuery, { id: realId, first, after }));
  }
  const startMutation = 'mutation ($input: StartExecutionInput!) { startExecution(input: $input) { id } }';
  for (const input of [
    {}, { provider: 'airops' }, { provider: 'nope', target: 'x', inputs: {} }, { provider: 'airops', target: '', inputs: {} },
    { provider: 'airops', target: 'x', inputs: 'not an object' }, { provider: 'airops', target: 'x', inputs: {}, waitTimeoutMs: -1 },
    { provider: 'airops', target: 'x', inputs: {}, waitTimeoutMs: 1e12 }, { provider: 'airops', target: 'x', inputs: {}, wait: 'yes' },
    { provider: 'airops', target: 'x', inputs: {}, idempotencyKey: 'k'.repeat(1000) }, { provider: 'airops', target: '../../x', inputs: {}, version: 'one' },
    { provider: 'airops', target: 'x'.repeat(10_000), inputs: { deep: 'v'.repeat(100_000) } }, { provider: null, target: null, inputs: null },
  ]) {
    post(`start ${JSON.stringify(input).slice(0, 60)}`, json(startMutation, { input }));
  }
  for (const feedback of ['GREAT', 'positive', 1, null]) {
    post(`rate with ${String(feedback)}`, json('mutation ($id: ID!, $f: Feedback!) { rateExecution(id: $id, feedback: $f) { id } }', { id: realId, f: feedback }));
  }

  // GET requests.
  for (const query of [
    '?query=%7Bproviders%7Bname%7D%7D&variables=%7Bbad', '?query=%7Bproviders%7Bname%7D%7D&variables=%5B1%5D', '?query=%7Bproviders%7Bname%7D%7D&extensions=nope',
    '?query=', '?variables=%7B%7D', '?query=mutation%7BcancelExecution(id:%22x%22)%7Bid%7D%7D', '?query=%7Bnope%7D', '?query=%7B', '?query=%7Bproviders%7Bname%7D%7D&operationName=Nope',
    '?query=' + encodeURIComponent('{ execution(id: "%%%") { id } }'),
  ]) {
    requests.push({ name: `GET ${query.slice(0, 60)}`, method: 'GET', path: query, headers: { accept: 'application/json' } });
  }
  return requests;
}

let stack: AirOpsStack;
let uuid: string;

beforeAll(async () => {
  stack = await startAirOpsStack();
  const app = stack.simulator.addApp({ name: 'fuzz' });
  uuid = stack.simulator.addExecution({ app: app.id, status: 'success' }).uuid;
});

afterAll(() => stack.close());

describe('hostile input', () => {
  it('answers at least 300 hostile requests with contract codes, never a 500, and keeps serving', async () => {
    const requests = buildRequests(uuid);
    expect(requests.length).toBeGreaterThanOrEqual(300);
    for (const hostile of requests) {
      const response = await request(`${stack.gateway.url}${hostile.path ?? ''}`, {
        method: hostile.method,
        ...(hostile.headers ? { headers: hostile.headers } : {}),
        ...(hostile.body !== undefined ? { body: hostile.body } : {}),
      });
      const text = await response.body.text();
      expect(response.statusCode, hostile.name).toBeLessThan(500);
      let body: { errors?: { extensions?: { code?: string } }[] };
      try {
        body = JSON.parse(text) as typeof body;
      } catch {
        throw new Error(`${hostile.name}: answered ${response.statusCode} with a body that is not JSON: ${text.slice(0, 200)}`);
      }
      for (const error of body.errors ?? []) {
        expect(allowedCodes.has(error.extensions?.code ?? ''), `${hostile.name}: ${JSON.stringify(error).slice(0, 300)}`).toBe(true);
      }
      expect(text, hostile.name).not.toContain(airopsKey);
    }
    const healthy = await stack.gateway.graphql(`query ($id: ID!) { execution(id: $id) { status } }`, { id: executionGlobalId('airops', uuid) });
    expect(healthy.body).toEqual({ data: { execution: { status: 'SUCCEEDED' } } });
    expect(stack.gateway.logs.filter((line) => line.includes('unexpected error'))).toEqual([]);
  });

  it('refuses a document asking for more than 10,000 nodes with BAD_USER_INPUT and HTTP 400, whatever its shape', async () => {
    const doubling = Array.from({ length: 60 }, (_, level) => `fragment F${level} on Execution { ${level === 59 ? 'children(first: 100) { edges { cursor } }' : `...F${level + 1} ...F${level + 1}`} }`);
    // Counted without expanding the fragments (2^59 spreads).
    const response = await stack.gateway.graphql(`{ executions(first: 100) { edges { node { ...F0 } } } } ${doubling.join(' ')}`);
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', limit: 'nodes', requested: Number.MAX_SAFE_INTEGER, allowed: 10_000 } }),
    ]);
    expect(response.body.errors![0]!.message).not.toMatch(/syntax error/i);
  });

  it('bounds chunked request bodies too, and still serves small chunked requests', async () => {
    async function* chunks(total: number) {
      const piece = Buffer.alloc(64 * 1024, 0x20);
      yield Buffer.from('{"query":"{ providers { name } }","variables":{"pad":"');
      for (let sent = 0; sent < total; sent += piece.length) yield piece;
      yield Buffer.from('"}}');
    }
    const huge = await request(stack.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: Readable.from(chunks(3 * 1024 * 1024)) });
    expect(huge.statusCode).toBe(413);
    expect(JSON.parse(await huge.body.text())).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] });

    const small = await request(stack.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: Readable.from(chunks(1)) });
    expect(small.statusCode).toBe(200);
    expect(JSON.parse(await small.body.text())).toEqual({ data: { providers: [{ name: 'airops' }] } });
  });

  it('answers a GET whose variables are not JSON with 400 BAD_USER_INPUT (Yoga alone would answer 500)', async () => {
    for (const query of ['variables=%7Bbad', 'variables=%5B1%5D', 'extensions=nope']) {
      const response = await request(`${stack.gateway.url}?query=%7Bproviders%7Bname%7D%7D&${query}`, { headers: { accept: 'application/json' } });
      expect(response.statusCode, query).toBe(400);
      expect(JSON.parse(await response.body.text())).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] });
    }
  });

  it('answers a POST in a content type GraphQL does not speak with 415 BAD_USER_INPUT', async () => {
    const response = await request(stack.gateway.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{ providers { name } }' });
    expect(response.statusCode).toBe(415);
    expect(JSON.parse(await response.body.text())).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] });
  });
});
