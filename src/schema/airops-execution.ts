import { badUserInput } from '../errors/gateway-error.js';
import type { ExecutionRecord } from '../model/execution-record.js';
import { providerNamed } from '../operations/provider-access.js';
import { chooseMode, settle, startOnce } from '../operations/start-execution.js';
import { requireOperation } from '../providers/require-operation.js';
import { builder } from './builder.js';
import { ExecutionRef } from './execution-interface.js';
import { FeedbackEnum } from './feedback.js';
import { NodeRef } from './node.js';

export const AirOpsExecutionRef = builder.objectRef<ExecutionRecord<'airops'>>('AirOpsExecution').implement({
  description: 'An execution of an AirOps app.',
  interfaces: [NodeRef, ExecutionRef],
  isTypeOf: (value) => (value as ExecutionRecord).kind === 'airops',
  fields: (t) => ({
    appId: t.string({
      nullable: true,
      description: 'The app (as named when runql started or listed it); AirOps payloads do not carry it.',
      resolve: (record) => record.targetId,
    }),
    numericId: t.string({ nullable: true, description: "AirOps' integer execution id, as a string.", resolve: (record) => record.details.numericId }),
    feedback: t.field({ type: FeedbackEnum, nullable: true, resolve: (record) => record.details.feedback }),
    conversationId: t.string({ nullable: true, resolve: (record) => record.details.conversationId }),
    appVersionId: t.string({ nullable: true, resolve: (record) => record.details.appVersionId }),
    workspaceId: t.string({ nullable: true, resolve: (record) => record.details.workspaceId }),
    source: t.string({ nullable: true, resolve: (record) => record.details.source }),
    runtime: t.int({ nullable: true, description: 'Run time in whole seconds, as AirOps reports it.', resolve: (record) => record.details.runtimeSeconds }),
    errorCode: t.string({ nullable: true, resolve: (record) => record.details.errorCode }),
    errorPayload: t.field({
      type: 'JSON',
      nullable: true,
      description: '`error_message` verbatim (AirOps sends any JSON type there).',
      resolve: (record) => record.details.errorPayload,
    }),
  }),
});

const AirOpsDefinitionInputRef = builder.inputType('ExecuteAirOpsDefinitionInput', {
  fields: (t) => ({
    provider: t.string({ required: true }),
    target: t.string({ required: true, description: 'App uuid (or numeric id) the definition runs under.' }),
    inputs: t.field({ type: 'JSON', required: true }),
    inputsSchema: t.field({ type: 'JSON', required: true, description: 'AirOps `inputs_schema` (a list).' }),
    definition: t.field({ type: 'JSON', required: true, description: 'AirOps workflow `definition` (a list of steps).' }),
    wait: t.boolean({ defaultValue: false }),
    waitTimeoutMs: t.int({ defaultValue: 60_000 }),
    idempotencyKey: t.string(),
  }),
});

const AirOpsWebhookInputRef = builder.inputType('ExecuteAirOpsWebhookInput', {
  fields: (t) => ({
    provider: t.string({ required: true }),
    target: t.string({ required: true }),
    inputs: t.field({ type: 'JSON', required: true }),
    version: t.string(),
    idempotencyKey: t.string(),
  }),
});

builder.mutationFields((t) => ({
  executeAirOpsWorkflowDefinition: t.field({
    type: AirOpsExecutionRef,
    description:
      'Runs an AirOps workflow definition. With wait and a waitTimeoutMs of at least 10 minutes the synchronous endpoint is used; otherwise the asynchronous one (polled while waiting).',
    args: { input: t.arg({ type: AirOpsDefinitionInputRef, required: true }) },
    resolve: async (_root, { input }, context) => {
      const provider = providerNamed(context, input.provider);
      const executeDefinition = requireOperation(provider, 'executeDefinition', 'executeAirOpsWorkflowDefinition');
      if (!isObject(input.inputs)) throw badUserInput('inputs must be a JSON object');
      if (!Array.isArray(input.inputsSchema)) throw badUserInput('inputsSchema must be a JSON list');
      if (!Array.isArray(input.definition)) throw badUserInput('definition must be a JSON list');
      const wait = { wait: input.wait ?? false, waitTimeoutMs: input.waitTimeoutMs ?? 60_000 };
      const mode = chooseMode(provider, wait);
      const request = { target: input.target, inputs: input.inputs, inputsSchema: input.inputsSchema, definition: input.definition, mode };
      const started = await startOnce(context, provider, input.idempotencyKey ?? null, { ...request, kind: 'definition' }, () =>
        executeDefinition(request, context.callOptions()),
      );
      return settle(context, provider, started, wait.wait, wait.waitTimeoutMs, mode) as Promise<ExecutionRecord<'airops'>>;
    },
  }),
  executeAirOpsWebhook: t.field({
    type: AirOpsExecutionRef,
    description: "Starts an AirOps app through its webhook form (webhook_async_execute, keyed by the workspace key in the query string).",
    args: { input: t.arg({ type: AirOpsWebhookInputRef, required: true }) },
    resolve: async (_root, { input }, context) => {
      const provider = providerNamed(context, input.provider);
      const webhookExecute = requireOperation(provider, 'webhookExecute', 'executeAirOpsWebhook');
      const request = { target: input.target, payload: input.inputs, version: input.version ?? null };
      return startOnce(context, provider, input.idempotencyKey ?? null, { ...request, kind: 'webhook' }, () =>
        webhookExecute(request, context.callOptions()),
      ) as Promise<ExecutionRecord<'airops'>>;
    },
  }),
}));

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
