import type { GatewayContext } from '../context.js';
import { badUserInput, notSupported } from '../errors/gateway-error.js';
import type { ExecutionRecord } from '../model/execution-record.js';
import { encodeGlobalId, type GlobalId } from '../model/global-id.js';
import {
  timestampPrecisions,
  workflowRunOrigins,
  type WorkflowChildRunLink,
  type WorkflowRunRetention,
  type WorkflowRunUsage,
  type WorkflowRunVersionReference,
  type WorkflowStep,
} from '../model/workflow-run-details.js';
import type { Retention, Workflow, WorkflowAuthor, WorkflowFamily, WorkflowVersion } from '../model/workflow.js';
import { requireExecution } from '../operations/locate-execution.js';
import { canSeeProvider, forbidden, providerNamed } from '../operations/provider-access.js';
import { maxWaitTimeoutMs, settle, startOnce } from '../operations/start-execution.js';
import type { Capability, Provider } from '../providers/provider.js';
import {
  workflowRunsOperationsOf,
  type RetentionChange,
  type WorkflowRunRecord,
  type WorkflowRunsOperations,
} from '../providers/workflow-runs/index.js';
import { builder } from './builder.js';
import { pageSize, PageInfoRef } from './connection.js';
import { ExecutionRef, ExecutionStatusEnum } from './execution-interface.js';
import { NodeRef, registerNodeResolver } from './node.js';

// ── shapes ──────────────────────────────────────────────────────────────────

const workflowTypeTag = 'Workflow';
const workflowVersionTypeTag = 'WorkflowVersion';

interface WorkflowShape {
  shape: 'Workflow';
  nodeId: string;
  provider: string;
  workflow: Workflow;
}

interface WorkflowVersionShape {
  shape: 'WorkflowVersion';
  nodeId: string;
  provider: string;
  family: WorkflowFamily;
  version: WorkflowVersion;
}

interface WorkflowStepShape {
  record: WorkflowRunRecord;
  step: WorkflowStep;
}

interface ChildRunShape {
  provider: string;
  link: WorkflowChildRunLink;
}

interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number | null;
}

function workflowShape(provider: string, workflow: Workflow): WorkflowShape {
  return { shape: 'Workflow', nodeId: encodeGlobalId(workflowTypeTag, provider, JSON.stringify([workflow.family, workflow.id])), provider, workflow };
}

function versionShape(provider: string, family: WorkflowFamily, version: WorkflowVersion): WorkflowVersionShape {
  const reference = version.isDraft ? 'draft' : (version.id ?? String(version.number));
  const nodeId = encodeGlobalId(workflowVersionTypeTag, provider, JSON.stringify([family, version.workflowId, reference]));
  return { shape: 'WorkflowVersion', nodeId, provider, family, version };
}

// ── enums and small objects ─────────────────────────────────────────────────

export const WorkflowRunOriginEnum = builder.enumType('WorkflowRunOrigin', {
  description: "Where a Cortex run came from. API is Cortex's ENDPOINT (started through its API, runql included).",
  values: workflowRunOrigins,
});

const TimestampPrecisionEnum = builder.enumType('TimestampPrecision', {
  description: 'DATE: the upstream sent a plain date (2023-12-25), read as midnight UTC; DATE_TIME: a full date-time.',
  values: timestampPrecisions,
});

const RetentionFields = {
  maxAgeSeconds: 'Seconds after creation the data is kept; null when kept forever.',
  keepForever: "Cortex's max_age_in_seconds -1.",
  preserveOnFailure: 'FAILED runs are exempt from purging; null when Cortex does not say.',
} as const;

const WorkflowRetentionRef = builder.objectRef<Retention>('WorkflowRetention').implement({
  description: "The default retention of a workflow's runs.",
  fields: (t) => ({
    maxAgeSeconds: t.int({ nullable: true, description: RetentionFields.maxAgeSeconds, resolve: (retention) => safeInt(retention.maxAgeSeconds) }),
    keepForever: t.boolean({ description: RetentionFields.keepForever, resolve: (retention) => retention.keepForever }),
    preserveOnFailure: t.boolean({ nullable: true, description: RetentionFields.preserveOnFailure, resolve: (retention) => retention.preserveOnFailure }),
  }),
});

