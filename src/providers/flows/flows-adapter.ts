import type { ProviderConfig } from '../../config/gateway-config.js';
import { GatewayError, badUserInput } from '../../errors/gateway-error.js';
import type { UpstreamClient } from '../../http/upstream-client.js';
import { malformedBody } from '../../http/upstream-failure.js';
import type { UpstreamResponse } from '../../http/upstream-request.js';
import type { ExecutionRecord } from '../../model/execution-record.js';
import { nullWhenNotFound } from '../null-when-not-found.js';
import type { ProviderDependencies } from '../provider-registry.js';
import { providerUpstreamClient, upstreamClientStats } from '../provider-upstream-client.js';
import type { CallOptions, ListFilter, ListPage, ListQuery, Provider, ProviderExtensions, ProviderOperations, ProviderStats, StartModes, StartRequest } from '../provider.js';
import { asExecution, asExecutionList, flowsPaths, type ExecuteFlowRequestWire } from './flows-api.js';
import { FlowsListing, flowOfStream, flowsStreamKey, type FlowsListingOptions } from './flows-listing.js';
import { toFlowRecord } from './flows-mapping.js';
import { FlowsRetryLinks } from './flows-retry-links.js';

/** FlowMason's `TimeoutLayer(30s)` bounds a run inside its POST. */
const runBoundMs = 30_000;
/** A start waits for the run plus a margin, whatever the provider's `timeoutMs` (CONTRACT.md). */
const minimumStartDeadlineMs = 35_000;
const maxNativeIdLength = 1024;
/** FlowMason's largest page (its SQL LIMIT clamp). */
const pollBatchLimit = 1000;

export interface FlowsProviderOptions {
  /** Listing bounds (tests shrink them); see FlowsListing. */
  listing?: Partial<FlowsListingOptions>;
}

/**
 * FlowMason flow executions (seed 002, UPSTREAMS.md §2.3). FlowMason runs a flow inside its
 * POST and answers once it ends, has no cancel or feedback, and retries by running the flow
 * again (a new execution).
 */
export class FlowsProvider implements Provider {
  readonly kind = 'flows' as const;
  readonly name: string;
  readonly operations: Pick<ProviderOperations, 'get' | 'list' | 'start' | 'retry' | 'batch'> = {
    get: (nativeId, options) => this.#get(nativeId, options),
    list: { streams: (filter) => this.#listStreams(filter), page: (query, options) => this.#list(query, options) },
    start: (request, options) => this.#start(request, options),
    retry: { run: (record, options) => this.#retry(record, options) },
    batch: { scopeOf: (record) => this.#batchScopeOf(record), poll: (scope, nativeIds, options) => this.#pollBatch(scope, nativeIds, options) },
  };
  readonly extensions: ProviderExtensions = {};
  // No background form exists: even `wait: false` holds the start for the whole run.
  readonly startModes: StartModes = { async: false, sync: { maxDurationMs: runBoundMs } };
  #client: UpstreamClient;
  #listing: FlowsListing;
  #retryLinks = new FlowsRetryLinks();
  #startDeadlineMs: number;

  constructor(config: ProviderConfig, dependencies: ProviderDependencies, options: FlowsProviderOptions = {}) {
    this.name = config.name;
    this.#client = providerUpstreamClient(config, dependencies);
    this.#startDeadlineMs = Math.max(config.timeoutMs, minimumStartDeadlineMs);
    this.#listing = new FlowsListing(
      config.name,
      (stream, offset, limit, options) => this.#readPage(stream, offset, limit, options),
      dependencies.logger,
      options.listing,
    );
  }

  /** Ids are opaque (UUIDs, doc slugs, unicode); only what cannot be a path segment is refused. */
  isValidNativeId(nativeId: string): boolean {
    return (
      nativeId.length > 0 &&
      nativeId.length <= maxNativeIdLength &&
      nativeId !== '.' &&
      nativeId !== '..' &&
      !/[\u0000-\u001f\u007f]/.test(nativeId)
    );
  }

  async #get(nativeId: string, options: CallOptions): Promise<ExecutionRecord | null> {
    if (!this.isValidNativeId(nativeId)) return null;
    const operation = 'get execution';
    const response = await nullWhenNotFound(this.#client.send({ method: 'GET', path: flowsPaths.execution(nativeId), operation, call: options }));
    if (!response) return null;
    const wire = asExecution(response.body);
    if (!wire) throw malformedBody(this.name, { operation }, response.status, response.body === undefined ? 'an empty body' : 'a body that is not an execution');
    return this.#record(wire, { requestedId: nativeId });
  }

  async #listStreams(filter: ListFilter): Promise<string[]> {
    if (filter.targetIds === null) return [flowsStreamKey(null)];
    return [...new Set(filter.targetIds)].filter((flowId) => flowId !== '').map((flowId) => flowsStreamKey(flowId));
  }

  #list(query: ListQuery, options: CallOptions): Promise<ListPage> {
    return this.#listing.page(query, options);
  }

