import type { ProviderConfig } from '../../config/gateway-config.js';
import { GatewayError, badUserInput } from '../../errors/gateway-error.js';
import type { UpstreamClient } from '../../http/upstream-client.js';
import { malformedBody } from '../../http/upstream-failure.js';
import type { UpstreamRequest } from '../../http/upstream-request.js';
import type { ExecutionRecord } from '../../model/execution-record.js';
import type { Feedback } from '../../model/feedback.js';
import { nullWhenNotFound } from '../null-when-not-found.js';
import type { ProviderDependencies } from '../provider-registry.js';
import { providerUpstreamClient, upstreamClientStats } from '../provider-upstream-client.js';
import type {
  CallOptions,
  DefinitionStartRequest,
  ListFilter,
  ListPage,
  ListQuery,
  Provider,
  ProviderExtensions,
  ProviderOperations,
  ProviderStats,
  StartModes,
  StartRequest,
  WebhookStartRequest,
} from '../provider.js';
import { isObject } from '../wire-values.js';
import { airOpsPaths, asListWire, unwrapExecution } from './airops-api.js';
import { AirOpsAppDirectory } from './airops-app-directory.js';
import { toAirOpsRecord, wireFeedback } from './airops-mapping.js';

/** "executes the app immediately ... unless ... your app takes more than 10 minutes to run". */
const syncExecuteBoundMs = 10 * 60_000;
const syncExecuteMarginMs = 30_000;
/** The most executions one AirOps list call returns (docs/upstreams.md A7); a live batch polls an app's newest. */
const pollBatchItems = 100;

/** AirOps-style app executions (seed 000, UPSTREAMS.md §2.1). */
export class AirOpsProvider implements Provider {
  readonly kind = 'airops' as const;
  readonly name: string;
  readonly operations: Pick<ProviderOperations, 'get' | 'start' | 'cancel' | 'retry' | 'rate' | 'executeDefinition' | 'webhookExecute' | 'batch'> &
    Partial<Pick<ProviderOperations, 'list'>>;
  readonly extensions: ProviderExtensions = {};
  readonly startModes: StartModes = { async: true, sync: { maxDurationMs: syncExecuteBoundMs } };
  #config: ProviderConfig;
  #client: UpstreamClient;
  #directory: AirOpsAppDirectory;

