import type { ProviderConfig } from '../../config/gateway-config.js';
import { GatewayError } from '../../errors/gateway-error.js';
import type { UpstreamClient } from '../../http/upstream-client.js';
import { malformedBody } from '../../http/upstream-failure.js';
import type { Logger } from '../../log/logger.js';
import type { ExecutionRecord } from '../../model/execution-record.js';
import type { ProviderDependencies } from '../provider-registry.js';
import { providerUpstreamClient, upstreamClientStats } from '../provider-upstream-client.js';
import type { CallOptions, ListFilter, ListPage, ListQuery, Provider, ProviderOperations, ProviderStats, StartModes } from '../provider.js';
import type { NestedLookups } from '../nested-lookups.js';
import { asExecutionList, asExecutionWire, isErrorEnvelope, isUuid, maxListPageSize, nestedPaths, type NestedNestingWire } from './nested-api.js';
import { decodePosition, encodePosition, readListing } from './nested-listing.js';
import { toNestedRecord } from './nested-mapping.js';
import { maxNestingDepth, walkNesting, type NestingEntry } from './nested-nestings.js';

/** Upstream pages one `list` call may read (each up to 100 executions). */
const maxPagesPerList = 5;
const workspaceStream = 'workspace';
const respondersStreamPrefix = 'responders:';
const scanStreamPrefix = 'responders-scan:';

/**
 * Zaia "Endless" executions (seed 003, UPSTREAMS.md §2.4): read-only, so the only
 * capabilities are reading, listing and the parent/child tree. Every write is answered
 * NOT_SUPPORTED by the operations layer from the capabilities, before any call.
 */
export class NestedProvider implements Provider {
  readonly kind = 'nested' as const;
  readonly name: string;
  readonly operations: Pick<ProviderOperations, 'get' | 'list' | 'children' | 'batch'> = {
    get: (nativeId, options) => this.#get(nativeId, options),
    list: { streams: (filter) => this.#listStreams(filter), page: (query, options) => this.#list(query, options) },
    children: (record, options) => this.#descendants(record, 1, options),
    batch: { scopeOf: (record) => this.#batchScopeOf(record), poll: (scope, nativeIds, options) => this.#pollBatch(scope, nativeIds, options) },
  };
  readonly extensions: { nested: NestedLookups } = {
    nested: {
      executionByChatMessage: (chatMessageId, options) => this.#executionByChatMessage(chatMessageId, options),
      descendants: (record, maxDepth, options) => this.#descendants(record, maxDepth, options),
    },
  };
  readonly startModes: StartModes = { async: false, sync: null };
  #client: UpstreamClient;
  #logger: Logger;

  constructor(config: ProviderConfig, dependencies: ProviderDependencies) {
    this.name = config.name;
    this.#logger = dependencies.logger;
    // The raw key, no `Bearer` (docs/upstreams.md A23): the legacy Zaia API used Bearer, this one rejects it.
    this.#client = providerUpstreamClient(config, dependencies, 'raw-key');
  }

  /** Every id Zaia issues is a uuid; anything else is answered null without a call. */
  isValidNativeId(nativeId: string): boolean {
    return isUuid(nativeId);
  }

  async #get(nativeId: string, options: CallOptions): Promise<ExecutionRecord<'nested'> | null> {
    if (!this.isValidNativeId(nativeId)) return null;
    const operation = 'get execution';
    const response = await this.#readOrNull({ path: nestedPaths.execution(nativeId), operation }, options);
    if (!response) return null;
    const wire = asExecutionWire(response.body);
    if (!wire) throw this.#malformed(response.status, operation, response.body);
    return toNestedRecord(wire, { provider: this.name, requestedId: nativeId });
  }

  /** The execution that answers a chat message (nestings `chatMessageId`), or null. */
  async #executionByChatMessage(chatMessageId: string, options: CallOptions): Promise<ExecutionRecord<'nested'> | null> {
    if (!isUuid(chatMessageId)) return null;
    const root = await this.#nesting({ chatMessageId }, 'find execution by chat message', options);
    return root ? toNestedRecord(root.wire, { provider: this.name, chatMessageId }) : null;
  }

