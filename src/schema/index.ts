import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { builder } from './builder.js';
import './scalars.js';
import './node.js';
import './provider-type.js';
import './feedback.js';
import './execution.js';
import './execution-mutations.js';
import './airops-execution.js';
import './flow-execution.js';
import './nested-execution.js';
import './workflow-run.js';
import './workflow-catalog.js';
import './workflow-run-mutations.js';
import './executions-query.js';
import './subscriptions.js';
import './executions-feed.js';

export const schema: GraphQLSchema = builder.toSchema();

/** The SDL committed as schema.graphql: sorted, so it is deterministic. */
export function printSortedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
