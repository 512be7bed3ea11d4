import type { GatewayContext } from '../context.js';
import type { ExecutionRecord } from '../model/execution-record.js';
import { type WorkflowChildRunLink, type WorkflowStep } from '../model/workflow-run-details.js';
import type { WorkflowFamily } from '../model/workflow.js';
import type { WorkflowRunRecord, WorkflowRunsOperations } from '../providers/workflow-runs-operations.js';
import { builder } from './builder.js';
import { ExecutionRef, ExecutionStatusEnum } from './execution-interface.js';
import { NodeRef } from './node.js';
import { TimestampPrecisionEnum, WorkflowRunOriginEnum, WorkflowRunRetentionRef, WorkflowRunUsageRef, WorkflowRunVersionRef } from './workflow-run-fields.js';
import { versionShape, workflowShape, WorkflowRef, WorkflowVersionRef } from './workflow-catalog.js';

export const WorkflowRunRef = builder.objectRef<WorkflowRunRecord>('WorkflowRun');

interface WorkflowStepShape {
  record: WorkflowRunRecord;
  step: WorkflowStep;
}

interface ChildRunShape {
  provider: string;
  link: WorkflowChildRunLink;
}

/** Cortex's own operations of the run's provider (null when it has none: a test double, or another kind). */
function workflowRunsOf(context: GatewayContext, providerName: string): WorkflowRunsOperations | null {
  return context.gateway.registry.get(providerName)?.extensions.workflowRuns ?? null;
}

function familyOf(record: WorkflowRunRecord): WorkflowFamily {
  return record.details.family;
}

const verboseReads = new WeakMap<WorkflowRunRecord, Promise<WorkflowRunRecord>>();

/** The run as verbose=all shows it, read at most once per record (each read or event is a new record). */
function verboseRun(context: GatewayContext, record: WorkflowRunRecord): Promise<WorkflowRunRecord> {
  if (record.details.verbose) return Promise.resolve(record);
  let read = verboseReads.get(record);
  if (!read) {
    const operations = workflowRunsOf(context, record.provider);
    read = operations ? operations.readVerbose(record, context.callOptions()) : Promise.resolve(record);
    verboseReads.set(record, read);
  }
  return read;
}

async function verboseStep(context: GatewayContext, record: WorkflowRunRecord, step: WorkflowStep): Promise<WorkflowStep | null> {
  if (step.logs !== null && step.calls !== null) return step;
  const full = await verboseRun(context, record);
  return full.details.steps.find((candidate) => candidate.key === step.key) ?? null;
}

/** Workflows read for runs' `workflow` field, once per request and workflow however many runs show it. */
const workflowReads = new WeakMap<GatewayContext, Map<string, ReturnType<WorkflowRunsOperations['getWorkflow']>>>();

function workflowOnce(context: GatewayContext, operations: WorkflowRunsOperations, record: WorkflowRunRecord): ReturnType<WorkflowRunsOperations['getWorkflow']> {
  let reads = workflowReads.get(context);
  if (!reads) workflowReads.set(context, (reads = new Map()));
  const key = `${record.provider}\u0000${familyOf(record)}\u0000${record.details.workflowId}`;
  let read = reads.get(key);
  if (!read) reads.set(key, (read = operations.getWorkflow(record.details.workflowId, familyOf(record), context.callOptions())));
  return read;
}

export const WorkflowChildRunRef = builder.objectRef<ChildRunShape>('WorkflowChildRun').implement({
  description: "A run one of this run's `workflow` steps started, as the step reports it (Cortex's only link between runs).",
  fields: (t) => ({
    nativeId: t.string({ description: '`<workflow_id>/<run_id>`.', resolve: ({ link }) => link.nativeId }),
    runId: t.string({ resolve: ({ link }) => link.runId }),
    workflowId: t.string({ resolve: ({ link }) => link.workflowId }),
    appId: t.string({ nullable: true, resolve: ({ link }) => link.appId }),
    workflowAppId: t.string({ nullable: true, resolve: ({ link }) => link.workflowAppId }),
    stepKey: t.string({ resolve: ({ link }) => link.stepKey }),
    status: t.field({ type: ExecutionStatusEnum, resolve: ({ link }) => link.status }),
    nativeStatus: t.string({ resolve: ({ link }) => link.nativeStatus }),
    run: t.field({
      type: ExecutionRef,
      nullable: true,
      description: 'The child run read afresh; null when Cortex will not show it (another app’s workflow).',
      resolve: ({ provider, link }, _args, context) => context.loaders.executions.load({ provider, nativeId: link.nativeId }),
    }),
  }),
});

