import { GatewayError } from '../../src/errors/gateway-error.js';
import type { ExecutionRecord } from '../../src/model/execution-record.js';
import type { ExecutionStatus } from '../../src/model/execution-status.js';
import { isTerminalStatus } from '../../src/model/execution-status.js';
import type { ListFilter, ListPage, ListQuery, Provider, ProviderExtensions, ProviderOperationSet, ProviderStats } from '../../src/providers/provider.js';

export interface ScriptedExecution {
  nativeId: string;
  /** Epoch ms. */
  createdAt: number;
  status?: ExecutionStatus;
  target?: string;
  parent?: string | null;
}

export interface ScriptedListOptions {
  /** `offset`: positions are offsets into the live list, so items added at the top shift later pages. `keyset`: after the last returned item. */
  pagination?: 'offset' | 'keyset';
  /** How the native stream orders equal createdAt (the merger must not depend on it). */
  tieOrder?: 'id-asc' | 'id-desc';
  /** One stream per target (like AirOps apps) instead of one stream for everything. */
  streamPerTarget?: boolean;
  /** Statuses filtered upstream (pushed down); otherwise the provider returns every status. */
  filtersStatus?: boolean;
  children?: boolean;
}

/**
 * A provider over an in-memory list, for merge logic that the simulators cannot stage on
 * demand: ties split across native pages, pages that shift between requests, failures, and
 * page counting. It implements only the Provider interface, as the merger sees providers.
 */
export class ScriptedListProvider implements Provider {
  readonly kind = 'flows' as const;
  readonly startModes = { async: false, sync: null };
  readonly operations: ProviderOperationSet;
  readonly extensions: ProviderExtensions = {};
  readonly calls = { listStreams: 0, list: 0, get: 0, children: 0 };
  /** While set, list and listStreams fail with this error. */
  failure: GatewayError | null = null;
  #executions: ScriptedExecution[] = [];
  #options: Required<ScriptedListOptions>;

  constructor(
    readonly name: string,
    options: ScriptedListOptions = {},
  ) {
    this.#options = { pagination: 'offset', tieOrder: 'id-desc', streamPerTarget: false, filtersStatus: false, children: false, ...options };
    this.operations = {
      get: (nativeId) => this.get(nativeId),
      list: { streams: (filter) => this.listStreams(filter), page: (query) => this.list(query) },
      ...(this.#options.children ? { children: (record: ExecutionRecord) => this.#children(record) } : {}),
    };
  }

  add(...executions: ScriptedExecution[]): this {
    this.#executions.push(...executions);
    return this;
  }

  /** The scripted executions as they are now. */
  snapshot(): ScriptedExecution[] {
    return [...this.#executions];
  }

  record(nativeId: string): ExecutionRecord {
    const found = this.#executions.find((execution) => execution.nativeId === nativeId);
    if (!found) throw new Error(`no scripted execution ${nativeId}`);
    return this.#toRecord(found);
  }

  isValidNativeId(): boolean {
    return true;
  }

  async get(nativeId: string): Promise<ExecutionRecord | null> {
    this.calls.get += 1;
    const found = this.#executions.find((execution) => execution.nativeId === nativeId);
    return found ? this.#toRecord(found) : null;
  }

  async #children(record: ExecutionRecord): Promise<ExecutionRecord[]> {
    this.calls.children += 1;
    return this.#executions.filter((execution) => execution.parent === record.nativeId).map((execution) => this.#toRecord(execution));
  }

  async listStreams(filter: ListFilter): Promise<string[]> {
    this.calls.listStreams += 1;
    if (this.failure) throw this.failure;
    if (!this.#options.streamPerTarget) return ['all'];
    const targets = [...new Set(this.#executions.map((execution) => execution.target ?? 'none'))].sort();
    return filter.targetIds === null ? targets : targets.filter((target) => filter.targetIds!.includes(target));
  }

  async list(query: ListQuery): Promise<ListPage> {
    this.calls.list += 1;
    if (this.failure) throw this.failure;
    const all = this.#ordered().filter(
      (execution) =>
        (query.stream === 'all' || (execution.target ?? 'none') === query.stream) &&
        (query.targetIds === null || query.targetIds.includes(execution.target ?? 'none')) &&
        (!this.#options.filtersStatus || query.statuses === null || query.statuses.includes(execution.status ?? 'SUCCEEDED')),
    );
    let start = 0;
    if (this.#options.pagination === 'offset') start = typeof query.position === 'number' ? query.position : 0;
    else if (Array.isArray(query.position)) {
      const [createdAt, nativeId] = query.position as [number, string];
      const index = all.findIndex((execution) => execution.createdAt === createdAt && execution.nativeId === nativeId);
      start = index + 1;
    }
    const page = all.slice(start, start + query.pageSize);
    const more = start + page.length < all.length;
    const last = page.at(-1);
    let next: unknown = null;
    if (more && last) next = this.#options.pagination === 'offset' ? start + page.length : [last.createdAt, last.nativeId];
    return { records: page.map((execution) => this.#toRecord(execution)), next };
  }

  stats(): ProviderStats {
    return { upstreamRequests: this.calls.list + this.calls.get + this.calls.children + this.calls.listStreams, upstreamFailures: 0 };
  }

  async close(): Promise<void> {}

  #ordered(): ScriptedExecution[] {
    const tie = this.#options.tieOrder === 'id-asc' ? 1 : -1;
    return [...this.#executions].sort(
      (left, right) => right.createdAt - left.createdAt || (left.nativeId < right.nativeId ? -tie : left.nativeId > right.nativeId ? tie : 0),
    );
  }

  #toRecord(execution: ScriptedExecution): ExecutionRecord {
    const status = execution.status ?? 'SUCCEEDED';
    return {
      kind: 'flows',
      provider: this.name,
      nativeId: execution.nativeId,
      status,
      nativeStatus: status.toLowerCase(),
      isTerminal: isTerminalStatus(status),
      input: null,
      output: null,
      error: null,
      createdAt: new Date(execution.createdAt).toISOString(),
      updatedAt: null,
      startedAt: null,
      endedAt: null,
      creditsUsed: null,
      targetId: execution.target ?? null,
      parentNativeId: execution.parent ?? null,
      details: { flowId: execution.target ?? 'none', retryOf: null },
    };
  }
}
