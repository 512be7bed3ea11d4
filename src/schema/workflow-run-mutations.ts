import type { GatewayContext } from '../context.js';
import { badUserInput } from '../errors/gateway-error.js';
import { requireExecution } from '../operations/locate-execution.js';
import { providerNamed } from '../operations/provider-access.js';
import { maxWaitTimeoutMs, settle, startOnce } from '../operations/start-execution.js';
import { requireExtension } from '../providers/require-operation.js';
import type { RetentionChange, WorkflowRunRecord } from '../providers/workflow-runs-operations.js';
import { builder } from './builder.js';
import { WorkflowRunRef } from './workflow-run.js';

/** Cortex-only mutations: run retention and discoverable workflow runs. */
export const WorkflowRunRetentionInputRef = builder.inputType('WorkflowRunRetentionInput', {
  description: 'Either maxAgeSeconds (at least 1) or keepForever: true; preserveOnFailure exempts FAILED runs from purging.',
  fields: (t) => ({
    maxAgeSeconds: t.int(),
    keepForever: t.boolean(),
    preserveOnFailure: t.boolean(),
  }),
});

export const StartDiscoverableWorkflowRunInputRef = builder.inputType('StartDiscoverableWorkflowRunInput', {
  fields: (t) => ({
    provider: t.string({ required: true }),
    workflowId: t.string({ required: true, description: 'A discoverable workflow, possibly another app’s.' }),
    inputs: t.field({ type: 'JSON', required: true }),
    version: t.string({ description: 'draft, latest, a version id or a version number.' }),
    wait: t.boolean({
      defaultValue: false,
      description: 'As startExecution; a run of another app’s workflow cannot be read back, so it answers at once with its start state.',
    }),
    waitTimeoutMs: t.int({ defaultValue: 60_000 }),
    idempotencyKey: t.string(),
    retention: t.field({ type: WorkflowRunRetentionInputRef }),
  }),
});

function retentionChange(input: { maxAgeSeconds?: number | null; keepForever?: boolean | null; preserveOnFailure?: boolean | null }): RetentionChange {
  const preserveOnFailure = input.preserveOnFailure ?? null;
  const maxAge = input.maxAgeSeconds ?? null;
  if (input.keepForever === true) {
    if (maxAge !== null) throw badUserInput('retention takes either maxAgeSeconds or keepForever: true, not both');
    return { maxAgeSeconds: null, preserveOnFailure };
  }
  if (maxAge === null) throw badUserInput('retention needs maxAgeSeconds (at least 1) or keepForever: true');
  if (!Number.isInteger(maxAge) || maxAge < 1) throw badUserInput('retention.maxAgeSeconds must be a whole number of seconds, at least 1');
  return { maxAgeSeconds: maxAge, preserveOnFailure };
}

/** A write's answer is what later fields of this request see, and no cached finished state outlives it. */
function remember(context: GatewayContext, record: WorkflowRunRecord): WorkflowRunRecord {
  const key = { provider: record.provider, nativeId: record.nativeId };
  context.loaders.executions.clear(key).prime(key, record);
  context.gateway.finishedExecutions.invalidate(record.provider, record.nativeId);
  return record;
}

builder.mutationFields((t) => ({
  updateWorkflowRunRetention: t.field({
    type: WorkflowRunRef,
    description: "Changes how long Cortex keeps a run's data (PATCH …/retention); Cortex recomputes retention.dueAt.",
    args: { id: t.arg.id({ required: true }), retention: t.arg({ type: WorkflowRunRetentionInputRef, required: true }) },
    resolve: async (_root, { id, retention }, context) => {
      const { provider, nativeId } = requireExecution(context, String(id));
      const operations = requireExtension(provider, 'workflowRuns', 'updateWorkflowRunRetention');
      const updated = await operations.updateRetention(nativeId, retentionChange(retention), context.callOptions());
      return remember(context, updated);
    },
  }),
  startDiscoverableWorkflowRun: t.field({
    type: WorkflowRunRef,
    description: 'Runs a discoverable (public) workflow, possibly another app’s, through Cortex’s discover routes.',
    args: { input: t.arg({ type: StartDiscoverableWorkflowRunInputRef, required: true }) },
    resolve: async (_root, { input }, context) => {
      const provider = providerNamed(context, input.provider);
      const operations = requireExtension(provider, 'workflowRuns', 'startDiscoverableWorkflowRun');
      const wait = input.wait ?? false;
      const waitTimeoutMs = input.waitTimeoutMs ?? 60_000;
      if (!Number.isInteger(waitTimeoutMs) || waitTimeoutMs < 0 || waitTimeoutMs > maxWaitTimeoutMs) {
        throw badUserInput(`waitTimeoutMs must be an integer from 0 to ${maxWaitTimeoutMs}`);
      }
      const request = {
        workflowId: input.workflowId,
        inputs: input.inputs,
        version: input.version ?? null,
        retention: input.retention ? retentionChange(input.retention) : null,
      };
      const started = (await startOnce(context, provider, input.idempotencyKey ?? null, { ...request, kind: 'discover' }, () =>
        operations.startDiscoverable(request, context.callOptions()),
      )) as WorkflowRunRecord;
      if (!wait || started.isTerminal) return remember(context, started);
      // One read tells whether Cortex can show this run at all (docs/upstreams.md A22); polling an unreadable one would only wait out the timeout.
      const current = ((await provider.operations.get(started.nativeId, context.callOptions())) as WorkflowRunRecord | null) ?? started;
      if (current.details.stale) return remember(context, current);
      return remember(context, (await settle(context, provider, current, true, waitTimeoutMs, 'async')) as WorkflowRunRecord);
    },
  }),
  cancelDiscoverableWorkflowRun: t.field({
    type: WorkflowRunRef,
    description: 'Cancels a PENDING or RUNNING run through Cortex’s discover routes (for runs of another app’s workflow).',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, context) => {
      const { provider, nativeId } = requireExecution(context, String(id));
      const operations = requireExtension(provider, 'workflowRuns', 'cancelDiscoverableWorkflowRun');
      return remember(context, await operations.cancelDiscoverable(nativeId, context.callOptions()));
    },
  }),
}));