const WorkflowRunRetentionRef = builder.objectRef<WorkflowRunRetention>('WorkflowRunRetention').implement({
  description: "How long Cortex keeps this run's data; after dueAt its input, output and result may read null.",
  fields: (t) => ({
    maxAgeSeconds: t.int({ nullable: true, description: RetentionFields.maxAgeSeconds, resolve: (retention) => safeInt(retention.maxAgeSeconds) }),
    keepForever: t.boolean({ description: RetentionFields.keepForever, resolve: (retention) => retention.keepForever }),
    preserveOnFailure: t.boolean({ nullable: true, description: RetentionFields.preserveOnFailure, resolve: (retention) => retention.preserveOnFailure }),
    dueAt: t.field({ type: 'DateTime', nullable: true, description: '`retention_due_at`.', resolve: (retention) => retention.dueAt }),
  }),
});

const WorkflowStepUsageRef = builder.objectRef<WorkflowRunUsage['byStep'][number]>('WorkflowStepUsage').implement({
  fields: (t) => ({
    stepKey: t.string({ resolve: (usage) => usage.stepKey }),
    total: t.float({ nullable: true, resolve: (usage) => usage.total }),
  }),
});

const WorkflowRunUsageRef = builder.objectRef<WorkflowRunUsage>('WorkflowRunUsage').implement({
  description: "Credits a run used, in Cortex's own unit: never comparable with, or to be added to, another provider's.",
  fields: (t) => ({
    total: t.float({ nullable: true, resolve: (usage) => usage.total }),
    unit: t.string({ description: 'Vendor-scoped unit of total (cortex:credits).', resolve: (usage) => usage.unit }),
    byStep: t.field({ type: [WorkflowStepUsageRef], resolve: (usage) => usage.byStep }),
    calls: t.field({ type: 'JSON', nullable: true, description: '`usage.calls`, verbatim.', resolve: (usage) => usage.calls }),
  }),
});

const WorkflowRunVersionRef = builder.objectRef<WorkflowRunVersionReference>('WorkflowRunVersion').implement({
  description: 'The workflow version a run executed.',
  fields: (t) => ({
    id: t.string({ nullable: true, resolve: (version) => version.id }),
    number: t.int({ nullable: true, resolve: (version) => safeInt(version.number) }),
    isDraft: t.boolean({
      nullable: true,
      description: "True when the run executed the workflow's draft; null when Cortex's answer did not say.",
      resolve: (version) => version.isDraft,
    }),
  }),
});

const WorkflowVersionAuthorRef = builder.objectRef<WorkflowAuthor>('WorkflowVersionAuthor').implement({
  fields: (t) => ({
    id: t.string({ nullable: true, resolve: (author) => author.id }),
    name: t.string({ nullable: true, resolve: (author) => author.name }),
  }),
});

// ── WorkflowRun ─────────────────────────────────────────────────────────────

export const WorkflowRunRef = builder.objectRef<WorkflowRunRecord>('WorkflowRun');

const WorkflowChildRunRef = builder.objectRef<ChildRunShape>('WorkflowChildRun').implement({
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
      resolve: ({ provider, link }, _args, context) => context.executionLoader.load({ provider, nativeId: link.nativeId }),
    }),
  }),
});

