import { GatewayError } from '../../src/errors/gateway-error.js';
import type { ExecutionRecord } from '../../src/model/execution-record.js';
import type { ExecutionStatus } from '../../src/model/execution-status.js';
import type { BatchPolling, CallOptions, Provider, ProviderExtensions, ProviderOperationSet, ProviderStats } from '../../src/providers/provider.js';

const terminalStatuses: ReadonlySet<ExecutionStatus> = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED', 'SKIPPED']);

/** A record of the AirOps shape (the schema's type for kind `airops`), for a test double. */
export function scriptedRecord(provider: string, nativeId: string, fields: Partial<ExecutionRecord<'airops'>> = {}): ExecutionRecord<'airops'> {
  const status = fields.status ?? 'RUNNING';
  return {
    kind: 'airops',
    provider,
    nativeId,
    status,
    nativeStatus: status.toLowerCase(),
    isTerminal: terminalStatuses.has(status),
    input: null,
    output: null,
    error: null,
    createdAt: '2026-01-15T12:00:00.000Z',
    updatedAt: '2026-01-15T12:00:00.000Z',
    startedAt: null,
    endedAt: null,
    creditsUsed: null,
    targetId: null,
    parentNativeId: null,
    details: {
      numericId: null,
      feedback: null,
      conversationId: null,
      appVersionId: null,
      workspaceId: null,
      source: null,
      runtimeSeconds: null,
      errorCode: null,
      errorPayload: null,
    },
    ...fields,
  };
}

/**
 * A provider whose upstream is a map the test edits: it counts every call (by native id and
 * per list scope), honours `retry: false` by recording it, and fails on demand.
 */
export class ScriptedProvider implements Provider {
  readonly kind = 'airops' as const;
  readonly operations: ProviderOperationSet;
  readonly extensions: ProviderExtensions = {};
  readonly startModes = { async: false, sync: null };
  readonly reads = new Map<string, number>();
  readonly listCalls = new Map<string, number>();
  /** Options of every call, to check what the poller asked for. */
  readonly options: CallOptions[] = [];
  /** The next calls throw these, in order. */
  readonly failures: GatewayError[] = [];
  /** Runs before each read answers (to make the upstream change on every read). */
  beforeRead: ((nativeId: string) => void) | null = null;
  #records = new Map<string, ExecutionRecord>();

  constructor(
    readonly name: string,
    batching: { listLimit: number; refuse?: boolean } | null = null,
  ) {
    const batch: BatchPolling | null = batching && {
      scopeOf: (record) => record.targetId,
      poll: async (scope, nativeIds, options) => {
        this.listCalls.set(scope, (this.listCalls.get(scope) ?? 0) + 1);
        this.options.push(options);
        this.#failIfAsked();
        if (batching.refuse) throw new GatewayError('UPSTREAM_ERROR', 'this scope cannot be listed', { provider: this.name, httpStatus: 400 });
        const wanted = new Set(nativeIds);
        return [...this.#records.values()].filter((record) => record.targetId === scope && wanted.has(record.nativeId)).slice(0, batching.listLimit);
      },
    };
    this.operations = { get: (nativeId, options) => this.get(nativeId, options), ...(batch ? { batch } : {}) };
  }

  set(record: ExecutionRecord): void {
    this.#records.set(record.nativeId, record);
  }

  delete(nativeId: string): void {
    this.#records.delete(nativeId);
  }

  isValidNativeId(): boolean {
    return true;
  }

  async get(nativeId: string, options: CallOptions = {}): Promise<ExecutionRecord | null> {
    this.reads.set(nativeId, (this.reads.get(nativeId) ?? 0) + 1);
    this.options.push(options);
    this.#failIfAsked();
    this.beforeRead?.(nativeId);
    return this.#records.get(nativeId) ?? null;
  }

  readsOf(nativeId: string): number {
    return this.reads.get(nativeId) ?? 0;
  }

  stats(): ProviderStats {
    let requests = 0;
    for (const count of [...this.reads.values(), ...this.listCalls.values()]) requests += count;
    return { upstreamRequests: requests, upstreamFailures: 0 };
  }

  async close(): Promise<void> {}

  #failIfAsked(): void {
    const failure = this.failures.shift();
    if (failure) throw failure;
  }
}
