import type { GatewayContext } from '../context.js';
import { encodeGlobalId, type GlobalId } from '../model/global-id.js';
import type { Workflow, WorkflowFamily, WorkflowVersion } from '../model/workflow.js';
import { canSeeProvider, forbidden, providerNamed } from '../operations/provider-access.js';
import type { Provider } from '../providers/provider.js';
import { requireExtension } from '../providers/require-operation.js';
import type { WorkflowRunRecord, WorkflowRunsOperations } from '../providers/workflow-runs-operations.js';
import { builder } from './builder.js';
import { connectionOf, offsetEdges, pageSize, PageInfoRef, type CountedConnection } from './connection.js';
import { ExecutionStatusEnum } from './execution-interface.js';
import { NodeRef, registerNodeResolver } from './node.js';
import { catalogOffsetCursors } from './offset-cursor.js';
import { safeInt } from './scalars.js';
import { WorkflowRetentionRef, WorkflowRunOriginEnum, WorkflowVersionAuthorRef } from './workflow-run-fields.js';
import { WorkflowRunRef } from './workflow-run.js';

/** Workflow and WorkflowVersion (Nodes), their connections and queries, and one workflow's runs. */
const workflowTypeTag = 'Workflow';
const workflowVersionTypeTag = 'WorkflowVersion';

export interface WorkflowShape {
  shape: 'Workflow';
  nodeId: string;
  provider: string;
  workflow: Workflow;
}

export interface WorkflowVersionShape {
  shape: 'WorkflowVersion';
  nodeId: string;
  provider: string;
  family: WorkflowFamily;
  version: WorkflowVersion;
}

export function workflowShape(provider: string, workflow: Workflow): WorkflowShape {
  return { shape: 'Workflow', nodeId: encodeGlobalId(workflowTypeTag, provider, JSON.stringify([workflow.family, workflow.id])), provider, workflow };
}

export function versionShape(provider: string, family: WorkflowFamily, version: WorkflowVersion): WorkflowVersionShape {
  const reference = version.isDraft ? 'draft' : (version.id ?? String(version.number));
  const nodeId = encodeGlobalId(workflowVersionTypeTag, provider, JSON.stringify([family, version.workflowId, reference]));
  return { shape: 'WorkflowVersion', nodeId, provider, family, version };
}

/** Cortex's own operations of a provider the client names, or NOT_SUPPORTED before any call. */
function namedWorkflowRuns(context: GatewayContext, providerName: string, operation: string): { provider: Provider; operations: WorkflowRunsOperations } {
  const provider = providerNamed(context, providerName);
  return { provider, operations: requireExtension(provider, 'workflowRuns', operation) };
}