const WorkflowStepRef = builder.objectRef<WorkflowStepShape>('WorkflowStep').implement({
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
        const operations = operationsOf(context, record.provider);
        if (!operations) return null;
        const workflow = await memoized(context, `workflow\u0000${record.provider}\u0000${familyOf(record)}\u0000${record.details.workflowId}`, () =>
          operations.getWorkflow(record.details.workflowId, familyOf(record), callOptions(context)),
        );
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

// ── Workflow and WorkflowVersion ────────────────────────────────────────────

const WorkflowVersionRef = builder.objectRef<WorkflowVersionShape>('WorkflowVersion');
const WorkflowRef = builder.objectRef<WorkflowShape>('Workflow');

const WorkflowRunEdgeRef = builder.objectRef<Connection<WorkflowRunRecord>['edges'][number]>('WorkflowRunEdge').implement({
  fields: (t) => ({
    cursor: t.string({ resolve: (edge) => edge.cursor }),
    node: t.field({ type: WorkflowRunRef, resolve: (edge) => edge.node }),
  }),
});

const WorkflowRunConnectionRef = builder.objectRef<Connection<WorkflowRunRecord>>('WorkflowRunConnection').implement({
  fields: (t) => ({
    edges: t.field({ type: [WorkflowRunEdgeRef], resolve: (connection) => connection.edges }),
    pageInfo: t.field({ type: PageInfoRef, resolve: (connection) => connection.pageInfo }),
    totalCount: t.int({
      nullable: true,
      description: "Cortex's pagination-count; null when runql had to filter on its own (origin or status UNKNOWN).",
      resolve: (connection) => connection.totalCount,
    }),
  }),
});

const WorkflowVersionEdgeRef = builder.objectRef<Connection<WorkflowVersionShape>['edges'][number]>('WorkflowVersionEdge').implement({
  fields: (t) => ({
    cursor: t.string({ resolve: (edge) => edge.cursor }),
    node: t.field({ type: WorkflowVersionRef, resolve: (edge) => edge.node }),
  }),
});

const WorkflowVersionConnectionRef = builder.objectRef<Connection<WorkflowVersionShape>>('WorkflowVersionConnection').implement({
  fields: (t) => ({
    edges: t.field({ type: [WorkflowVersionEdgeRef], resolve: (connection) => connection.edges }),
    pageInfo: t.field({ type: PageInfoRef, resolve: (connection) => connection.pageInfo }),
    totalCount: t.int({ nullable: true, resolve: (connection) => connection.totalCount }),
  }),
});

const WorkflowEdgeRef = builder.objectRef<Connection<WorkflowShape>['edges'][number]>('WorkflowEdge').implement({
  fields: (t) => ({
    cursor: t.string({ resolve: (edge) => edge.cursor }),
    node: t.field({ type: WorkflowRef, resolve: (edge) => edge.node }),
  }),
});

const WorkflowConnectionRef = builder.objectRef<Connection<WorkflowShape>>('WorkflowConnection').implement({
  fields: (t) => ({
    edges: t.field({ type: [WorkflowEdgeRef], resolve: (connection) => connection.edges }),
    pageInfo: t.field({ type: PageInfoRef, resolve: (connection) => connection.pageInfo }),
    totalCount: t.int({ nullable: true, description: "Cortex's pagination-count.", resolve: (connection) => connection.totalCount }),
  }),
});

WorkflowVersionRef.implement({
  description: 'A deployed version of a Cortex workflow, or its draft.',
  interfaces: [NodeRef],
  isTypeOf: (value) => (value as { shape?: unknown }).shape === 'WorkflowVersion',
  fields: (t) => ({
    versionId: t.string({ nullable: true, description: "Cortex's version id (a draft has none).", resolve: ({ version }) => version.id }),
    number: t.int({ nullable: true, resolve: ({ version }) => safeInt(version.number) }),
    isDraft: t.boolean({ resolve: ({ version }) => version.isDraft }),
    workflowId: t.string({ resolve: ({ version }) => version.workflowId }),
    appId: t.string({ nullable: true, resolve: ({ version }) => version.appId }),
    rollbackVersion: t.int({ nullable: true, resolve: ({ version }) => safeInt(version.rollbackVersion) }),
    description: t.string({ nullable: true, resolve: ({ version }) => version.description }),
    notes: t.string({ nullable: true, resolve: ({ version }) => version.notes }),
    createdBy: t.field({ type: WorkflowVersionAuthorRef, nullable: true, resolve: ({ version }) => version.createdBy }),
    createdAt: t.field({ type: 'DateTime', nullable: true, resolve: ({ version }) => version.createdAt }),
    key: t.string({ nullable: true, resolve: ({ version }) => version.key }),
    input: t.field({ type: 'JSON', nullable: true, description: 'The input schema, verbatim.', resolve: ({ version }) => version.input }),
    inputDefault: t.field({ type: 'JSON', nullable: true, resolve: ({ version }) => version.inputDefault }),
    inputOptions: t.field({ type: 'JSON', nullable: true, resolve: ({ version }) => version.inputOptions }),
    steps: t.field({ type: 'JSON', description: 'The step definitions, verbatim.', resolve: ({ version }) => version.steps }),
  }),
});

WorkflowRef.implement({
  description: 'A Cortex workflow: one of the app’s own, or a discoverable (public) one read through the catalog.',
  interfaces: [NodeRef],
  isTypeOf: (value) => (value as { shape?: unknown }).shape === 'Workflow',
  fields: (t) => ({
    workflowId: t.string({ description: "Cortex's workflow id.", resolve: ({ workflow }) => workflow.id }),
    discoverable: t.boolean({ description: 'Read through the public catalog (`/workflows/discover`).', resolve: ({ workflow }) => workflow.family === 'discover' }),
    name: t.string({ nullable: true, resolve: ({ workflow }) => workflow.name }),
    description: t.string({ nullable: true, resolve: ({ workflow }) => workflow.description }),
    appId: t.string({ nullable: true, description: 'The owning app.', resolve: ({ workflow }) => workflow.appId }),
    appName: t.string({ nullable: true, resolve: ({ workflow }) => workflow.appName }),
    visibility: t.string({ nullable: true, resolve: ({ workflow }) => workflow.visibility }),
    tags: t.stringList({ resolve: ({ workflow }) => workflow.tags }),
    createdAt: t.field({ type: 'DateTime', nullable: true, resolve: ({ workflow }) => workflow.createdAt }),
    updatedAt: t.field({ type: 'DateTime', nullable: true, resolve: ({ workflow }) => workflow.updatedAt }),
    retention: t.field({ type: WorkflowRetentionRef, nullable: true, resolve: ({ workflow }) => workflow.retention }),
    currentVersion: t.field({
      type: WorkflowVersionRef,
      nullable: true,
      resolve: ({ provider, workflow }) => (workflow.currentVersion ? versionShape(provider, workflow.family, workflow.currentVersion) : null),
    }),
    versions: t.field({
      type: WorkflowVersionConnectionRef,
      description: 'Deployed versions, newest first (Cortex lists them for the app’s own workflows only).',
      args: { first: t.arg.int(), after: t.arg.string() },
      resolve: async ({ provider, workflow }, { first, after }, context) => {
        const operations = requireOperations(context, provider, 'workflows', 'Workflow.versions');
        const size = pageSize(first);
        const offset = decodeOffset(after);
        const page = await operations.listVersions(workflow.id, offset, size, callOptions(context));
        return offsetConnection(page.items.map((version) => versionShape(provider, 'plain', version)), offset, page.hasNextPage, page.totalCount);
      },
    }),
    runs: t.field({
      type: WorkflowRunConnectionRef,
      description: 'This workflow’s runs, newest first (see Query.workflowRuns).',
      args: {
        first: t.arg.int(),
        after: t.arg.string(),
        status: t.arg({ type: ExecutionStatusEnum }),
        origin: t.arg({ type: WorkflowRunOriginEnum }),
      },
      resolve: ({ provider, workflow }, args, context) =>
        runsConnection(context, provider, { workflowId: workflow.id, status: args.status ?? null, origin: args.origin ?? null, first: args.first, after: args.after }),
    }),
  }),
});

registerNodeResolver(workflowTypeTag, async (id, context) => {
  const found = nodeProvider(context, id);
  const local = parseLocalId(id.localId, 2);
  if (!found || !local) return null;
  const [family, workflowId] = local;
  const workflow = await found.operations.getWorkflow(workflowId!, family as WorkflowFamily, callOptions(context));
  return workflow ? workflowShape(found.provider.name, workflow) : null;
});

registerNodeResolver(workflowVersionTypeTag, async (id, context) => {
  const found = nodeProvider(context, id);
  const local = parseLocalId(id.localId, 3);
  if (!found || !local) return null;
  const [family, workflowId, reference] = local as [WorkflowFamily, string, string];
  const version = await found.operations.getVersion(workflowId, reference, family, callOptions(context));
  return version ? versionShape(found.provider.name, family, version) : null;
});

// ── queries ─────────────────────────────────────────────────────────────────

builder.queryFields((t) => ({
  workflows: t.field({
    type: WorkflowConnectionRef,
    description: "A Cortex provider's workflows: the app's own, or with discoverable: true the public catalog of every app.",
    args: {
      provider: t.arg.string({ required: true }),
      first: t.arg.int(),
      after: t.arg.string(),
      discoverable: t.arg.boolean({ defaultValue: false }),
      search: t.arg.string(),
      tags: t.arg.stringList(),
    },
    resolve: async (_root, args, context) => {
      const { provider, operations } = namedOperations(context, args.provider, 'workflows', 'workflows');
      const size = pageSize(args.first);
      const offset = decodeOffset(args.after);
      const family: WorkflowFamily = args.discoverable ? 'discover' : 'plain';
      const page = await operations.listWorkflows(
        { family, search: args.search ?? null, tags: args.tags ?? [], offset, count: size },
        callOptions(context),
      );
      return offsetConnection(page.items.map((workflow) => workflowShape(provider.name, workflow)), offset, page.hasNextPage, page.totalCount);
    },
  }),
  workflow: t.field({
    type: WorkflowRef,
    nullable: true,
    description: 'A Cortex workflow by id; null when it does not exist (discoverable: read it from the public catalog).',
    args: { provider: t.arg.string({ required: true }), id: t.arg.string({ required: true }), discoverable: t.arg.boolean({ defaultValue: false }) },
    resolve: async (_root, args, context) => {
      const { provider, operations } = namedOperations(context, args.provider, 'workflows', 'workflow');
      const workflow = await operations.getWorkflow(args.id, args.discoverable ? 'discover' : 'plain', callOptions(context));
      return workflow ? workflowShape(provider.name, workflow) : null;
    },
  }),
  workflowVersion: t.field({
    type: WorkflowVersionRef,
    nullable: true,
    description: 'A version of a Cortex workflow by version id or number; null when it does not exist.',
    args: {
      provider: t.arg.string({ required: true }),
      workflowId: t.arg.string({ required: true }),
      version: t.arg.string({ required: true, description: 'A version id or a version number.' }),
      discoverable: t.arg.boolean({ defaultValue: false }),
    },
    resolve: async (_root, args, context) => {
      const { provider, operations } = namedOperations(context, args.provider, 'workflows', 'workflowVersion');
      const family: WorkflowFamily = args.discoverable ? 'discover' : 'plain';
      const version = await operations.getVersion(args.workflowId, args.version, family, callOptions(context));
      return version ? versionShape(provider.name, family, version) : null;
    },
  }),
  workflowRuns: t.field({
    type: WorkflowRunConnectionRef,
    description:
      "One Cortex workflow's runs, newest first. Cortex filters on one status and one origin itself; the cursor resumes exactly " +
      'even while new runs are added at the top; totalCount is Cortex’s pagination-count.',
    args: {
      provider: t.arg.string({ required: true }),
      workflowId: t.arg.string({ required: true }),
      status: t.arg({ type: ExecutionStatusEnum }),
      origin: t.arg({ type: WorkflowRunOriginEnum }),
      first: t.arg.int(),
      after: t.arg.string(),
    },
    resolve: (_root, args, context) =>
      runsConnection(context, args.provider, {
        workflowId: args.workflowId,
        status: args.status ?? null,
        origin: args.origin ?? null,
        first: args.first,
        after: args.after,
      }),
  }),
}));

// ── mutations ───────────────────────────────────────────────────────────────

const WorkflowRunRetentionInputRef = builder.inputType('WorkflowRunRetentionInput', {
  description: 'Either maxAgeSeconds (at least 1) or keepForever: true; preserveOnFailure exempts FAILED runs from purging.',
  fields: (t) => ({
    maxAgeSeconds: t.int(),
    keepForever: t.boolean(),
    preserveOnFailure: t.boolean(),
  }),
});

const StartDiscoverableWorkflowRunInputRef = builder.inputType('StartDiscoverableWorkflowRunInput', {
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

builder.mutationFields((t) => ({
  updateWorkflowRunRetention: t.field({
    type: WorkflowRunRef,
    description: "Changes how long Cortex keeps a run's data (PATCH …/retention); Cortex recomputes retention.dueAt.",
    args: { id: t.arg.id({ required: true }), retention: t.arg({ type: WorkflowRunRetentionInputRef, required: true }) },
    resolve: async (_root, { id, retention }, context) => {
      const { provider, nativeId } = requireExecution(context, String(id));
      const operations = requireOperations(context, provider.name, 'retention', 'updateWorkflowRunRetention');
      const updated = await operations.updateRetention(nativeId, retentionChange(retention), callOptions(context));
      return remember(context, updated);
    },
  }),
  startDiscoverableWorkflowRun: t.field({
    type: WorkflowRunRef,
    description: 'Runs a discoverable (public) workflow, possibly another app’s, through Cortex’s discover routes.',
    args: { input: t.arg({ type: StartDiscoverableWorkflowRunInputRef, required: true }) },
    resolve: async (_root, { input }, context) => {
      const { provider, operations } = namedOperations(context, input.provider, 'discover', 'startDiscoverableWorkflowRun');
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
        operations.startDiscoverable(request, callOptions(context)),
      )) as WorkflowRunRecord;
      if (!wait || started.isTerminal) return remember(context, started);
      // One read tells whether Cortex can show this run at all (A22); polling an unreadable one would only wait out the timeout.
      const current = ((await provider.get(started.nativeId, callOptions(context))) as WorkflowRunRecord | null) ?? started;
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
      const operations = requireOperations(context, provider.name, 'discover', 'cancelDiscoverableWorkflowRun');
      return remember(context, await operations.cancelDiscoverable(nativeId, callOptions(context)));
    },
  }),
}));

// ── helpers ─────────────────────────────────────────────────────────────────

function operationsOf(context: GatewayContext, providerName: string): WorkflowRunsOperations | null {
  const provider = context.gateway.registry.get(providerName);
  return provider ? workflowRunsOperationsOf(provider) : null;
}

/** Cortex's own operations of a provider the client may use, or NOT_SUPPORTED before any call. */
function requireOperations(context: GatewayContext, providerName: string, capability: Capability, operation: string): WorkflowRunsOperations {
  const provider = providerNamed(context, providerName);
  const operations = workflowRunsOperationsOf(provider);
  if (!operations || !provider.capabilities.has(capability)) throw notSupported(provider.name, operation);
  return operations;
}

function namedOperations(
  context: GatewayContext,
  providerName: string,
  capability: Capability,
  operation: string,
): { provider: Provider; operations: WorkflowRunsOperations } {
  const provider = providerNamed(context, providerName);
  return { provider, operations: requireOperations(context, provider.name, capability, operation) };
}

/** The provider of a Workflow or WorkflowVersion id: null when unknown or not Cortex, FORBIDDEN when hidden. */
function nodeProvider(context: GatewayContext, id: GlobalId): { provider: Provider; operations: WorkflowRunsOperations } | null {
  const provider = context.gateway.registry.get(id.provider);
  if (!provider) return null;
  if (!canSeeProvider(context, provider.name)) throw forbidden(provider.name);
  const operations = workflowRunsOperationsOf(provider);
  return operations && provider.capabilities.has('workflows') ? { provider, operations } : null;
}

/** Local ids of Workflow and WorkflowVersion are JSON arrays: [family, workflowId(, version)]. */
function parseLocalId(localId: string, length: number): string[] | null {
  try {
    const value: unknown = JSON.parse(localId);
    if (!Array.isArray(value) || value.length !== length || !value.every((part) => typeof part === 'string')) return null;
    return value[0] === 'plain' || value[0] === 'discover' ? (value as string[]) : null;
  } catch {
    return null;
  }
}

async function runsConnection(
  context: GatewayContext,
  providerName: string,
  args: { workflowId: string; status: WorkflowRunRecord['status'] | null; origin: WorkflowRunRecord['details']['origin'] | null; first: number | null | undefined; after: string | null | undefined },
): Promise<Connection<WorkflowRunRecord>> {
  const operations = requireOperations(context, providerName, 'list', 'workflowRuns');
  const window = await operations.listRuns(
    { workflowId: args.workflowId, status: args.status, origin: args.origin, first: pageSize(args.first), after: args.after ?? null },
    callOptions(context),
  );
  for (const edge of window.edges) {
    const key = { provider: edge.record.provider, nativeId: edge.record.nativeId };
    context.executionLoader.prime(key, edge.record);
  }
  return {
    edges: window.edges.map((edge) => ({ cursor: edge.cursor, node: edge.record })),
    pageInfo: { hasNextPage: window.hasNextPage, endCursor: window.endCursor },
    totalCount: window.totalCount,
  };
}

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
  context.executionLoader.clear(key).prime(key, record);
  context.gateway.finishedExecutions.invalidate(record.provider, record.nativeId);
  return record;
}

const verboseReads = new WeakMap<WorkflowRunRecord, Promise<WorkflowRunRecord>>();

/** The run as verbose=all shows it, read at most once per record (each read or event is a new record). */
function verboseRun(context: GatewayContext, record: WorkflowRunRecord): Promise<WorkflowRunRecord> {
  if (record.details.verbose) return Promise.resolve(record);
  let read = verboseReads.get(record);
  if (!read) {
    const operations = operationsOf(context, record.provider);
    read = operations ? operations.readVerbose(record, callOptions(context)) : Promise.resolve(record);
    verboseReads.set(record, read);
  }
  return read;
}

async function verboseStep(context: GatewayContext, record: WorkflowRunRecord, step: WorkflowStep): Promise<WorkflowStep | null> {
  if (step.logs !== null && step.calls !== null) return step;
  const full = await verboseRun(context, record);
  return full.details.steps.find((candidate) => candidate.key === step.key) ?? null;
}

const requestMemos = new WeakMap<GatewayContext, Map<string, Promise<unknown>>>();

function memoized<T>(context: GatewayContext, key: string, compute: () => Promise<T>): Promise<T> {
  let memo = requestMemos.get(context);
  if (!memo) requestMemos.set(context, (memo = new Map()));
  let value = memo.get(key) as Promise<T> | undefined;
  if (!value) memo.set(key, (value = compute()));
  return value;
}

function familyOf(record: WorkflowRunRecord): WorkflowFamily {
  return record.details.family;
}

function callOptions(context: GatewayContext): { signal?: AbortSignal } {
  const signal = context.signal;
  return signal ? { signal } : {};
}

/** GraphQL Int is 32-bit; a larger upstream number is better shown as null than as an error. */
function safeInt(value: number | null): number | null {
  return value !== null && Number.isInteger(value) && Math.abs(value) <= 2_147_483_647 ? value : null;
}

const offsetCursorPrefix = 'catalog:';

function decodeOffset(after: string | null | undefined): number {
  if (after === null || after === undefined) return 0;
  const text = Buffer.from(after, 'base64url').toString('utf8');
  const offset = Number(text.slice(offsetCursorPrefix.length));
  if (!text.startsWith(offsetCursorPrefix) || !Number.isInteger(offset) || offset < 0) throw badUserInput('Malformed cursor in after');
  return offset + 1;
}

function offsetConnection<T>(nodes: T[], offset: number, hasNextPage: boolean, totalCount: number | null): Connection<T> {
  const edges = nodes.map((node, index) => ({ cursor: Buffer.from(`${offsetCursorPrefix}${offset + index}`, 'utf8').toString('base64url'), node }));
  return { edges, pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null }, totalCount };
}
