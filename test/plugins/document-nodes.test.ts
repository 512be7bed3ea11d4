import { readFileSync } from 'node:fs';
import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { countDocumentNodes, isConnectionType } from '../../src/plugins/document-nodes.js';
import { documentLimits } from '../../src/plugins/use-document-limits.js';
import { schema } from '../../src/schema/index.js';

function count(query: string, variables?: Record<string, unknown>, operationName?: string): number {
  const document = parse(query);
  expect(validate(schema, document), query).toEqual([]);
  return countDocumentNodes(schema, document, operationName, variables);
}

const page = (first: string, inner = 'id') => `executions${first} { edges { node { ${inner} } } }`;
const children = (first: string, inner = 'id') => `children${first} { edges { node { ${inner} } } }`;

describe('countDocumentNodes', () => {
  it('multiplies first along a path and adds up the paths (the contract example: 1,050)', () => {
    expect(count(`{ ${page('(first: 50)', children('(first: 20)'))} }`)).toBe(1050);
    expect(count(`{ ${page('(first: 100)', children('(first: 100)'))} }`)).toBe(10_100);
    expect(count(`{ ${page('(first: 100)', children('(first: 99)'))} }`)).toBe(10_000);
  });

  it('counts the detail view with children and grandchildren as 110, a page of 100 with two children each as 300', () => {
    expect(count(`query ($id: ID!) { execution(id: $id) { id ${children('(first: 10)', children('(first: 10)'))} } }`, { id: 'x' })).toBe(110);
    expect(count(`{ ${page('(first: 100)', children('(first: 2)'))} }`)).toBe(300);
  });

  it('takes 20 for an absent or null first, and the schema default where a field has one', () => {
    expect(count(`{ ${page('')} }`)).toBe(20);
    expect(count(`{ ${page('(first: null)')} }`)).toBe(20);
    expect(count(`{ ${page('', children(''))} }`)).toBe(20 + 20 * 20);
    expect(count(`{ workflows(provider: "p") { edges { node { id runs { edges { cursor } } } } } }`)).toBe(20 + 20 * 20);
  });

  it('clamps first to 0–100', () => {
    expect(count(`{ ${page('(first: 0)', children('(first: 100)'))} }`)).toBe(0);
    expect(count(`{ ${page('(first: 5000)', children('(first: -3)'))} }`)).toBe(100);
  });

  it('counts every connection type of the schema, found by its type, not by a list of fields', () => {
    const connections = Object.values(schema.getTypeMap()).filter(isConnectionType).map((type) => type.name);
    expect(connections).toEqual(expect.arrayContaining(['ExecutionConnection', 'WorkflowConnection', 'WorkflowRunConnection', 'WorkflowVersionConnection']));
    expect(connections.every((name) => name.endsWith('Connection'))).toBe(true);
    const catalog = `{ workflows(provider: "p", first: 10) { edges { node { runs(first: 30) { edges { cursor } } versions(first: 5) { edges { cursor } } } } } }`;
    expect(count(catalog)).toBe(10 + 10 * 30 + 10 * 5);
    expect(count(`{ workflowRuns(provider: "p", workflowId: "w", first: 7) { edges { cursor } } }`)).toBe(7);
  });

  it('counts aliased fields each', () => {
    expect(count(`{ execution(id: "x") { a: ${children('(first: 10)')} b: ${children('(first: 10)')} } }`)).toBe(20);
    expect(count(`{ ${page('(first: 100)', children('(first: 99)'))} one: ${page('(first: 1)')} }`)).toBe(10_001);
  });

  it('counts a fragment once per spread, named or inline, nested too', () => {
    const fragments = `fragment Kids on Execution { ${children('(first: 99)')} } fragment Page on Query { ${page('(first: 50)', '...Kids')} }`;
    expect(count(`{ ...Page ...Page } ${fragments}`)).toBe(10_000);
    expect(count(`{ ...Page ...Page one: ${page('(first: 1)')} } ${fragments}`)).toBe(10_001);
    expect(count(`{ execution(id: "x") { ...K ...K ... on Execution { ...K } } } fragment K on Execution { ${children('(first: 3)')} }`)).toBe(9);
    expect(count(`{ node(id: "x") { ... on AirOpsExecution { four: ${children('(first: 4)')} } ... { ... on Execution { five: ${children('(first: 5)')} } } } }`)).toBe(9);
  });

  it('stays linear in the document: a fragment spread doubling at every level counts without expanding', () => {
    const levels = 40;
    const fragments = Array.from({ length: levels }, (_, level) => `fragment F${level} on Execution { ${level === levels - 1 ? children('(first: 1)', 'id') : `...F${level + 1} ...F${level + 1}`} }`);
    // Expanded, 2^39 spreads would never finish.
    expect(countDocumentNodes(schema, parse(`{ execution(id: "x") { ...F0 } } ${fragments.join(' ')}`))).toBe(2 ** (levels - 1));
  });

  it('applies @skip and @include, literal or from variables', () => {
    const query = `query ($skip: Boolean!, $with: Boolean = true) { a: ${page('(first: 10) @skip(if: $skip)')} b: ${page('(first: 5) @include(if: $with)')} c: ${page('(first: 1) @skip(if: true)')} d: ${page('(first: 2) @include(if: false)')} }`;
    expect(count(query, { skip: false })).toBe(15);
    expect(count(query, { skip: true })).toBe(5);
    expect(count(query, { skip: true, with: false })).toBe(0);
    expect(count(`query ($s: Boolean!) { execution(id: "x") { ... @skip(if: $s) { ${children('(first: 9)')} } } }`, { s: true })).toBe(0);
  });

  it('reads a variable first, its default without a value, and the schema default or 20 without either', () => {
    const query = `query ($n: Int, $m: Int = 7) { ${page('(first: $n)', children('(first: $m)'))} }`;
    expect(count(query, { n: 100, m: 100 })).toBe(10_100);
    expect(count(query, { n: 3 })).toBe(3 + 3 * 7);
    expect(count(query, {})).toBe(20 + 20 * 7);
    expect(count(query)).toBe(20 + 20 * 7);
    expect(count(query, { n: null })).toBe(20 + 20 * 7);
    // Variables that do not coerce (execution refuses them): defaults only.
    expect(count(query, { n: 'many', m: 2 })).toBe(20 + 20 * 7);
    expect(count('query ($n: Int!) { execution(id: "x") { children(first: $n) { edges { cursor } } } }')).toBe(20);
  });

  it('picks the named operation, and counts subscriptions by their connection fields only', () => {
    const document = `query A { ${page('(first: 3)')} } query B { ${page('(first: 4)')} }`;
    expect(count(document, undefined, 'A')).toBe(3);
    expect(count(document, undefined, 'B')).toBe(4);
    expect(count('subscription ($id: ID!) { executionUpdated(id: $id) { id status } }', { id: 'x' })).toBe(0);
    expect(count(`subscription ($id: ID!) { executionUpdated(id: $id) { ${children('(first: 100)', children('(first: 100)'))} } }`, { id: 'x' })).toBe(10_100);
  });

  it('passes every query shown in the README, docs/ and the benchmarks', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]!);
    expect(blocks.length).toBeGreaterThan(0);
    const shown = [
      ...blocks,
      // bench/listing.ts and docs/benchmarks.md
      `query ($id: ID!) { execution(id: $id) { id status output } }`,
      `query ($id: ID!) { execution(id: $id) { id status parent { id status } children { edges { node { id status } } } } }`,
      `{ executions(first: 20) { edges { node { id status createdAt } } pageInfo { hasNextPage endCursor } } }`,
      `query ($provider: String!) { executions(first: 50, filter: { providers: [$provider] }) { edges { node { id status parent { id status } children { edges { node { id status } } } } } } }`,
      `subscription ($id: ID!) { executionUpdated(id: $id) { id status output updatedAt } }`,
      // bench/feed.ts
      `subscription ($filter: ExecutionFilter) { executionsFeed(filter: $filter) { id status output updatedAt } }`,
    ];
    for (const query of shown) expect(countDocumentNodes(schema, parse(query)), query).toBeLessThanOrEqual(documentLimits.maxNodes);
  });

  it('counts one parsed document again for other variables, and the same without them (kept with the document)', () => {
    const variable = parse(`query ($n: Int, $skip: Boolean!) { ${page('(first: $n)')} other: executions(first: 5) @skip(if: $skip) { edges { node { id } } } }`);
    expect(countDocumentNodes(schema, variable, undefined, { n: 10, skip: false })).toBe(10 + 5);
    expect(countDocumentNodes(schema, variable, undefined, { n: 100, skip: false })).toBe(100 + 5);
    expect(countDocumentNodes(schema, variable, undefined, { n: 100, skip: true })).toBe(100);
    const literal = parse(`query ($id: ID!) { execution(id: $id) { ${children('(first: 7)')} } }`);
    expect(countDocumentNodes(schema, literal, undefined, { id: 'a' })).toBe(7);
    expect(countDocumentNodes(schema, literal, undefined, { id: 'b' })).toBe(7);
    expect(countDocumentNodes(schema, literal, undefined, undefined)).toBe(7);
  });
});
