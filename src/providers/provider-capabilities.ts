import type { Provider, ProviderExtensions, ProviderOperations } from './provider.js';

/** The names `providers { capabilities }` shows clients; part of the contract, so they never change. */
export type Capability = keyof ProviderOperations | 'retention' | 'workflows' | 'discover';

/** The capabilities an operation stands for: most are their own; live batching is not shown to clients. */
const operationCapabilities: Record<keyof ProviderOperations, readonly Capability[]> = {
  get: ['get'],
  list: ['list'],
  start: ['start'],
  cancel: ['cancel'],
  retry: ['retry'],
  rate: ['rate'],
  children: ['children'],
  executeDefinition: ['executeDefinition'],
  webhookExecute: ['webhookExecute'],
  batch: [],
};

/** What a kind-specific extension offers clients (Zaia's extra reads add no capability of their own). */
const extensionCapabilities: Record<keyof ProviderExtensions, readonly Capability[]> = {
  workflowRuns: ['retention', 'workflows', 'discover'],
  nested: [],
};

/** The provider's capabilities, sorted: derived from its operations and extensions, never declared beside them. */
export function capabilitiesOf(provider: Provider): Capability[] {
  const capabilities = new Set<Capability>();
  for (const key of Object.keys(provider.operations) as (keyof ProviderOperations)[]) {
    if (provider.operations[key] !== undefined) operationCapabilities[key].forEach((capability) => capabilities.add(capability));
  }
  for (const key of Object.keys(provider.extensions) as (keyof ProviderExtensions)[]) {
    if (provider.extensions[key] !== undefined) extensionCapabilities[key].forEach((capability) => capabilities.add(capability));
  }
  return [...capabilities].sort();
}
