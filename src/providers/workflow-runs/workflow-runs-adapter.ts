import type { ProviderConfig } from '../../config/gateway-config.js';
import { GatewayError, badUserInput, notFound, preconditionFailed } from '../../errors/gateway-error.js';
import type { UpstreamClient } from '../../http/upstream-client.js';
import { malformedBody } from '../../http/upstream-failure.js';
import type { UpstreamRequest, UpstreamResponse } from '../../http/upstream-request.js';
import type { ExecutionRecord } from '../../model/execution-record.js';
import type { ExecutionStatus } from '../../model/execution-status.js';
import type { WorkflowChildRunLink } from '../../model/workflow-run-details.js';
import type { CatalogPage, Workflow, WorkflowFamily, WorkflowVersion } from '../../model/workflow.js';
import type { ProviderDependencies } from '../provider-registry.js';
import { providerUpstreamClient, upstreamClientStats } from '../provider-upstream-client.js';
import type { CallOptions, ListFilter, ListPage, ListQuery, Provider, ProviderOperations, ProviderStats, StartModes, StartRequest } from '../provider.js';
import { isObject } from '../wire-values.js';
import { BoundedMap } from '../../util/bounded-map.js';
import { WorkflowCatalog } from './workflow-catalog.js';
import { asListWire, asRunWire, cortexPaths, paginationOf } from './workflow-runs-api.js';
import {
  nativeRunOrigin,
  nativeRunStatus,
  splitNativeId,
  toWorkflowRunRecord,
  type WorkflowRunMappingContext,
} from './workflow-runs-mapping.js';
import type {
  DiscoverStartRequest,
  RetentionChange,
  RunListRequest,
  RunListWindow,
  WorkflowRunRecord,
  WorkflowRunsOperations,
  WorkflowListRequest,
} from '../workflow-runs-operations.js';
import { decodeCursor, encodeCursor, freshPosition, parsePosition, walkRuns, type RunsPageAnswer } from './workflow-runs-pager.js';
import { firstDefinedStepKey, replayStepKey } from './workflow-runs-steps.js';

/** Upstream pages one listing call may read while skipping runs it must not return. */
const maxPagesPerCall = 5;
/** A live batch reads a workflow's newest runs in one call (`take` is at most 100, docs/upstreams.md A9). */
const pollBatchTake = 100;
const rememberedDiscoverRuns = 10_000;
const rememberedParents = 50_000;
const maxNativeIdLength = 2048;

/** A run runql created through `/workflows/discover/...`, which Cortex offers no GET for (docs/upstreams.md A22). */
interface DiscoverMemory {
  /** What Cortex last answered about it. */
  record: WorkflowRunRecord;
  /** Whether the plain GET reads it (a public workflow of our own app); null until tried. */
  readable: boolean | null;
}

interface StatusPlan {
  /** The one native status Cortex filters on, if any. */
  native: string | null;
  /** What the gateway must filter itself. */
  keep: ((record: WorkflowRunRecord) => boolean) | null;
}

