import { runCommand } from '../operations/execution-commands.js';
import { startExecution } from '../operations/start-execution.js';
import { builder } from './builder.js';
import { ExecutionRef } from './execution-interface.js';
import { FeedbackEnum } from './feedback.js';

const StartExecutionInputRef = builder.inputType('StartExecutionInput', {
  fields: (t) => ({
    provider: t.string({ required: true, description: 'Provider name from the config.' }),
    target: t.string({ required: true, description: 'AirOps app uuid (or numeric id), flow id, or workflow id.' }),
    inputs: t.field({ type: 'JSON', required: true }),
    wait: t.boolean({
      defaultValue: false,
      description:
        'false: return at once (PENDING/RUNNING). true: return once terminal, or when waitTimeoutMs runs out, in its state then. ' +
        'Providers that can only run synchronously (FlowMason runs a flow inside its start request, up to 30 s) block for the run either way.',
    }),
    waitTimeoutMs: t.int({ defaultValue: 60_000 }),
    idempotencyKey: t.string({ description: 'Same key + same input within 24 h: the first start\'s execution, no second start.' }),
    version: t.string({ description: 'Upstream version selector: AirOps version_slug, workflow version id or number.' }),
  }),
});

builder.mutationFields((t) => ({
  startExecution: t.field({
    type: ExecutionRef,
    args: { input: t.arg({ type: StartExecutionInputRef, required: true }) },
    resolve: (_root, { input }, context) =>
      startExecution(context, {
        provider: input.provider,
        target: input.target,
        inputs: input.inputs,
        wait: input.wait ?? false,
        waitTimeoutMs: input.waitTimeoutMs ?? 60_000,
        idempotencyKey: input.idempotencyKey ?? null,
        version: input.version ?? null,
      }),
  }),
  cancelExecution: t.field({
    type: ExecutionRef,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, context) => runCommand(context, String(id), 'cancel'),
  }),
  retryExecution: t.field({
    type: ExecutionRef,
    description: 'FAILED executions only: AirOps retry, workflow replay from the first failed step, or a flow re-run (a new execution).',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, context) => runCommand(context, String(id), 'retry'),
  }),
  rateExecution: t.field({
    type: ExecutionRef,
    args: { id: t.arg.id({ required: true }), feedback: t.arg({ type: FeedbackEnum, required: true }) },
    resolve: (_root, { id, feedback }, context) => runCommand(context, String(id), 'rate', feedback),
  }),
}));
