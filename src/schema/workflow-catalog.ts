import type { Workflow, WorkflowFamily, WorkflowVersion } from '../model/workflow.js';
import type { WorkflowRunRecord } from '../providers/workflow-runs-operations.js';
import { builder } from './builder.js';
import { pageSize, PageInfoRef } from './connection.js';
import { ExecutionStatusEnum } from './execution-interface.js';
import { NodeRef, registerNodeResolver } from './node.js';
import { type Connection, type WorkflowShape, type WorkflowVersionShape, callOptions, decodeOffset, namedOperations, nodeProvider, offsetConnection, parseLocalId, requireOperations, runsConnection, safeInt, versionShape, workflowShape, workflowTypeTag, workflowVersionTypeTag } from './workflow-schema-support.js';
import { WorkflowRetentionRef, WorkflowRunOriginEnum, WorkflowVersionAuthorRef } from './workflow-run-fields.js';
import { WorkflowRunRef } from './workflow-run.js';

/** Workflow and WorkflowVersion (Nodes), their connections and queries. */
export const WorkflowVersionRef = builder.objectRef<WorkflowVersionShape>('WorkflowVersion');
export const WorkflowRef = builder.objectRef<WorkflowShape>('Workflow');

export const WorkflowRunEdgeRef = builder.objectRef<Connection<WorkflowRunRecord>['edges'][number]>('WorkflowRunEdge').implement({
  fields: (t) => ({
    cursor: t.string({ resolve: (edge) => edge.cursor }),
    node: t.field({ type: WorkflowRunRef, resolve: (edge) => edge.node }),
  }),
});

export const WorkflowRunConnectionRef = builder.objectRef<Connection<WorkflowRunRecord>>('WorkflowRunConnection').implement({
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

export const WorkflowVersionEdgeRef = builder.objectRef<Connection<WorkflowVersionShape>['edges'][number]>('WorkflowVersionEdge').implement({
  fields: (t) => ({
    cursor: t.string({ resolve: (edge) => edge.cursor }),
    node: t.field({ type: WorkflowVersionRef, resolve: (edge) => edge.node }),
  }),
});

export const WorkflowVersionConnectionRef = builder.objectRef<Connection<WorkflowVersionShape>>('WorkflowVersionConnection').implement({
  fields: (t) => ({
    edges: t.field({ type: [WorkflowVersionEdgeRef], resolve: (connection) => connection.edges }),
    pageInfo: t.field({ type: PageInfoRef, resolve: (connection) => connection.pageInfo }),
    totalCount: t.int({ nullable: true, resolve: (connection) => connection.totalCount }),
  }),
});

export const WorkflowEdgeRef = builder.objectRef<Connection<WorkflowShape>['edges'][number]>('WorkflowEdge').implement({
  fields: (t) => ({
    cursor: t.string({ resolve: (edge) => edge.cursor }),
    node: t.field({ type: WorkflowRef, resolve: (edge) => edge.node }),
  }),
});

export const WorkflowConnectionRef = builder.objectRef<Connection<WorkflowShape>>('WorkflowConnection').implement({
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