/** Cortex workflow runs (seeds 001 and 004, UPSTREAMS.md §2.2). */
export class WorkflowRunsProvider implements Provider {
  readonly kind = 'workflow-runs' as const;
  readonly name: string;
  readonly operations: Pick<ProviderOperations, 'get' | 'list' | 'start' | 'cancel' | 'retry' | 'children' | 'batch'> = {
    get: (nativeId, options) => this.#get(nativeId, options),
    list: { streams: (filter, options) => this.#listStreams(filter, options), page: (query, options) => this.#list(query, options) },
    start: (request, options) => this.#start(request, options),
    cancel: { refusal: (record) => cancelRefusal(record), run: (record, options) => this.#cancel(record, options) },
    retry: { run: (record, options) => this.#retry(record, options) },
    children: (record, options) => this.#children(record, options),
    batch: { scopeOf: (record) => this.#batchScopeOf(record), poll: (scope, nativeIds, options) => this.#pollBatch(scope, nativeIds, options) },
  };
  readonly extensions: { workflowRuns: WorkflowRunsOperations } = {
    workflowRuns: {
      readVerbose: (record, options) => this.#readVerbose(record, options),
      listRuns: (request, options) => this.#listRuns(request, options),
      updateRetention: (nativeId, change, options) => this.#updateRetention(nativeId, change, options),
      startDiscoverable: (request, options) => this.#startDiscoverable(request, options),
      cancelDiscoverable: (nativeId, options) => this.#cancelDiscoverable(nativeId, options),
      listWorkflows: (request, options) => this.#catalog.listWorkflows(request, options),
      getWorkflow: (workflowId, family, options) => this.#catalog.getWorkflow(workflowId, family, options),
      listVersions: (workflowId, offset, count, options) => this.#catalog.listVersions(workflowId, offset, count, options),
      getVersion: (workflowId, version, family, options) => this.#catalog.getVersion(workflowId, version, family, options),
    },
  };
  /** Cortex's synchronous run has no documented bound: `wait: true` starts in the background and polls. */
  readonly startModes: StartModes = { async: true, sync: { maxDurationMs: Number.POSITIVE_INFINITY } };
  #config: ProviderConfig;
  #client: UpstreamClient;
  /** `c` is Cortex's "the app of the key" (the SDK always sends it). */
  #appId: string;
  #catalog: WorkflowCatalog;
  #discoverRuns = new BoundedMap<string, DiscoverMemory>({ maxEntries: rememberedDiscoverRuns });
  /** Child native id → the run whose `workflow` step started it (Cortex has no parent pointer). */
  #parents = new BoundedMap<string, string>({ maxEntries: rememberedParents });

  constructor(config: ProviderConfig, dependencies: ProviderDependencies) {
    this.name = config.name;
    this.#config = config;
    this.#appId = config.appId ?? 'c';
    this.#client = providerUpstreamClient(config, dependencies);
    this.#catalog = new WorkflowCatalog(this.#client, this.#appId);
  }

  /** `<workflow_id>/<run_id>`, both parts non-empty. */
  isValidNativeId(nativeId: string): boolean {
    return nativeId.length <= maxNativeIdLength && !/[\u0000-\u001f\u007f]/.test(nativeId) && splitNativeId(nativeId) !== null;
  }

  #get(nativeId: string, options: CallOptions): Promise<WorkflowRunRecord | null> {
    return this.#read(nativeId, false, options);
  }

  async #listStreams(filter: ListFilter, options: CallOptions): Promise<string[]> {
    const workflows = this.#config.workflows ?? (await this.#catalog.listedWorkflowIds(options));
    if (filter.targetIds === null) return [...workflows];
    const wanted = new Set(filter.targetIds);
    return workflows.filter((workflowId) => wanted.has(workflowId));
  }

  async #list(query: ListQuery, options: CallOptions): Promise<ListPage> {
    const plan = statusPlan(query.statuses);
    if (plan === null) return { records: [], next: null };
    const position = query.position === null || query.position === undefined ? freshPosition(query.pageSize) : parsePosition(query.position);
    const walk = await walkRuns(
      (page, take) => this.#runsPage(query.stream, { status: plan.native, origin: null, page, take }, options),
      position,
      { wanted: 1, maxPages: maxPagesPerCall, ...(plan.keep ? { keep: plan.keep } : {}) },
    );
    return { records: walk.runs.map((run) => run.record), next: walk.next };
  }

  /**
   * Runs of one workflow are watched through one list call of its newest 100: a watched run is
   * nearly always recent, so that one call sees it PENDING, RUNNING and as it ends. Listing only
   * RUNNING runs would miss PENDING ones and every run's end, each then costing a GET of its
   * own, and calls are what Cortex's 500/min per-IP limit counts.
   */
  #batchScopeOf(record: ExecutionRecord): string | null {
    if (record.kind !== 'workflow-runs' || record.details.stale) return null;
    const { family, appId, workflowAppId, workflowId } = record.details;
    // Another app's workflow cannot be listed through our app's routes.
    if (family === 'discover' && appId !== null && workflowAppId !== null && appId !== workflowAppId) return null;
    return workflowId;
  }

