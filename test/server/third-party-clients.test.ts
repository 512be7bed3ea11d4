import { createHash } from 'node:crypto';
import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client/core/index.js';
import { createPersistedQueryLink } from '@apollo/client/link/persisted-queries/index.js';
import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executionGlobalId } from '../../src/model/global-id.js';
import { startAirOpsStack, type AirOpsStack } from '../helpers/airops-stack.js';

/** Clients and test suites written elsewhere, against the gateway as it ships (the JSON route included). */

const clientKey = 'third-party-client-key-77a1';

let stack: AirOpsStack;
let executionId: string;

beforeAll(async () => {
  stack = await startAirOpsStack({ config: { auth: { apiKeys: [{ key: clientKey }] } } });
  const app = stack.simulator.addApp({ name: 'third-party' });
  executionId = executionGlobalId('airops', stack.simulator.addExecution({ app: app.id, status: 'success', output: { ok: true } }).uuid);
});

afterAll(async () => {
  await stack?.close();
});

interface Sent {
  method: string;
  url: string;
  body: Record<string, unknown> | undefined;
}

/** Global fetch, recording what each request carried (and keeping answers for the secret check). */
function recordingFetch(sent: Sent[]): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : undefined;
    sent.push({ method: init?.method ?? 'GET', url, body });
    const response = await fetch(input, init);
    stack.gateway.responses.push(await response.clone().text());
    return response;
  };
}

function apollo(sent: Sent[], useGETForHashedQueries: boolean) {
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
  return new ApolloClient({
    link: createPersistedQueryLink({ sha256, useGETForHashedQueries }).concat(
      new HttpLink({ uri: stack.gateway.url, fetch: recordingFetch(sent), headers: { authorization: `Bearer ${clientKey}` } }),
    ),
    cache: new InMemoryCache(),
    defaultOptions: { query: { fetchPolicy: 'no-cache' } },
  });
}

describe("Apollo Client's PersistedQueryLink", () => {
  for (const useGETForHashedQueries of [false, true]) {
    it(`registers a document on first use and then sends only its hash (${useGETForHashedQueries ? 'GET' : 'POST'})`, async () => {
      const sent: Sent[] = [];
      const client = apollo(sent, useGETForHashedQueries);
      const query = gql`
        query ApolloRead${useGETForHashedQueries ? 'Get' : 'Post'}($id: ID!) {
          execution(id: $id) {
            id
            status
            output
          }
        }
      `;
      const first = await client.query({ query, variables: { id: executionId } });
      expect(first.data.execution).toMatchObject({ id: executionId, status: 'SUCCEEDED', output: { ok: true } });
      // The hash alone (PERSISTED_QUERY_NOT_FOUND), then the document with its hash.
      expect(sent).toHaveLength(2);
      expect(sent[1]!.method).toBe('POST');
      expect(sent[1]!.body?.query).toContain('ApolloRead');

      const second = await client.query({ query, variables: { id: executionId } });
      expect(second.data.execution).toMatchObject({ id: executionId, status: 'SUCCEEDED' });
      expect(sent).toHaveLength(3);
      const hashed = sent[2]!;
      expect(hashed.method).toBe(useGETForHashedQueries ? 'GET' : 'POST');
      if (useGETForHashedQueries) expect(new URL(hashed.url).searchParams.get('query')).toBeNull();
      else expect(hashed.body?.query).toBeUndefined();
    });
  }
});

describe("graphql-http's GraphQL-over-HTTP audits", () => {
  it('passes every audit (MUST, SHOULD and MAY)', async () => {
    const fetchFn: typeof fetch = (input, init) => {
      const headers = new Headers(init?.headers);
      headers.set('authorization', `Bearer ${clientKey}`);
      return fetch(input, { ...init, headers });
    };
    const results = await Promise.all(serverAudits({ url: stack.gateway.url, fetchFn }).map(async (audit) => ({ name: audit.name, result: await audit.fn() })));
    expect(results.length).toBeGreaterThan(50);
    const notOk = results.filter(({ result }) => result.status !== 'ok').map(({ name, result }) => `${result.status}: ${name}: ${'reason' in result ? result.reason : ''}`);
    expect(notOk).toEqual([]);
  });
});
