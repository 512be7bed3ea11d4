import type { ExecutionRecord } from '../model/execution-record.js';
import { builder } from './builder.js';
import { ExecutionRef } from './execution-interface.js';
import { NodeRef } from './node.js';

export const FlowExecutionRef = builder.objectRef<ExecutionRecord<'flows'>>('FlowExecution').implement({
  description:
    'An execution of a FlowMason flow. FlowMason runs the flow inside its start request (for up to 30 s), so startExecution ' +
    'blocks for the whole run even with wait: false and answers the finished execution. FlowMason reports only when a run ' +
    'started and completed: createdAt = startedAt, endedAt is the completion time, and updatedAt is always null. A run that ' +
    'fails or exceeds 30 s is not stored by FlowMason: its start answers an error saying no execution exists.',
  interfaces: [NodeRef, ExecutionRef],
  isTypeOf: (value) => (value as ExecutionRecord).kind === 'flows',
  fields: (t) => ({
    flowId: t.string({ description: 'The flow that ran (FlowMason `flow_id`).', resolve: (record) => record.details.flowId }),
    retryOf: t.field({
      type: ExecutionRef,
      nullable: true,
      description:
        'The failed execution this one re-ran, when it was made by retryExecution (FlowMason retries by running the flow ' +
        'again as a new execution). Known only to the gateway that made the re-run; null otherwise, or when that execution is gone.',
      resolve: (record, _args, context) =>
        record.details.retryOf === null ? null : context.loaders.executions.load({ provider: record.provider, nativeId: record.details.retryOf }),
    }),
  }),
});