  async #pollBatch(scope: string, nativeIds: readonly string[], options: CallOptions): Promise<WorkflowRunRecord[]> {
    const answer = await this.#runsPage(scope, { status: null, origin: null, page: 1, take: pollBatchTake }, options);
    const wanted = new Set(nativeIds);
    return answer.records.filter((record) => wanted.has(record.nativeId));
  }

  async #start(request: StartRequest, options: CallOptions): Promise<WorkflowRunRecord> {
    const workflowId = request.target;
    if (workflowId.trim() === '') throw badUserInput('target must name a Cortex workflow');
    const body: Record<string, unknown> = { ...inputField(request.inputs) };
    if (request.version !== null) body.workflow_version_id = versionSelector(request.version);
    if (request.mode === 'async') body.background = true;
    return this.#startCall(
      { method: 'POST', path: cortexPaths.runs(this.#appId, workflowId), body, operation: 'start workflow run', call: options },
      { verbose: false, family: 'plain', requestedWorkflowId: workflowId },
    );
  }

  async #cancel(record: ExecutionRecord, options: CallOptions): Promise<WorkflowRunRecord> {
    const ids = this.#requireIds(record.nativeId);
    const discover = this.#discoverRuns.get(record.nativeId) !== undefined || (record.kind === 'workflow-runs' && record.details.family === 'discover');
    return this.#write(
      record.nativeId,
      {
        method: 'POST',
        path: discover ? cortexPaths.discoverCancel(this.#appId, ids.workflowId, ids.runId) : cortexPaths.cancel(this.#appId, ids.workflowId, ids.runId),
        operation: 'cancel workflow run',
        on400: 'precondition',
        call: options,
      },
      discover ? 'discover' : 'plain',
    );
  }

  /**
   * Replay from the first failed step (by start), or from the first step when none failed;
   * Cortex keeps the run id (docs/upstreams.md A10). A run that reports no steps (purged, or failed before its
   * first step) is replayed from the first step of the version it ran.
   */
  async #retry(record: ExecutionRecord, options: CallOptions): Promise<WorkflowRunRecord> {
    const own = this.#own(record);
    const ids = this.#requireIds(own.nativeId);
    const stepKey = replayStepKey(own.details.steps) ?? (await this.#firstStepOfVersion(own, options));
    if (stepKey === null) {
      throw preconditionFailed('Cortex replays a run from one of its steps, and neither this run nor its workflow version names one', this.name);
    }
    return this.#write(
      own.nativeId,
      {
        method: 'POST',
        path: cortexPaths.replay(this.#appId, ids.workflowId, ids.runId),
        // ReplayRunSchema's key is camelCase, unlike every other Cortex body.
        body: { stepKey, background: true },
        operation: 'replay workflow run',
        on400: 'precondition',
        call: options,
      },
      own.details.family,
    );
  }

  /**
   * The runs this run's `workflow` steps started, each read afresh. One Cortex cannot read
   * (another app's workflow) is shown as the parent's step reported it, marked stale.
   */
  async #children(record: ExecutionRecord, options: CallOptions): Promise<WorkflowRunRecord[]> {
    const own = this.#own(record);
    const children = await Promise.all(
      own.details.childRuns.map(async (link) => {
        this.#parents.set(link.nativeId, own.nativeId);
        const child = await this.#get(link.nativeId, options);
        if (child) return child;
        return this.#recordFromLink(own, link);
      }),
    );
    return children.filter((child): child is WorkflowRunRecord => child !== null);
  }

  async #readVerbose(record: WorkflowRunRecord, options: CallOptions): Promise<WorkflowRunRecord> {
    if (record.details.verbose || record.details.stale) return record;
    const full = await this.#read(record.nativeId, true, options);
    return full && !full.details.stale ? full : record;
  }

  async #listRuns(request: RunListRequest, options: CallOptions): Promise<RunListWindow> {
    const plan = statusPlan(request.status === null ? null : [request.status]);
    if (plan === null) return { edges: [], hasNextPage: false, endCursor: null, totalCount: 0 };
    const origin = request.origin === null ? null : (nativeRunOrigin[request.origin] ?? null);
    const keepOrigin = request.origin === 'UNKNOWN' ? (record: WorkflowRunRecord) => record.details.origin === 'UNKNOWN' : null;
    const keep = combine(plan.keep, keepOrigin);
    const position = request.after === null ? freshPosition(request.first) : decodeCursor(request.after);
    const fetchPage = (page: number, take: number) => this.#runsPage(request.workflowId, { status: plan.native, origin, page, take }, options);

    if (request.first === 0) {
      const answer = await fetchPage(Math.floor(position.offset / position.take) + 1, position.take);
      const count = answer.pagination.count;
      return { edges: [], hasNextPage: count === null || position.offset < count, endCursor: request.after, totalCount: keep ? null : count };
    }
    const walk = await walkRuns(fetchPage, position, { wanted: request.first, maxPages: maxPagesPerCall, ...(keep ? { keep } : {}) });
    const runs = walk.runs.slice(0, request.first);
    const edges = runs.map((run) => ({ cursor: encodeCursor(run.after), record: run.record }));
    const hasNextPage = walk.runs.length > request.first || walk.next !== null;
    const endCursor = edges.at(-1)?.cursor ?? (walk.next ? encodeCursor(walk.next) : request.after);
    return { edges, hasNextPage, endCursor, totalCount: keep ? null : walk.totalCount };
  }

  async #updateRetention(nativeId: string, change: RetentionChange, options: CallOptions): Promise<WorkflowRunRecord> {
    const ids = this.#requireIds(nativeId);
    const retention: Record<string, unknown> = { max_age_in_seconds: change.maxAgeSeconds ?? -1 };
    if (change.preserveOnFailure !== null) retention.preserve_on_failure = change.preserveOnFailure;
    return this.#write(
      nativeId,
      {
        method: 'PATCH',
        path: cortexPaths.retention(this.#appId, ids.workflowId, ids.runId),
        body: { retention },
        operation: 'update workflow run retention',
        on400: 'bad-input',
        call: options,
      },
      'plain',
    );
  }

  async #startDiscoverable(request: DiscoverStartRequest, options: CallOptions): Promise<WorkflowRunRecord> {
    if (request.workflowId.trim() === '') throw badUserInput('workflowId must name a discoverable Cortex workflow');
    const body: Record<string, unknown> = { ...inputField(request.inputs), background: true };
    if (request.version !== null) body.workflow_version_id = versionSelector(request.version);
    if (request.retention !== null) {
      body.retention = {
        max_age_in_seconds: request.retention.maxAgeSeconds ?? -1,
        ...(request.retention.preserveOnFailure === null ? {} : { preserve_on_failure: request.retention.preserveOnFailure }),
      };
    }
    const record = await this.#startCall(
      { method: 'POST', path: cortexPaths.discoverRuns(this.#appId, request.workflowId), body, operation: 'start discoverable workflow run', call: options },
      { verbose: false, family: 'discover', requestedWorkflowId: request.workflowId },
    );
    this.#discoverRuns.set(record.nativeId, { record, readable: null });
    return record;
  }

  async #cancelDiscoverable(nativeId: string, options: CallOptions): Promise<WorkflowRunRecord> {
    const ids = this.#requireIds(nativeId);
    const current = await this.#get(nativeId, options);
    if (current && !current.details.stale) {
      const refusal = current.isTerminal ? `Cannot cancel an execution that has finished (status ${current.status})` : cancelRefusal(current);
      if (refusal) throw preconditionFailed(refusal, this.name);
    }
    return this.#write(
      nativeId,
      {
        method: 'POST',
        path: cortexPaths.discoverCancel(this.#appId, ids.workflowId, ids.runId),
        operation: 'cancel discoverable workflow run',
        on400: 'precondition',
        call: options,
      },
      'discover',
    );
  }

  stats(): ProviderStats {
    return upstreamClientStats(this.#client);
  }

  async close(): Promise<void> {
    await this.#client.close();
  }

  async #read(nativeId: string, verbose: boolean, options: CallOptions): Promise<WorkflowRunRecord | null> {
    const ids = this.isValidNativeId(nativeId) ? splitNativeId(nativeId) : null;
    if (!ids) return null;
    const remembered = this.#discoverRuns.get(nativeId);
    if (remembered?.readable === false) return staleCopy(remembered.record);
    let response: UpstreamResponse;
    try {
      response = await this.#client.send({
        method: 'GET',
        path: cortexPaths.run(this.#appId, ids.workflowId, ids.runId),
        ...(verbose ? { query: { verbose: 'all' } } : {}),
        operation: 'get workflow run',
        call: options,
      });
    } catch (error) {
      if (!GatewayError.is(error) || error.code !== 'NOT_FOUND') throw error;
      if (!remembered) return null;
      // docs/upstreams.md A22: discover runs of another app's workflow have no GET; what Cortex last said stands.
      this.#discoverRuns.set(nativeId, { record: remembered.record, readable: false });
      return staleCopy(remembered.record);
    }
    const record = this.#toRecord(response, 'get workflow run', { verbose, requestedWorkflowId: ids.workflowId, requestedRunId: ids.runId });
    if (remembered) this.#discoverRuns.set(nativeId, { record, readable: true });
    return record;
  }

  async #runsPage(
    workflowId: string,
    filter: { status: string | null; origin: string | null; page: number; take: number },
    options: CallOptions,
  ): Promise<RunsPageAnswer> {
    const response = await this.#client.send({
      method: 'GET',
      path: cortexPaths.runs(this.#appId, workflowId),
      query: { status: filter.status, origin: filter.origin, page: filter.page, take: filter.take },
      operation: 'list workflow runs',
      call: options,
    });
    const items = asListWire(response.body);
    if (!items) throw malformedBody(this.name, { operation: 'list workflow runs' }, response.status, 'a list that is not an array');
    const records = items.map((wire) => this.#toRecord({ ...response, body: wire }, 'list workflow runs', { verbose: false, requestedWorkflowId: workflowId }));
    return { records, pagination: paginationOf(response.headers) };
  }

  async #startCall(request: UpstreamRequest, context: Omit<WorkflowRunMappingContext, 'provider'>): Promise<WorkflowRunRecord> {
    let response: UpstreamResponse;
    try {
      response = await this.#client.send({ ...request, on400: 'bad-input' });
    } catch (error) {
      throw this.#startFailure(error);
    }
    if (asRunWire(response.body) === null) {
      throw malformedBody(this.name, request, response.status, `${response.body === undefined ? 'an empty body' : 'a body that is not a run'}; the run may have been created`);
    }
    return this.#toRecord(response, request.operation, context);
  }

  /**
   * Cortex answers its writes with the run (RunSchema); should it send nothing usable, the
   * run is read back instead.
   */
  async #write(nativeId: string, request: UpstreamRequest, family: 'plain' | 'discover'): Promise<WorkflowRunRecord> {
    const response = await this.#client.send(request);
    const ids = this.#requireIds(nativeId);
    let record: WorkflowRunRecord | null;
    if (asRunWire(response.body) !== null) {
      record = this.#toRecord(response, request.operation, { verbose: false, family, requestedWorkflowId: ids.workflowId, requestedRunId: ids.runId });
    } else {
      record = await this.#get(nativeId, request.call);
      if (!record) throw new GatewayError('NOT_FOUND', `The ${request.operation} was accepted, but run ${nativeId} could no longer be read`, { provider: this.name });
    }
    if (family === 'discover') {
      const readable = this.#discoverRuns.get(record.nativeId)?.readable ?? null;
      this.#discoverRuns.set(record.nativeId, { record, readable });
    }
    return record;
  }

  #toRecord(response: UpstreamResponse, operation: string, context: Omit<WorkflowRunMappingContext, 'provider' | 'family'> & { family?: 'plain' | 'discover' }): WorkflowRunRecord {
    const wire = asRunWire(response.body);
    if (!wire) throw malformedBody(this.name, { operation }, response.status, response.body === undefined ? 'an empty body' : 'a body that is not a run');
    const record = toWorkflowRunRecord(wire, { provider: this.name, family: 'plain', ...context });
    if (context.family === undefined && this.#discoverRuns.get(record.nativeId)) record.details.family = 'discover';
    record.parentNativeId = this.#parents.get(record.nativeId) ?? null;
    for (const link of record.details.childRuns) this.#parents.set(link.nativeId, record.nativeId);
    return record;
  }

  /** A child Cortex will not show us, rebuilt from the link its parent's `workflow` step holds. */
  #recordFromLink(parent: WorkflowRunRecord, link: WorkflowChildRunLink): WorkflowRunRecord | null {
    const output = parent.details.steps.find((step) => step.key === link.stepKey)?.output;
    if (!isObject(output)) return null;
    const wire = {
      id: link.runId,
      workflow_id: link.workflowId,
      app_id: link.appId,
      workflow_app_id: link.workflowAppId,
      status: output.status,
      origin: output.origin,
      error: output.error,
      usage: output.usage,
      result: output.result,
      output: output.output,
      created_at: output.date,
    };
    try {
      return toWorkflowRunRecord(wire, { provider: this.name, verbose: false, family: 'plain', stale: true, parentNativeId: parent.nativeId });
    } catch {
      return null;
    }
  }

  async #firstStepOfVersion(record: WorkflowRunRecord, options: CallOptions): Promise<string | null> {
    const full = await this.#readVerbose(record, options);
    return replayStepKey(full.details.steps) ?? firstDefinedStepKey(full.details.workflowVersion?.steps);
  }

  /**
   * A start Cortex refused (4xx) certainly created no run: saying so lets an idempotent retry
   * send it again. 5xx answers and deadlines already say the run may exist.
   */
  #startFailure(error: unknown): unknown {
    if (!GatewayError.is(error) || error.httpStatus === undefined || error.httpStatus === 408 || error.httpStatus >= 500) return error;
    return new GatewayError(error.code, `${error.message}; no run was created`, {
      provider: this.name,
      httpStatus: error.httpStatus,
      ...(error.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: error.retryAfterSeconds }),
      notApplied: true,
    });
  }

  #own(record: ExecutionRecord): WorkflowRunRecord {
    if (record.kind !== 'workflow-runs') throw notFound(`No workflow run "${record.nativeId}" at provider "${this.name}"`, this.name);
    return record;
  }

  #requireIds(nativeId: string): { workflowId: string; runId: string } {
    const ids = this.isValidNativeId(nativeId) ? splitNativeId(nativeId) : null;
    if (!ids) throw notFound(`No workflow run "${nativeId.slice(0, 64)}" at provider "${this.name}"`, this.name);
    return ids;
  }

}

