import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printSortedSchema } from '../../src/schema/index.js';

describe('schema.graphql', () => {
  it('matches the Pothos schema (run `npm run codegen` and commit the file when this fails)', () => {
    const committed = readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(printSortedSchema());
  });

  it('has every name of the public contract', () => {
    const sdl = printSortedSchema();
    for (const name of [
      'scalar DateTime',
      'scalar JSON',
      'interface Node',
      'interface Execution implements Node',
      'enum ExecutionStatus',
      'enum ProviderKind',
      'enum Feedback',
      'type Provider',
      'type ExecutionError',
      'type AirOpsExecution implements Execution & Node',
      'type ExecutionEdge',
      'type PageInfo',
      'type ExecutionConnection',
      'input StartExecutionInput',
      'node(id: ID!): Node',
      'execution(id: ID!): Execution',
      'executionByNativeId(nativeId: String!, provider: String!): Execution',
      'providers: [Provider!]!',
      'startExecution(input: StartExecutionInput!): Execution!',
      'cancelExecution(id: ID!): Execution!',
      'retryExecution(id: ID!): Execution!',
      'rateExecution(feedback: Feedback!, id: ID!): Execution!',
      'type FlowExecution implements Execution & Node',
      'type NestedExecution implements Execution & Node',
      'type WorkflowRun implements Execution & Node',
      'flowId: String!',
      'responderId: String!',
      'isAgentic: Boolean!',
      'workflowId: String!',
      'executions(after: String, filter: ExecutionFilter, first: Int = 20): ExecutionConnection!',
      'input ExecutionFilter',
      'targetIds: [String!]',
      'status: [ExecutionStatus!]',
      'executionUpdated(id: ID!): Execution!',
      'executionsUpdated(ids: [ID!]!): Execution!',
      'executionsFeed(filter: ExecutionFilter): Execution!',
      'children(after: String, first: Int): ExecutionConnection!',
    ]) {
      expect(sdl).toContain(name);
    }
    for (const status of ['PENDING', 'RUNNING', 'NEEDS_REVIEW', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'SKIPPED', 'UNKNOWN']) {
      expect(sdl).toMatch(new RegExp(`enum ExecutionStatus \\{[^}]*\\b${status}\\b`));
    }
  });
});