  constructor(config: ProviderConfig, dependencies: ProviderDependencies) {
    this.name = config.name;
    this.#config = config;
    this.#client = providerUpstreamClient(config, dependencies);
    this.#directory = new AirOpsAppDirectory(this.#client);
    this.operations = {
      get: (nativeId, options) => this.#get(nativeId, options),
      // Listing needs to know which apps to read; without `apps` this provider is simply not listed.
      ...(config.apps.length > 0
        ? { list: { streams: (filter: ListFilter, options: CallOptions) => this.#listStreams(filter, options), page: (query: ListQuery, options: CallOptions) => this.#list(query, options) } }
        : {}),
      start: (request, options) => this.#start(request, options),
      cancel: { refusal: (record) => cancelRefusal(record), run: (record, options) => this.#cancel(record, options) },
      retry: { run: (record, options) => this.#retry(record, options) },
      rate: { run: (record, feedback, options) => this.#rate(record, feedback, options) },
      executeDefinition: (request, options) => this.#executeDefinition(request, options),
      webhookExecute: (request, options) => this.#webhookExecute(request, options),
      batch: { scopeOf: (record) => record.targetId, poll: (scope, nativeIds, options) => this.#pollBatch(scope, nativeIds, options) },
    };
  }

  /** AirOps reads executions by their 36-character uuid only (never by the integer id). */
  isValidNativeId(nativeId: string): boolean {
    return nativeId.length === 36 && /^[0-9A-Za-z-]+$/.test(nativeId);
  }

  async #get(nativeId: string, options: CallOptions): Promise<ExecutionRecord | null> {
    if (!this.isValidNativeId(nativeId)) return null;
    const response = await nullWhenNotFound(
      this.#client.send({ method: 'GET', path: airOpsPaths.execution(nativeId), operation: 'get execution', call: options }),
    );
    if (!response) return null;
    return this.#record(response.body, response.status, 'get execution', nativeId, this.#directory.appOfExecution(nativeId));
  }

  async #listStreams(filter: ListFilter, options: CallOptions): Promise<string[]> {
    if (filter.targetIds === null) return [...this.#config.apps];
    const wanted = filter.targetIds;
    const matches = await Promise.all(
      this.#config.apps.map(async (app) => {
        for (const target of wanted) {
          if (await this.#directory.sameApp(app, target, options)) return app;
        }
        return null;
      }),
    );
    return matches.filter((app): app is string => app !== null);
  }

  async #list(query: ListQuery, options: CallOptions): Promise<ListPage> {
    const app = query.stream;
    const numericId = await this.#directory.numericId(app, options);
    const cursor = typeof query.position === 'string' ? query.position : null;
    const response = await this.#client.send({
      method: 'GET',
      path: airOpsPaths.appExecutions(numericId),
      query: { airops_app_id: numericId, cursor, items: Math.max(1, Math.min(100, query.pageSize)) },
      operation: 'list executions',
      call: options,
    });
    const list = asListWire(response.body);
    if (!list) throw malformedBody(this.name, { operation: 'list executions' }, response.status, 'a list without `data`');
    const records = list.data.map((wire) => {
      const record = toAirOpsRecord(wire, { provider: this.name, appId: app });
      this.#directory.rememberExecution(record.nativeId, app);
      return record;
    });
    const more = list.meta.has_more === true && typeof list.meta.cursor === 'string' && list.meta.cursor !== '';
    return { records, next: more ? list.meta.cursor : null };
  }

  async #start(request: StartRequest, options: CallOptions): Promise<ExecutionRecord> {
    const inputs = objectInputs(request.inputs, 'inputs');
    const body: Record<string, unknown> = { inputs };
    if (request.version !== null) body.version_slug = versionSlug(request.version);
    const sync = request.mode === 'sync';
    return this.#startCall(request.target, {
      method: 'POST',
      path: sync ? airOpsPaths.execute(request.target) : airOpsPaths.asyncExecute(request.target),
      body,
      operation: sync ? 'execute app' : 'start app execution',
      ...(sync ? { timeoutMs: syncExecuteBoundMs + syncExecuteMarginMs } : {}),
      call: options,
    });
  }

  async #executeDefinition(request: DefinitionStartRequest, options: CallOptions): Promise<ExecutionRecord> {
    const sync = request.mode === 'sync';
    return this.#startCall(request.target, {
      method: 'POST',
      path: sync ? airOpsPaths.executeDefinition(request.target) : airOpsPaths.asyncExecuteDefinition(request.target),
      body: { inputs: request.inputs, inputs_schema: request.inputsSchema, definition: request.definition },
      operation: sync ? 'execute workflow definition' : 'start workflow definition execution',
      ...(sync ? { timeoutMs: syncExecuteBoundMs + syncExecuteMarginMs } : {}),
      call: options,
    });
  }

  async #webhookExecute(request: WebhookStartRequest, options: CallOptions): Promise<ExecutionRecord> {
    const body: Record<string, unknown> = { inputs: request.payload };
    if (request.version !== null) body.version_slug = versionSlug(request.version);
    // The webhook form authenticates with the key in the query string, not a Bearer header.
    return this.#startCall(request.target, {
      method: 'POST',
      path: airOpsPaths.webhookAsyncExecute(request.target),
      query: { auth_token: this.#config.apiKey },
      auth: false,
      body,
      operation: 'start webhook execution',
      call: options,
    });
  }

  /**
   * Live batching: executions of one app are watched through one list call of the app's newest. An app whose integer id cannot be resolved
   * cannot be listed: nothing is returned and the poller reads each execution by uuid instead.
   */
  async #pollBatch(scope: string, nativeIds: readonly string[], options: CallOptions): Promise<ExecutionRecord[]> {
    const numericId = await this.#directory.numericId(scope, options);
    if (!/^\d+$/.test(numericId)) return [];
    const response = await this.#client.send({
      method: 'GET',
      path: airOpsPaths.appExecutions(numericId),
      query: { airops_app_id: numericId, items: pollBatchItems },
      operation: 'poll executions of an app',
      call: options,
    });
    const list = asListWire(response.body);
    if (!list) throw malformedBody(this.name, { operation: 'poll executions of an app' }, response.status, 'a list without `data`');
    const wanted = new Set(nativeIds);
    const records: ExecutionRecord[] = [];
    for (const wire of list.data) {
      const record = toAirOpsRecord(wire, { provider: this.name, appId: scope });
      if (wanted.has(record.nativeId)) records.push(record);
    }
    return records;
  }

  #cancel(record: ExecutionRecord, options: CallOptions): Promise<ExecutionRecord> {
    return this.#writeThenReread(record, 'PATCH', airOpsPaths.cancel(record.nativeId), 'cancel', options);
  }

  #retry(record: ExecutionRecord, options: CallOptions): Promise<ExecutionRecord> {
    return this.#writeThenReread(record, 'POST', airOpsPaths.retry(record.nativeId), 'retry', options);
  }

  /** A write, then the execution read afresh: the client gets the state the upstream holds after it. */
  async #writeThenReread(record: ExecutionRecord, method: 'PATCH' | 'POST', path: string, command: 'cancel' | 'retry', options: CallOptions): Promise<ExecutionRecord> {
    await this.#client.send({ method, path, operation: `${command} execution`, on400: 'precondition', call: options });
    return this.#reread(record.nativeId, command, options);
  }

  async #rate(record: ExecutionRecord, feedback: Feedback, options: CallOptions): Promise<ExecutionRecord> {
    await this.#client.send({
      method: 'PATCH',
      path: airOpsPaths.feedback(record.nativeId),
      body: { feedback: wireFeedback[feedback] },
      operation: 'rate execution',
      on400: 'precondition',
      call: options,
    });
    return this.#reread(record.nativeId, 'rating', options);
  }

  stats(): ProviderStats {
    return upstreamClientStats(this.#client);
  }

  async close(): Promise<void> {
    await this.#client.close();
  }

  async #startCall(target: string, request: UpstreamRequest): Promise<ExecutionRecord> {
    if (target.trim() === '') throw badUserInput('target must name an AirOps app (uuid or numeric id)');
    const response = await this.#client.send({ ...request, on400: 'bad-input' });
    const record = this.#record(response.body, response.status, request.operation, undefined, target);
    this.#directory.rememberExecution(record.nativeId, target);
    return record;
  }

  /** Cancel, retry and feedback answer 204 with no body: the updated execution is read back. */
  async #reread(uuid: string, what: string, options: CallOptions): Promise<ExecutionRecord> {
    try {
      const record = await this.#get(uuid, options);
      if (record) return record;
      throw new GatewayError('NOT_FOUND', `The ${what} was accepted, but execution ${uuid} could no longer be read`, { provider: this.name });
    } catch (error) {
      if (GatewayError.is(error) && error.code !== 'NOT_FOUND') {
        throw new GatewayError(error.code, `The ${what} was accepted, but reading the updated execution failed: ${error.message}`, {
          provider: this.name,
          ...(error.httpStatus === undefined ? {} : { httpStatus: error.httpStatus }),
          ...(error.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: error.retryAfterSeconds }),
        });
      }
      throw error;
    }
  }

  #record(body: unknown, status: number, operation: string, requestedUuid: string | undefined, appId: string | null): ExecutionRecord {
    const wire = unwrapExecution(body);
    if (!wire) throw malformedBody(this.name, { operation }, status, body === undefined ? 'an empty body' : 'a body that is not an execution');
    return toAirOpsRecord(wire, { provider: this.name, appId, ...(requestedUuid === undefined ? {} : { requestedUuid }) });
  }

}

/** AirOps' own precondition of a cancel, beyond "not finished". */
function cancelRefusal(record: ExecutionRecord): string | null {
  if (record.status !== 'PENDING' && record.status !== 'RUNNING') {
    return `AirOps cancels only pending or running executions; this one is ${record.nativeStatus}`;
  }
  return null;
}

function objectInputs(value: unknown, name: string): Record<string, unknown> {
  if (!isObject(value)) throw badUserInput(`${name} must be a JSON object for AirOps apps`);
  return value;
}

/** AirOps `version_slug` is an integer. */
function versionSlug(version: string): number {
  if (!/^\d+$/.test(version)) throw badUserInput('version must be an integer version slug for AirOps apps');
  return Number(version);
}
