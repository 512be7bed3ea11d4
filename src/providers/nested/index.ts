import type { ProviderConfig } from '../../config/gateway-config.js';
import type { ExecutionRecord } from '../../model/execution-record.js';
import type { ProviderDependencies } from '../provider-registry.js';
import type { CallOptions, Provider } from '../provider.js';
import { NestedProvider } from './nested-adapter.js';

export { maxNestingDepth } from './nested-nestings.js';

export function createNestedProvider(config: ProviderConfig, dependencies: ProviderDependencies): Provider {
  return new NestedProvider(config, dependencies);
}

/** Reads only Zaia offers, beyond the Provider interface (used by the NestedExecution schema). */
export interface NestedLookups {
  executionByChatMessage(chatMessageId: string, options?: CallOptions): Promise<ExecutionRecord<'nested'> | null>;
  descendants(record: ExecutionRecord, maxDepth: number, options?: CallOptions): Promise<ExecutionRecord<'nested'>[]>;
}

/** The nested-only reads of `provider`, or null when it is not a Zaia provider. */
export function nestedLookupsOf(provider: Provider): NestedLookups | null {
  return provider instanceof NestedProvider ? provider : null;
}