/**
 * Cortex's `status` takes one value. One asked-for status Cortex knows is pushed down; several
 * (or UNKNOWN, which can be any string) are filtered here. Null: nothing can match.
 */
/** Cortex's own precondition of a cancel, beyond "not finished". */
function cancelRefusal(record: ExecutionRecord): string | null {
  if (record.status !== 'PENDING' && record.status !== 'RUNNING') {
    return `Cortex cancels only PENDING or RUNNING runs; this one is ${record.nativeStatus}`;
  }
  return null;
}

function statusPlan(statuses: readonly ExecutionStatus[] | null): StatusPlan | null {
  if (statuses === null || statuses.length === 0) return { native: null, keep: null };
  const wanted = new Set(statuses);
  const keep = (record: WorkflowRunRecord) => wanted.has(record.status);
  if (wanted.has('UNKNOWN')) return { native: null, keep };
  const natives = [...new Set(statuses.flatMap((status) => nativeRunStatus[status] ?? []))];
  if (natives.length === 0) return null;
  if (natives.length === 1) return { native: natives[0]!, keep: null };
  return { native: null, keep };
}

function combine(
  first: ((record: WorkflowRunRecord) => boolean) | null,
  second: ((record: WorkflowRunRecord) => boolean) | null,
): ((record: WorkflowRunRecord) => boolean) | null {
  if (!first) return second;
  if (!second) return first;
  return (record) => first(record) && second(record);
}

function staleCopy(record: WorkflowRunRecord): WorkflowRunRecord {
  return { ...record, details: { ...record.details, stale: true } };
}

/** Cortex's `input` is an object (or absent). */
function inputField(inputs: unknown): { input?: Record<string, unknown> } {
  if (inputs === null) return {};
  if (!isObject(inputs)) throw badUserInput('inputs must be a JSON object for Cortex workflows');
  return { input: inputs };
}

/** `workflow_version_id`: "draft", "latest", a version id, or a version number. */
function versionSelector(version: string): string | number {
  return /^\d+$/.test(version) ? Number(version) : version;
}
