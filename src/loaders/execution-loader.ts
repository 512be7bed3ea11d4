import DataLoader from 'dataloader';
import type { ExecutionRecord } from '../model/execution-record.js';
import type { ProviderRegistry } from '../providers/provider-registry.js';

export interface ExecutionKey {
  provider: string;
  nativeId: string;
}

export function executionKeyString(key: ExecutionKey): string {
  return `${key.provider}\u0000${key.nativeId}`;
}

/**
 * Executions by (provider, native id) for one operation: duplicate keys in a request cost one
 * upstream call, and a failure lands in its own slot rather than failing the batch.
 */
export function createExecutionLoader(
  registry: ProviderRegistry,
  signal: AbortSignal | undefined,
): DataLoader<ExecutionKey, ExecutionRecord | null, string> {
  return new DataLoader<ExecutionKey, ExecutionRecord | null, string>(
    (keys) =>
      Promise.all(
        keys.map(async (key) => {
          const provider = registry.get(key.provider);
          if (!provider || !provider.isValidNativeId(key.nativeId)) return null;
          try {
            return await provider.get(key.nativeId, signal ? { signal } : {});
          } catch (error) {
            return error instanceof Error ? error : new Error(String(error));
          }
        }),
      ),
    { cacheKeyFn: executionKeyString },
  );
}
