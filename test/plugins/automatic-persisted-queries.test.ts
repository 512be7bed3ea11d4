import { createHash } from 'node:crypto';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PersistedQueryStore, sha256Hex } from '../../src/plugins/use-automatic-persisted-queries.js';
import { paramsFromJsonBody, paramsFromQueryString } from '../../src/sse/graphql-params.js';
import { startAirOpsStack, type AirOpsStack } from '../helpers/airops-stack.js';

const clientKey = 'apq-client-key-5d1e';
const auth = { authorization: `Bearer ${clientKey}` };

interface Answer {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
  text: string;
}

let stack: AirOpsStack;

beforeAll(async () => {
  stack = await startAirOpsStack({ config: { auth: { apiKeys: [{ key: clientKey }] } } });
});

afterAll(async () => {
  await stack?.close();
});

function hashOf(query: string): string {
  return createHash('sha256').update(query).digest('hex');
}

function persisted(sha256Hash: string, version: unknown = 1) {
  return { persistedQuery: { version, sha256Hash } };
}

async function answer(response: Awaited<ReturnType<typeof request>>): Promise<Answer> {
  const text = await response.body.text();
  stack.gateway.responses.push(text);
  return { status: response.statusCode, body: JSON.parse(text) as Answer['body'], text };
}

async function post(body: Record<string, unknown>, headers: Record<string, string> = auth): Promise<Answer> {
  return answer(
    await request(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
      body: JSON.stringify(body),
    }),
  );
}

async function get(parameters: Record<string, unknown>): Promise<Answer> {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) search.set(name, typeof value === 'string' ? value : JSON.stringify(value));
  return answer(await request(`${stack.gateway.url}?${search}`, { method: 'GET', headers: { accept: 'application/graphql-response+json, application/json', ...auth } }));
}

function expectNotFound(result: Answer): void {
  expect(result.status).toBe(200);
  expect(result.body).toEqual({ errors: [{ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }] });
}