/** The provider of a Workflow or WorkflowVersion id: null when unknown or not Cortex, FORBIDDEN when hidden. */
function nodeProvider(context: GatewayContext, id: GlobalId): { provider: Provider; operations: WorkflowRunsOperations } | null {
  const provider = context.gateway.registry.get(id.provider);
  if (!provider) return null;
  if (!canSeeProvider(context, provider.name)) throw forbidden(provider.name);
  const operations = provider.extensions.workflowRuns;
  return operations ? { provider, operations } : null;
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

/** A page of the catalog at `offset`, with catalog cursors. */
function catalogConnection<T>(nodes: T[], offset: number, hasNextPage: boolean, totalCount: number | null): CountedConnection<T> {
  return { ...connectionOf(offsetEdges(nodes, offset, catalogOffsetCursors), { hasNextPage, hasPreviousPage: offset > 0, emptyEndCursor: null }), totalCount };
}

/** One workflow's runs (Query.workflowRuns, Workflow.runs); the runs are held for later fields of the request. */
async function runsConnection(
  context: GatewayContext,
  providerName: string,
  args: { workflowId: string; status: WorkflowRunRecord['status'] | null; origin: WorkflowRunRecord['details']['origin'] | null; first: number | null | undefined; after: string | null | undefined },
): Promise<CountedConnection<WorkflowRunRecord>> {
  const { operations } = namedWorkflowRuns(context, providerName, 'workflowRuns');
  const window = await operations.listRuns(
    { workflowId: args.workflowId, status: args.status, origin: args.origin, first: pageSize(args.first), after: args.after ?? null },
    context.callOptions(),
  );
  for (const edge of window.edges) context.loaders.executions.prime({ provider: edge.record.provider, nativeId: edge.record.nativeId }, edge.record);
  const edges = window.edges.map((edge) => ({ cursor: edge.cursor, node: edge.record }));
  // Cortex positions are opaque here: a page asked for `after` a cursor is not the first.
  const paging = { hasNextPage: window.hasNextPage, hasPreviousPage: Boolean(args.after), emptyEndCursor: window.endCursor };
  return { ...connectionOf(edges, paging), totalCount: window.totalCount };
}

export const WorkflowVersionRef = builder.objectRef<WorkflowVersionShape>('WorkflowVersion');
export const WorkflowRef = builder.objectRef<WorkflowShape>('Workflow');

export const WorkflowRunEdgeRef = builder.objectRef<CountedConnection<WorkflowRunRecord>['edges'][number]>('WorkflowRunEdge').implement({
  fields: (t) => ({
    cursor: t.string({ resolve: (edge) => edge.cursor }),
    node: t.field({ type: WorkflowRunRef, resolve: (edge) => edge.node }),
  }),
});

export const WorkflowRunConnectionRef = builder.objectRef<CountedConnection<WorkflowRunRecord>>('WorkflowRunConnection').implement({
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

export const WorkflowVersionEdgeRef = builder.objectRef<CountedConnection<WorkflowVersionShape>['edges'][number]>('WorkflowVersionEdge').implement({
  fields: (t) => ({
    cursor: t.string({ resolve: (edge) => edge.cursor }),
    node: t.field({ type: WorkflowVersionRef, resolve: (edge) => edge.node }),
  }),
});

export const WorkflowVersionConnectionRef = builder.objectRef<CountedConnection<WorkflowVersionShape>>('WorkflowVersionConnection').implement({
  fields: (t) => ({
    edges: t.field({ type: [WorkflowVersionEdgeRef], resolve: (connection) => connection.edges }),
    pageInfo: t.field({ type: PageInfoRef, resolve: (connection) => connection.pageInfo }),
    totalCount: t.int({ nullable: true, resolve: (connection) => connection.totalCount }),
  }),
});

export const WorkflowEdgeRef = builder.objectRef<CountedConnection<WorkflowShape>['edges'][number]>('WorkflowEdge').implement({
  fields: (t) => ({
    cursor: t.string({ resolve: (edge) => edge.cursor }),
    node: t.field({ type: WorkflowRef, resolve: (edge) => edge.node }),
  }),
});

export const WorkflowConnectionRef = builder.objectRef<CountedConnection<WorkflowShape>>('WorkflowConnection').implement({
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
        const { operations } = namedWorkflowRuns(context, provider, 'Workflow.versions');
        const size = pageSize(first);
        const offset = catalogOffsetCursors.startAfter(after);
        const page = await operations.listVersions(workflow.id, offset, size, context.callOptions());
        return catalogConnection(page.items.map((version) => versionShape(provider, 'plain', version)), offset, page.hasNextPage, page.totalCount);
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
  const workflow = await found.operations.getWorkflow(workflowId!, family as WorkflowFamily, context.callOptions());
  return workflow ? workflowShape(found.provider.name, workflow) : null;
});

registerNodeResolver(workflowVersionTypeTag, async (id, context) => {
  const found = nodeProvider(context, id);
  const local = parseLocalId(id.localId, 3);
  if (!found || !local) return null;
  const [family, workflowId, reference] = local as [WorkflowFamily, string, string];
  const version = await found.operations.getVersion(workflowId, reference, family, context.callOptions());
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
      const { provider, operations } = namedWorkflowRuns(context, args.provider, 'workflows');
      const size = pageSize(args.first);
      const offset = catalogOffsetCursors.startAfter(args.after);
      const family: WorkflowFamily = args.discoverable ? 'discover' : 'plain';
      const page = await operations.listWorkflows(
        { family, search: args.search ?? null, tags: args.tags ?? [], offset, count: size },
        context.callOptions(),
      );
      return catalogConnection(page.items.map((workflow) => workflowShape(provider.name, workflow)), offset, page.hasNextPage, page.totalCount);
    },
  }),
  workflow: t.field({
    type: WorkflowRef,
    nullable: true,
    description: 'A Cortex workflow by id; null when it does not exist (discoverable: read it from the public catalog).',
    args: { provider: t.arg.string({ required: true }), id: t.arg.string({ required: true }), discoverable: t.arg.boolean({ defaultValue: false }) },
    resolve: async (_root, args, context) => {
      const { provider, operations } = namedWorkflowRuns(context, args.provider, 'workflow');
      const workflow = await operations.getWorkflow(args.id, args.discoverable ? 'discover' : 'plain', context.callOptions());
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
      const { provider, operations } = namedWorkflowRuns(context, args.provider, 'workflowVersion');
      const family: WorkflowFamily = args.discoverable ? 'discover' : 'plain';
      const version = await operations.getVersion(args.workflowId, args.version, family, context.callOptions());
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
