import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executionGlobalId } from '../../src/model/global-id.js';
import { fieldNodesAt } from '../../src/plugins/field-nodes-at.js';
import { startAirOpsStack, type AirOpsStack } from '../helpers/airops-stack.js';

describe('fieldNodesAt', () => {
  const document = parse(`
    query Q { a: execution(id: "1") { ...F ... on AirOpsExecution { output } } b: providers { name } }
    query R { providers { name kind } providers { name } }
    fragment F on Execution { id parent { id status } }
  `);

  it('follows aliases, fragments and inline fragments to the field a path names', () => {
    expect(fieldNodesAt(document, 'Q', ['a', 'parent', 'status']).map((node) => node.name.value)).toEqual(['status']);
    expect(fieldNodesAt(document, 'Q', ['a', 'output']).map((node) => node.loc?.start)).toHaveLength(1);
    expect(fieldNodesAt(document, 'Q', ['b', 3, 'name'])).toHaveLength(1);
  });

  it('returns every field of a response key, as graphql-js collects them', () => {
    expect(fieldNodesAt(document, 'R', ['providers'])).toHaveLength(2);
    expect(fieldNodesAt(document, 'R', ['providers', 0, 'name'])).toHaveLength(2);
  });

  it('returns nothing for a path the operation does not have', () => {
    expect(fieldNodesAt(document, 'Q', ['execution'])).toEqual([]);
    expect(fieldNodesAt(document, 'Nope', ['a'])).toEqual([]);
  });
});

/**
 * A document runs through graphql-js the first time and compiled (graphql-jit) from then on:
 * the answers must not differ, whatever the document holds (interfaces and fragments, custom
 * scalars, lists, null fields, errors at nested paths, variables refused).
 */
describe('compiled execution', () => {
  let stack: AirOpsStack;
  let ids: string[];

  beforeAll(async () => {
    stack = await startAirOpsStack({ providerNames: ['airops'] });
    const app = stack.simulator.addApp({ name: 'compiled' });
    ids = [
      executionGlobalId('airops', stack.simulator.addExecution({ app: app.id, status: 'running', output: { text: 'ünïcode ✓', list: [1, 2.5, null, { deep: true }] } }).uuid),
      executionGlobalId('airops', stack.simulator.addExecution({ app: app.id, status: 'error', errorMessage: { reason: ['a', 1] }, errorCode: 'boom' }).uuid),
      executionGlobalId('airops', stack.simulator.addExecution({ app: app.id, status: 'success', output: 'plain text' }).uuid),
    ];
  });

  afterAll(async () => {
    await stack.close();
  });

  const documents: [string, string, () => Record<string, unknown>, number][] = [
    [
      'interfaces, fragments, scalars',
      `query ($a: ID!, $b: ID!, $c: ID!, $d: ID!) {
         a: node(id: $a) { ...Node } b: node(id: $b) { ...Node } c: node(id: $c) { ...Node } d: node(id: $d) { ...Node }
       }
       fragment Node on Node { __typename id ... on Execution { ...Fields } }
       fragment Fields on Execution { status nativeStatus isTerminal createdAt updatedAt startedAt endedAt output input creditsUsed error { message code } provider { name kind } ... on AirOpsExecution { targetId } }`,
      () => ({ a: ids[0], b: ids[1], c: ids[2], d: executionGlobalId('airops', '00000000-0000-4000-8000-00000000dead') }),
      200,
    ],
    ['errors at nested paths', `query ($a: ID!, $b: ID!) { first: execution(id: $a) { id } second: execution(id: $b) { id status } }`, () => ({ a: 'not-an-id', b: ids[0] }), 200],
    ['a mutation refused', `mutation ($id: ID!) { cancelExecution(id: $id) { id status } }`, () => ({ id: ids[2] }), 200],
    ['a variable refused', `query ($id: ID!) { execution(id: $id) { id } }`, () => ({ id: 12.5 }), 400],
    ['a list page', `{ executions(first: 3) { edges { cursor node { id status } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`, () => ({}), 200],
  ];

  it('compiles a document from its second execution on', async () => {
    // graphql-jit writes `data` before `errors`, graphql-js after: the raw text tells who ran it.
    const query = 'query Twice($id: ID!) { execution(id: $id) { id } }';
    const texts = [];
    for (let run = 0; run < 3; run++) texts.push((await stack.gateway.graphql(query, { id: 'not-an-id' })).text);
    expect(texts.map((text) => text.slice(0, 9))).toEqual(['{"errors"', '{"data":{', '{"data":{']);
  });

  for (const [name, query, variables, status] of documents) {
    it(`answers the same before and after compiling: ${name}`, async () => {
      const answers = [];
      // Parsed: graphql-jit writes `data` before `errors`, graphql-js after.
      for (let run = 0; run < 3; run++) {
        const { status, body } = await stack.gateway.graphql(query, variables());
        answers.push({ status, body });
      }
      expect(answers[0]!.status).toBe(status);
      // Executed (a request error has no `data` at all; a refused mutation has `data: null`).
      if (status === 200) expect(answers[0]!.body).toHaveProperty('data');
      expect(answers[1]).toEqual(answers[0]);
      expect(answers[2]).toEqual(answers[0]);
    });
  }
});