  /**
   * The subtree below `record`, preorder, down to `maxDepth` levels (at most 10), from one
   * nestings call. Each execution appears once even when the answer loops.
   */
  async #descendants(record: ExecutionRecord, maxDepth: number, options: CallOptions): Promise<ExecutionRecord<'nested'>[]> {
    const depth = Math.max(1, Math.min(maxNestingDepth, Math.trunc(maxDepth)));
    const root = await this.#nesting({ executionId: record.nativeId }, 'get execution children', options);
    if (!root) return [];
    const walk = walkNesting(root.wire, root.id, depth);
    if (walk.dropped > 0) {
      this.#logger.warn('nestings answer listed executions outside their own parent (cycle, duplicate or wrong parentId); left them out', {
        provider: this.name,
        executionId: record.nativeId,
        dropped: walk.dropped,
      });
    }
    return walk.descendants.map((entry) => this.#childRecord(entry));
  }

  /**
   * The whole workspace, or up to two streams for `targetIds`: the uuid responders, pushed down
   * to Zaia as `responderIds`; and the other targets, which Zaia would refuse there (400: not a
   * uuid) although `responderId` is a plain string, read as a scan of the workspace that keeps
   * exactly those responders. A record's responder is either a uuid or not, so the two streams
   * never overlap. Targets of other providers (flow or workflow ids) land in the scan and simply
   * match nothing, at the cost of reading the workspace.
   */
  async #listStreams(filter: ListFilter): Promise<string[]> {
    if (filter.targetIds === null) return [workspaceStream];
    const uuids = [...new Set(filter.targetIds.filter(isUuid).map((id) => id.toLowerCase()))].sort();
    const others = [...new Set(filter.targetIds.filter((id) => !isUuid(id)))].sort();
    const streams: string[] = [];
    if (uuids.length > 0) streams.push(`${respondersStreamPrefix}${uuids.join(',')}`);
    if (others.length > 0) streams.push(`${scanStreamPrefix}${JSON.stringify(others)}`);
    return streams;
  }

  async #list(query: ListQuery, options: CallOptions): Promise<ListPage> {
    const stream = this.#parseStream(query.stream);
    const statuses = query.statuses === null ? null : new Set(query.statuses);
    const result = await readListing({
      position: decodePosition(query.position),
      wanted: query.pageSize,
      upstreamPageSize: maxListPageSize,
      maxPages: maxPagesPerList,
      // Zaia has no status filter; responders are checked here too, so streams never overlap.
      matches: (record) => (statuses === null || statuses.has(record.status)) && stream.keeps(record.targetId),
      fetchPage: (pageNumber, pageSize) => this.#listPage({ pageNumber, pageSize, responderIds: stream.responderIds }, options),
    });
    return { records: result.records, next: encodePosition(result.next) };
  }

  /** Live batching: the executions of one responder are polled with one list call. */
  #batchScopeOf(record: ExecutionRecord): string | null {
    return record.targetId !== null && isUuid(record.targetId) ? record.targetId.toLowerCase() : null;
  }

  /**
   * The newest 100 executions of the responder, narrowed to `nativeIds`; older ones are not in
   * that page, and the caller reads those one by one.
   */
  async #pollBatch(scope: string, nativeIds: readonly string[], options: CallOptions): Promise<ExecutionRecord<'nested'>[]> {
    if (!isUuid(scope)) return [];
    const wanted = new Set(nativeIds.map((id) => id.toLowerCase()));
    const page = await this.#listPage({ pageNumber: 1, pageSize: maxListPageSize, responderIds: [scope] }, options);
    return page.filter((record) => wanted.has(record.nativeId.toLowerCase()));
  }

  stats(): ProviderStats {
    return upstreamClientStats(this.#client);
  }

  async close(): Promise<void> {
    await this.#client.close();
  }

  async #listPage(page: { pageNumber: number; pageSize: number; responderIds: readonly string[] }, options: CallOptions): Promise<ExecutionRecord<'nested'>[]> {
    const operation = 'list executions';
    const response = await this.#client.send({
      method: 'GET',
      path: nestedPaths.executions(),
      // `responderIds` accepts one value or repeated values; repeated is the documented array form.
      query: { pageNumber: page.pageNumber, pageSize: page.pageSize, responderIds: page.responderIds },
      operation,
      call: options,
    });
    const list = asExecutionList(response.body);
    if (!list) throw this.#malformed(response.status, operation, response.body);
    return list.map((wire) => toNestedRecord(wire, { provider: this.name }));
  }

  async #nesting(
    parameter: { executionId: string } | { chatMessageId: string },
    operation: string,
    options: CallOptions,
  ): Promise<{ wire: NestedNestingWire; id: string } | null> {
    const response = await this.#readOrNull({ path: nestedPaths.nestings(), query: parameter, operation }, options);
    if (!response) return null;
    const wire = asExecutionWire(response.body);
    if (!wire) throw this.#malformed(response.status, operation, response.body);
    const asked = 'executionId' in parameter ? parameter.executionId : undefined;
    const id = typeof wire.id === 'string' && wire.id !== '' ? wire.id : asked;
    if (id === undefined) throw this.#malformed(response.status, operation, response.body);
    return { wire, id };
  }

  /**
   * A GET whose only parameter is an id: 404 is "no such execution", and so is 400, the
   * service's answer to an id it does not accept (another uuid version, docs/upstreams.md A12).
   */
  async #readOrNull(
    request: { path: string; query?: Record<string, string>; operation: string },
    options: CallOptions,
  ): Promise<{ status: number; body: unknown } | null> {
    try {
      return await this.#client.send({ method: 'GET', ...request, call: options });
    } catch (error) {
      if (GatewayError.is(error) && (error.code === 'NOT_FOUND' || (error.code === 'BAD_USER_INPUT' && error.httpStatus === 400))) return null;
      throw error;
    }
  }

  #childRecord(entry: NestingEntry): ExecutionRecord<'nested'> {
    const record = toNestedRecord(entry.wire, { provider: this.name });
    return record.parentNativeId === entry.parentId ? record : { ...record, parentNativeId: entry.parentId };
  }

  /** What a stream key of listStreams means: the `responderIds` sent, and the responders kept. */
  #parseStream(stream: string): { responderIds: string[]; keeps: (responderId: string | null) => boolean } {
    if (stream === workspaceStream) return { responderIds: [], keeps: () => true };
    if (stream.startsWith(respondersStreamPrefix)) {
      const responders = stream.slice(respondersStreamPrefix.length).split(',');
      if (responders.every(isUuid)) {
        const kept = new Set(responders);
        return { responderIds: responders, keeps: (responderId) => responderId !== null && kept.has(responderId.toLowerCase()) };
      }
    }
    if (stream.startsWith(scanStreamPrefix)) {
      const responders = parseJsonList(stream.slice(scanStreamPrefix.length));
      if (responders) {
        const kept = new Set(responders);
        return { responderIds: [], keeps: (responderId) => responderId !== null && kept.has(responderId) };
      }
    }
    throw new GatewayError('BAD_USER_INPUT', `Malformed listing stream for provider "${this.name}"`, { provider: this.name });
  }

  #malformed(status: number, operation: string, body: unknown): GatewayError {
    const what =
      body === undefined ? 'an empty body' : isErrorEnvelope(body) ? 'an error envelope with a success status' : 'a body that is not what it documents';
    return malformedBody(this.name, { operation }, status, what);
  }
}

function parseJsonList(text: string): string[] | null {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : null;
  } catch {
    return null;
  }
}
