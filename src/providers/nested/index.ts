import type { ProviderConfig } from '../../config/gateway-config.js';
import type { Provider } from '../provider.js';
import type { ProviderDependencies } from '../provider-registry.js';

// Being written (issue 3): until then a config naming this kind fails loudly at start-up.
export function createNestedProvider(config: ProviderConfig, _dependencies: ProviderDependencies): Provider {
  throw new Error(`provider kind "nested" is not implemented yet (provider "${config.name}")`);
}