  async #start(request: StartRequest, options: CallOptions): Promise<ExecutionRecord> {
    if (request.version !== null) throw badUserInput('FlowMason flows have no versions; leave version out');
    return this.#run(request.target, request.inputs, null, options);
  }

  /** A FAILED execution is retried by running its flow again with the same input: a new execution, linked back. */
  async #retry(record: ExecutionRecord, options: CallOptions): Promise<ExecutionRecord> {
    // Every FlowMason record names its flow (the mapping refuses one that does not).
    const flowId = record.kind === 'flows' ? record.details.flowId : (record.targetId ?? '');
    return this.#run(flowId, record.input, record.nativeId, options);
  }

  /**
   * Live batching by flow: one list call of the flow's executions answers every watched
   * execution of that flow it contains (FlowMason lists no order, so the first page is read and
   * the caller reads the rest one by one).
   */
  #batchScopeOf(record: ExecutionRecord): string | null {
    return record.targetId === null ? null : flowsStreamKey(record.targetId);
  }

  async #pollBatch(scope: string, nativeIds: readonly string[], options: CallOptions): Promise<ExecutionRecord[]> {
    const wanted = new Set(nativeIds);
    const records = await this.#readPage(scope, 0, pollBatchLimit, options);
    return records.filter((record) => wanted.has(record.nativeId));
  }

  stats(): ProviderStats {
    return upstreamClientStats(this.#client);
  }

  async close(): Promise<void> {
    await this.#client.close();
  }

  /** POST /executions: the run happens inside the request, so this returns the finished execution. */
  async #run(flowId: string, inputs: unknown, retryOf: string | null, options: CallOptions): Promise<ExecutionRecord> {
    if (flowId.trim() === '') throw badUserInput('target must name a FlowMason flow');
    const operation = retryOf === null ? 'run flow' : 'run flow again (retry)';
    const body: ExecuteFlowRequestWire = { flow_id: flowId, input_payload: inputs ?? null };
    let response: UpstreamResponse;
    try {
      response = await this.#client.send({
        method: 'POST',
        path: flowsPaths.executions(),
        body,
        operation,
        timeoutMs: this.#startDeadlineMs,
        on400: 'bad-input',
        // A failed or over-long flow is FlowMason's answer about this run, not ill health.
        answerStatuses: [500, 408],
        call: options,
      });
    } catch (error) {
      throw this.#runFailure(error, flowId, operation);
    }
    const wire = asExecution(response.body);
    if (!wire) {
      throw malformedBody(this.name, { operation }, response.status, response.body === undefined ? 'an empty body' : 'a body that is not an execution');
    }
    const record = toFlowRecord(wire, { provider: this.name, flowId, retryOf });
    if (retryOf !== null) this.#retryLinks.remember(record.nativeId, retryOf);
    return record;
  }

  /**
   * What a failed POST means at FlowMason: an unknown flow is a 404; a run that failed is an empty
   * 500 and one cut at 30 s an empty 408, and in both cases the code stores no execution (docs/upstreams.md D3, D4).
   */
  #runFailure(error: unknown, flowId: string, operation: string): unknown {
    if (!GatewayError.is(error)) return error;
    const flow = quote(flowId);
    const options = { provider: this.name, ...(error.httpStatus === undefined ? {} : { httpStatus: error.httpStatus }) };
    if (error.code === 'NOT_FOUND') {
      return new GatewayError('NOT_FOUND', `Provider "${this.name}" has no flow ${flow} (HTTP 404); nothing was run`, options);
    }
    if (error.httpStatus === 500) {
      // The run itself failed: FlowMason answers an empty 500 and never stores the execution, so
      // no record exists and sending the start again (under the same idempotencyKey) is safe.
      return new GatewayError(
        'UPSTREAM_ERROR',
        `Flow ${flow} failed during ${operation} at provider "${this.name}" (HTTP 500); FlowMason keeps no record of a failed run, so no execution exists`,
        { ...options, notApplied: true },
      );
    }
    if (error.httpStatus === 408) {
      // Cut by FlowMason's 30 s limit and dropped. No record exists, but the flow's steps ran for
      // 30 s and may have had effects, so an idempotent replay does not send it again.
      return new GatewayError(
        'UPSTREAM_TIMEOUT',
        `Flow ${flow} ran past FlowMason's 30 s limit during ${operation} at provider "${this.name}" (HTTP 408); FlowMason stopped it and keeps no record of it, so no execution exists`,
        options,
      );
    }
    return error;
  }

  async #readPage(stream: string, offset: number, limit: number, options: CallOptions): Promise<ExecutionRecord<'flows'>[]> {
    const flowId = flowOfStream(stream);
    const operation = flowId === null ? 'list executions' : 'list flow executions';
    const response = await this.#client.send({
      method: 'GET',
      path: flowId === null ? flowsPaths.executions() : flowsPaths.flowExecutions(flowId),
      query: { limit, offset },
      operation,
      call: options,
    });
    const items = asExecutionList(response.body);
    if (!items) throw malformedBody(this.name, { operation }, response.status, 'a list that is neither an array nor {items}');
    return items.map((wire) => this.#record(wire, flowId === null ? {} : { flowId }));
  }

  #record(wire: Parameters<typeof toFlowRecord>[0], context: { requestedId?: string; flowId?: string }): ExecutionRecord<'flows'> {
    const record = toFlowRecord(wire, { provider: this.name, ...context });
    const retryOf = this.#retryLinks.retryOf(record.nativeId);
    return retryOf === null ? record : { ...record, details: { ...record.details, retryOf } };
  }

}

/** Flow ids come from the client; long ones are shortened in messages. */
function quote(flowId: string): string {
  return JSON.stringify(flowId.length > 80 ? `${flowId.slice(0, 80)}…` : flowId);
}