function expectBadUserInput(result: Answer, message: RegExp): void {
  expect(result.status).toBe(400);
  expect(result.body.data).toBeUndefined();
  expect(result.body.errors).toHaveLength(1);
  expect(result.body.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT' });
  expect(result.body.errors![0]!.message).toMatch(message);
}

const providers = { providers: [{ name: 'airops' }] };

describe('automatic persisted queries over HTTP', () => {
  it('POST: an unknown hash is not found, the resend runs and registers it, later requests hit', async () => {
    const query = 'query ApqPost { providers { name } }';
    const extensions = persisted(hashOf(query));

    expectNotFound(await post({ extensions }));

    const resend = await post({ query, extensions });
    expect(resend.status).toBe(200);
    expect(resend.body).toEqual({ data: providers });

    for (let attempt = 0; attempt < 2; attempt++) {
      const hit = await post({ extensions, operationName: 'ApqPost' });
      expect(hit.status).toBe(200);
      expect(hit.body).toEqual({ data: providers });
    }
  });

  it('GET: the same flow with extensions as JSON in the query string; a hash registered over GET hits over POST', async () => {
    const query = 'query ApqGet { providers { name } }';
    const extensions = persisted(hashOf(query));

    expectNotFound(await get({ extensions }));
    const resend = await get({ query, extensions });
    expect(resend.status).toBe(200);
    expect(resend.body).toEqual({ data: providers });

    expect((await get({ extensions })).body).toEqual({ data: providers });
    expect((await post({ extensions })).body).toEqual({ data: providers });
  });

  it('variables travel with a hit', async () => {
    const query = 'query ApqVariables($id: ID!) { node(id: $id) { id } }';
    const extensions = persisted(hashOf(query));
    await post({ query, extensions, variables: { id: 'nope' } });
    const viaQuery = await post({ query, variables: { id: 'nope' } });
    const viaHash = await post({ extensions, variables: { id: 'nope' } });
    expect(viaHash.status).toBe(viaQuery.status);
    expect(viaHash.body).toEqual(viaQuery.body);
  });

  it('refuses a query whose SHA-256 is not its hash, and does not register it', async () => {
    const query = '{ providers { name } }';
    const otherHash = hashOf('{ providers { kind } }');
    expectBadUserInput(await post({ query, extensions: persisted(otherHash) }), /does not match/);
    expectNotFound(await post({ extensions: persisted(otherHash) }));
    expectBadUserInput(await get({ query, extensions: persisted(otherHash) }), /does not match/);
  });

  it('refuses a version other than 1, a malformed hash, and a persistedQuery that is not an object', async () => {
    const query = '{ providers { name } }';
    for (const version of [2, 0, '1', null]) {
      expectBadUserInput(await post({ query, extensions: persisted(hashOf(query), version) }), /version/);
      expectBadUserInput(await post({ extensions: persisted(hashOf(query), version) }), /version/);
    }
    for (const hash of ['', 'abc', hashOf(query).toUpperCase(), `${hashOf(query)}0`, 5]) {
      expectBadUserInput(await post({ query, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }), /sha256Hash/);
    }
    for (const persistedQuery of ['x', 1, [], null]) {
      const result = await post({ query, extensions: { persistedQuery } });
      expect(result.status).toBe(400);
      expect(result.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('registers only documents an authenticated client ran: not an unauthenticated resend, not an invalid document', async () => {
    const query = 'query ApqAnonymous { providers { name } }';
    const extensions = persisted(hashOf(query));
    const anonymous = await post({ query, extensions }, {});
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expectNotFound(await post({ extensions }));

    const invalid = '{ noSuchField }';
    const invalidExtensions = persisted(hashOf(invalid));
    const refused = await post({ query: invalid, extensions: invalidExtensions });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expectNotFound(await post({ extensions: invalidExtensions }));

    // An unauthenticated hit on a registered hash is still refused by authentication.
    await post({ query, extensions });
    expect((await post({ extensions }, {})).status).toBe(401);
  });

  it('leaves requests without persistedQuery as they were', async () => {
    const plain = await post({ query: '{ providers { name } }', extensions: { other: true } });
    expect(plain.status).toBe(200);
    expect(plain.body).toEqual({ data: providers });
    const missing = await post({});
    expect(missing.status).toBe(400);
    expect(missing.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('PersistedQueryStore', () => {
  it('keeps at most maxDocuments, skips documents over maxDocumentBytes, and starts over at maxTotalBytes', () => {
    const store = new PersistedQueryStore({ maxDocuments: 2, maxDocumentBytes: 10, maxTotalBytes: 20 });
    store.set('a', '{ a }');
    store.set('b', '{ b }');
    store.set('c', '{ c }');
    expect([store.get('a'), store.get('b'), store.get('c')]).toEqual([undefined, '{ b }', '{ c }']);
    store.set('big', '{ 123456789 }');
    expect(store.get('big')).toBeUndefined();
    store.set('d', '{ ddddd }');
    // 5 + 5 + 5 bytes stored, 9 more pass 20: the store starts over with d.
    expect(store.size).toBe(1);
    expect(store.get('d')).toBe('{ ddddd }');
  });

  it('hashes as Apollo clients do (SHA-256, lower-case hex)', () => {
    expect(sha256Hex('{__typename}')).toBe('ecf4edb46db40b5132295c0291d62fb65d6759a9eedfa4d5d612dd5ec54a6b38');
  });
});

describe('the lean SSE path', () => {
  it('leaves persisted queries to Yoga (which runs the plugin)', () => {
    const extensions = persisted(hashOf('subscription { x }'));
    expect(paramsFromJsonBody(Buffer.from(JSON.stringify({ query: 'subscription { x }', extensions })))).toBeUndefined();
    expect(paramsFromQueryString(new URLSearchParams({ query: 'subscription { x }', extensions: JSON.stringify(extensions) }).toString())).toBeUndefined();
    expect(paramsFromJsonBody(Buffer.from(JSON.stringify({ query: 'subscription { x }', extensions: { other: 1 } })))).toBeDefined();
  });
});
