import type { ExecutionRecord } from '../../src/model/execution-record.js';
import type { Provider, ProviderExtensions, ProviderOperationSet, ProviderStats } from '../../src/providers/provider.js';

/**
 * A test double for the schema layer: a provider that can only read. Every operation it lacks
 * must be answered NOT_SUPPORTED before any call reaches it; `calls` proves none did.
 */
export class ReadOnlyProvider implements Provider {
  readonly kind = 'airops' as const;
  readonly operations: ProviderOperationSet = { get: (nativeId) => this.get(nativeId) };
  readonly extensions: ProviderExtensions = {};
  readonly startModes = { async: false, sync: null };
  readonly calls: string[] = [];
  #records = new Map<string, ExecutionRecord>();

  constructor(readonly name: string, records: ExecutionRecord[]) {
    for (const record of records) this.#records.set(record.nativeId, record);
  }

  isValidNativeId(): boolean {
    return true;
  }

  async get(nativeId: string): Promise<ExecutionRecord | null> {
    this.calls.push(`get ${nativeId}`);
    return this.#records.get(nativeId) ?? null;
  }

  stats(): ProviderStats {
    return { upstreamRequests: this.calls.length, upstreamFailures: 0 };
  }

  async close(): Promise<void> {}
}