export const WorkflowStepRef = builder.objectRef<WorkflowStepShape>('WorkflowStep').implement({
  description: 'One executed step of a Cortex run, in execution order.',
  fields: (t) => ({
    key: t.string({ resolve: ({ step }) => step.key }),
    type: t.string({ nullable: true, description: 'note, branch, code, model, http_request, browser, workflow, service, input, ...', resolve: ({ step }) => step.type }),
    status: t.field({ type: ExecutionStatusEnum, resolve: ({ step }) => step.status }),
    nativeStatus: t.string({ resolve: ({ step }) => step.nativeStatus }),
    startedAt: t.field({ type: 'DateTime', nullable: true, resolve: ({ step }) => step.startedAt }),
    endedAt: t.field({ type: 'DateTime', nullable: true, resolve: ({ step }) => step.endedAt }),
    output: t.field({ type: 'JSON', nullable: true, resolve: ({ step }) => step.output }),
    error: t.string({ nullable: true, resolve: ({ step }) => step.error }),
    logs: t.field({
      type: 'JSON',
      nullable: true,
      description: 'Step logs. Cortex sends them only with verbose=all, so selecting this costs one more read of the run.',
      resolve: async ({ record, step }, _args, context) => (await verboseStep(context, record, step))?.logs ?? null,
    }),
    calls: t.field({
      type: 'JSON',
      nullable: true,
      description: 'Model and HTTP calls of the step (verbose=all only, like logs).',
      resolve: async ({ record, step }, _args, context) => (await verboseStep(context, record, step))?.calls ?? null,
    }),
    childRun: t.field({
      type: WorkflowChildRunRef,
      nullable: true,
      description: 'For a `workflow` step: the run it started.',
      resolve: ({ record, step }) => (step.childRun ? { provider: record.provider, link: step.childRun } : null),
    }),
  }),
});

WorkflowRunRef.implement({
  description:
    'A run of a Cortex workflow. nativeId is "<workflow_id>/<run_id>"; the app is the provider\'s appId. Cortex has no parent ' +
    'pointer: parent is known only for runs runql saw being started by another run\'s workflow step; children come from those steps.',
  interfaces: [NodeRef, ExecutionRef],
  isTypeOf: (value) => (value as ExecutionRecord).kind === 'workflow-runs',
  fields: (t) => ({
    workflowId: t.string({ resolve: (record) => record.details.workflowId }),
    runId: t.string({ description: "Cortex's run id.", resolve: (record) => record.details.runId }),
    appId: t.string({ nullable: true, description: 'The invoking app (`app_id`).', resolve: (record) => record.details.appId }),
    workflowAppId: t.string({
      nullable: true,
      description: 'The app owning the workflow (`workflow_app_id`); another app for discoverable workflows.',
      resolve: (record) => record.details.workflowAppId,
    }),
    origin: t.field({ type: WorkflowRunOriginEnum, resolve: (record) => record.details.origin }),
    nativeOrigin: t.string({ nullable: true, description: "Cortex's `origin`, verbatim.", resolve: (record) => record.details.nativeOrigin }),
    version: t.field({ type: WorkflowRunVersionRef, resolve: (record) => record.details.version }),
    workflowVersion: t.field({
      type: WorkflowVersionRef,
      nullable: true,
      description: 'The full version (or draft) the run executed. Cortex sends it only with verbose=all: selecting it costs one more read.',
      resolve: async (record, _args, context) => {
        const full = await verboseRun(context, record);
        return full.details.workflowVersion ? versionShape(record.provider, familyOf(record), full.details.workflowVersion) : null;
      },
    }),
    workflow: t.field({
      type: WorkflowRef,
      nullable: true,
      description: 'The workflow (one more read, shared within the request).',
      resolve: async (record, _args, context) => {
        const operations = workflowRunsOf(context, record.provider);
        if (!operations) return null;
        const workflow = await workflowOnce(context, operations, record);
        return workflow ? workflowShape(record.provider, workflow) : null;
      },
    }),
    steps: t.field({
      type: [WorkflowStepRef],
      description: 'Executed steps ordered by start; `output` in either of its wire forms (a step map, or the older array).',
      resolve: (record) => record.details.steps.map((step) => ({ record, step })),
    }),
    result: t.field({
      type: 'JSON',
      nullable: true,
      description: "Cortex's `result`: the last code step's `result`, else the last step's output. `output` falls back to the latest step output before there is one.",
      resolve: (record) => record.details.result,
    }),
    usage: t.field({ type: WorkflowRunUsageRef, nullable: true, resolve: (record) => record.details.usage }),
    retention: t.field({ type: WorkflowRunRetentionRef, nullable: true, resolve: (record) => record.details.retention }),
    collectionId: t.string({ nullable: true, resolve: (record) => record.details.collectionId }),
    recordId: t.string({ nullable: true, resolve: (record) => record.details.recordId }),
    childRuns: t.field({
      type: [WorkflowChildRunRef],
      description: "Runs this run's workflow steps started, as the steps report them (no further read).",
      resolve: (record) => record.details.childRuns.map((link) => ({ provider: record.provider, link })),
    }),
    timestampPrecision: t.field({ type: TimestampPrecisionEnum, resolve: (record) => record.details.timestampPrecision }),
    discoverable: t.boolean({
      description: 'Started through the discoverable-workflow routes (which Cortex offers no read for when the workflow is another app’s).',
      resolve: (record) => record.details.family === 'discover',
    }),
    stale: t.boolean({
      description: 'True when Cortex cannot be asked for this run: the fields are what Cortex last answered to runql, not its current state.',
      resolve: (record) => record.details.stale,
    }),
  }),
});
