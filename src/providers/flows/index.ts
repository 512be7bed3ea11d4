import type { ProviderConfig } from '../../config/gateway-config.js';
import type { Provider } from '../provider.js';
import type { ProviderDependencies } from '../provider-registry.js';
import { FlowsProvider } from './flows-adapter.js';

export { FlowsProvider, type FlowsProviderOptions } from './flows-adapter.js';

/** FlowMason (`kind: "flows"`): the registry's entry point for this adapter. */
export function createFlowsProvider(config: ProviderConfig, dependencies: ProviderDependencies): Provider {
  return new FlowsProvider(config, dependencies);
}
