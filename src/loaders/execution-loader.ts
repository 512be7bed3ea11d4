import DataLoader from 'dataloader';
import type { FinishedExecutionCache } from '../cache/finished-execution-cache.js';
import type { ExecutionRecord } from '../model/execution-record.js';
import type { CallOptions } from '../providers/provider.js';
import type { ProviderRegistry } from '../providers/provider-registry.js';

export interface ExecutionKey {
  provider: string;
  nativeId: string;
}

export function executionKeyString(key: ExecutionKey): string {
  return `${key.provider}\u0000${key.nativeId}`;
}

export function executionKeyOf(record: ExecutionRecord): ExecutionKey {
  return { provider: record.provider, nativeId: record.nativeId };
}

export interface ExecutionReadOptions {
  registry: ProviderRegistry;
  finished: FinishedExecutionCache;
  /** False for reads that must reflect the upstream now (subscription events): the cache is not consulted. */
  useFinished: boolean;
  callOptions: CallOptions;
}

/**
 * Executions by (provider, native id) for one operation: duplicate keys cost one upstream call,
 * records this operation already read (a list page, a parent's children) are primed in and cost
 * none, and a finished execution read moments ago is answered from the finished cache. A
 * failure lands in its own slot rather than failing the batch.
 */
export function createExecutionLoader(options: ExecutionReadOptions): DataLoader<ExecutionKey, ExecutionRecord | null, string> {
  const { registry, finished, useFinished, callOptions } = options;
  return new DataLoader<ExecutionKey, ExecutionRecord | null, string>(
    (keys) =>
      Promise.all(
        keys.map(async (key) => {
          const provider = registry.get(key.provider);
          if (!provider || !provider.isValidNativeId(key.nativeId)) return null;
          if (useFinished) {
            const cached = finished.get(key.provider, key.nativeId);
            if (cached) return cached;
          }
          try {
            const record = await provider.operations.get(key.nativeId, callOptions);
            if (record) finished.observe(record);
            else finished.invalidate(key.provider, key.nativeId);
            return record;
          } catch (error) {
            return error instanceof Error ? error : new Error(String(error));
          }
        }),
      ),
    { cacheKeyFn: executionKeyString },
  );
}
