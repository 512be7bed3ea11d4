import type { ExecutionRecord } from '../model/execution-record.js';
import { executionStatuses } from '../model/execution-status.js';
import { builder } from './builder.js';
import { NodeRef } from './node.js';

export const ExecutionStatusEnum = builder.enumType('ExecutionStatus', { values: executionStatuses });

export const ExecutionErrorRef = builder.objectRef<NonNullable<ExecutionRecord['error']>>('ExecutionError').implement({
  fields: (t) => ({
    code: t.exposeString('code', { nullable: true }),
    message: t.exposeString('message'),
  }),
});

/** Declared here, implemented in execution.ts (its fields need the connection types, which need it). */
export const ExecutionRef = builder.interfaceRef<ExecutionRecord>('Execution');
