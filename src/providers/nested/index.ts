import type { ProviderConfig } from '../../config/gateway-config.js';
import type { ProviderDependencies } from '../provider-registry.js';
import type { Provider } from '../provider.js';
import { NestedProvider } from './nested-adapter.js';

export function createNestedProvider(config: ProviderConfig, dependencies: ProviderDependencies): Provider {
  return new NestedProvider(config, dependencies);
}
