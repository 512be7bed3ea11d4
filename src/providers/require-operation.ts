import { notSupported } from '../errors/gateway-error.js';
import type { Provider, ProviderExtensions, ProviderOperations } from './provider.js';

/**
 * The one capability check: the provider's `key` operation, or NOT_SUPPORTED (named after the
 * client's `operationName`) before any upstream call.
 */
export function requireOperation<K extends keyof ProviderOperations>(provider: Provider, key: K, operationName: string): ProviderOperations[K] {
  const operation = (provider.operations as Partial<ProviderOperations>)[key];
  if (operation === undefined) throw notSupported(provider.name, operationName);
  return operation;
}

/** The same check for places that answer without the operation rather than fail (listing skips, an empty children page). */
export function hasOperation<K extends keyof ProviderOperations>(provider: Provider, key: K): provider is ProviderWith<K> {
  return (provider.operations as Partial<ProviderOperations>)[key] !== undefined;
}

/** A provider known to offer the operation `K`. */
export type ProviderWith<K extends keyof ProviderOperations> = Provider & { readonly operations: Pick<ProviderOperations, K> };

/** A kind-specific extension of the provider, or NOT_SUPPORTED before any upstream call. */
export function requireExtension<K extends keyof ProviderExtensions>(provider: Provider, key: K, operationName: string): NonNullable<ProviderExtensions[K]> {
  const extension = provider.extensions[key];
  if (extension === undefined) throw notSupported(provider.name, operationName);
  return extension as NonNullable<ProviderExtensions[K]>;
}
