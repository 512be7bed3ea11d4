import type { GatewayContext } from '../context.js';
import { badUserInput, notSupported } from '../errors/gateway-error.js';
import { encodeGlobalId, type GlobalId } from '../model/global-id.js';
import { type WorkflowChildRunLink, type WorkflowStep } from '../model/workflow-run-details.js';
import type { Workflow, WorkflowFamily, WorkflowVersion } from '../model/workflow.js';
import { canSeeProvider, forbidden, providerNamed } from '../operations/provider-access.js';
import type { Capability, Provider } from '../providers/provider.js';
import type { RetentionChange, WorkflowRunRecord, WorkflowRunsOperations } from '../providers/workflow-runs-operations.js';
import { pageSize } from './connection.js';

/** Shapes and helpers shared by the Cortex schema files (workflow runs, the workflow catalog, their mutations). */
export const workflowTypeTag = 'Workflow';
export const workflowVersionTypeTag = 'WorkflowVersion';

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

export interface WorkflowStepShape {
  record: WorkflowRunRecord;
  step: WorkflowStep;
}

export interface ChildRunShape {
  provider: string;
  link: WorkflowChildRunLink;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number | null;
}

export function workflowShape(provider: string, workflow: Workflow): WorkflowShape {
  return { shape: 'Workflow', nodeId: encodeGlobalId(workflowTypeTag, provider, JSON.stringify([workflow.family, workflow.id])), provider, workflow };
}

export function versionShape(provider: string, family: WorkflowFamily, version: WorkflowVersion): WorkflowVersionShape {
  const reference = version.isDraft ? 'draft' : (version.id ?? String(version.number));
  const nodeId = encodeGlobalId(workflowVersionTypeTag, provider, JSON.stringify([family, version.workflowId, reference]));
  return { shape: 'WorkflowVersion', nodeId, provider, family, version };
}


export function operationsOf(context: GatewayContext, providerName: string): WorkflowRunsOperations | null {
  const provider = context.gateway.registry.get(providerName);
  return provider?.workflowRuns ?? null;
}

/** Cortex's own operations of a provider the client may use, or NOT_SUPPORTED before any call. */
export function requireOperations(context: GatewayContext, providerName: string, capability: Capability, operation: string): WorkflowRunsOperations {
  const provider = providerNamed(context, providerName);
  const operations = provider.workflowRuns ?? null;
  if (!operations || !provider.capabilities.has(capability)) throw notSupported(provider.name, operation);
  return operations;
}

export function namedOperations(
  context: GatewayContext,
  providerName: string,
  capability: Capability,
  operation: string,
): { provider: Provider; operations: WorkflowRunsOperations } {
  const provider = providerNamed(context, providerName);
  return { provider, operations: requireOperations(context, provider.name, capability, operation) };
}

/** The provider of a Workflow or WorkflowVersion id: null when unknown or not Cortex, FORBIDDEN when hidden. */
export function nodeProvider(context: GatewayContext, id: GlobalId): { provider: Provider; operations: WorkflowRunsOperations } | null {
  const provider = context.gateway.registry.get(id.provider);
  if (!provider) return null;
  if (!canSeeProvider(context, provider.name)) throw forbidden(provider.name);
  const operations = provider.workflowRuns ?? null;
  return operations && provider.capabilities.has('workflows') ? { provider, operations } : null;
}

/** Local ids of Workflow and WorkflowVersion are JSON arrays: [family, workflowId(, version)]. */
export function parseLocalId(localId: string, length: number): string[] | null {
  try {
    const value: unknown = JSON.parse(localId);
    if (!Array.isArray(value) || value.length !== length || !value.every((part) => typeof part === 'string')) return null;
    return value[0] === 'plain' || value[0] === 'discover' ? (value as string[]) : null;
  } catch {
    return null;
  }
}

export async function runsConnection(
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

export function retentionChange(input: { maxAgeSeconds?: number | null; keepForever?: boolean | null; preserveOnFailure?: boolean | null }): RetentionChange {
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
export function remember(context: GatewayContext, record: WorkflowRunRecord): WorkflowRunRecord {
  const key = { provider: record.provider, nativeId: record.nativeId };
  context.executionLoader.clear(key).prime(key, record);
  context.gateway.finishedExecutions.invalidate(record.provider, record.nativeId);
  return record;
}

export const verboseReads = new WeakMap<WorkflowRunRecord, Promise<WorkflowRunRecord>>();

/** The run as verbose=all shows it, read at most once per record (each read or event is a new record). */
export function verboseRun(context: GatewayContext, record: WorkflowRunRecord): Promise<WorkflowRunRecord> {
  if (record.details.verbose) return Promise.resolve(record);
  let read = verboseReads.get(record);
  if (!read) {
    const operations = operationsOf(context, record.provider);
    read = operations ? operations.readVerbose(record, callOptions(context)) : Promise.resolve(record);
    verboseReads.set(record, read);
  }
  return read;
}

export async function verboseStep(context: GatewayContext, record: WorkflowRunRecord, step: WorkflowStep): Promise<WorkflowStep | null> {
  if (step.logs !== null && step.calls !== null) return step;
  const full = await verboseRun(context, record);
  return full.details.steps.find((candidate) => candidate.key === step.key) ?? null;
}

export const requestMemos = new WeakMap<GatewayContext, Map<string, Promise<unknown>>>();

export function memoized<T>(context: GatewayContext, key: string, compute: () => Promise<T>): Promise<T> {
  let memo = requestMemos.get(context);
  if (!memo) requestMemos.set(context, (memo = new Map()));
  let value = memo.get(key) as Promise<T> | undefined;
  if (!value) memo.set(key, (value = compute()));
  return value;
}

export function familyOf(record: WorkflowRunRecord): WorkflowFamily {
  return record.details.family;
}

export function callOptions(context: GatewayContext): { signal?: AbortSignal } {
  const signal = context.signal;
  return signal ? { signal } : {};
}

/** GraphQL Int is 32-bit; a larger upstream number is better shown as null than as an error. */
export function safeInt(value: number | null): number | null {
  return value !== null && Number.isInteger(value) && Math.abs(value) <= 2_147_483_647 ? value : null;
}

export const offsetCursorPrefix = 'catalog:';

export function decodeOffset(after: string | null | undefined): number {
  if (after === null || after === undefined) return 0;
  const text = Buffer.from(after, 'base64url').toString('utf8');
  const offset = Number(text.slice(offsetCursorPrefix.length));
  if (!text.startsWith(offsetCursorPrefix) || !Number.isInteger(offset) || offset < 0) throw badUserInput('Malformed cursor in after');
  return offset + 1;
}

export function offsetConnection<T>(nodes: T[], offset: number, hasNextPage: boolean, totalCount: number | null): Connection<T> {
  const edges = nodes.map((node, index) => ({ cursor: Buffer.from(`${offsetCursorPrefix}${offset + index}`, 'utf8').toString('base64url'), node }));
  return { edges, pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null }, totalCount };
}
