import type { GatewayConfig, ProviderConfig } from '../config/gateway-config.js';
import { AirOpsProvider } from './airops/airops-adapter.js';
import { createFlowsProvider } from './flows/index.js';
import { createNestedProvider } from './nested/index.js';
import type { ProviderDependencies } from './provider-dependencies.js';
import type { Provider } from './provider.js';
import { createWorkflowRunsProvider } from './workflow-runs/index.js';

export type { ProviderDependencies } from './provider-dependencies.js';

/** The only place that knows every adapter: kind → implementation. */
export function createProvider(config: ProviderConfig, dependencies: ProviderDependencies): Provider {
  switch (config.kind) {
    case 'airops':
      return new AirOpsProvider(config, dependencies);
    case 'flows':
      return createFlowsProvider(config, dependencies);
    case 'nested':
      return createNestedProvider(config, dependencies);
    case 'workflow-runs':
      return createWorkflowRunsProvider(config, dependencies);
  }
}

/** The configured providers by name, in configuration order. */
export class ProviderRegistry {
  #byName = new Map<string, Provider>();

  constructor(providers: readonly Provider[]) {
    for (const provider of providers) this.#byName.set(provider.name, provider);
  }

  static fromConfig(config: GatewayConfig, dependencies: ProviderDependencies): ProviderRegistry {
    return new ProviderRegistry(config.providers.map((provider) => createProvider(provider, dependencies)));
  }

  get(name: string): Provider | undefined {
    return this.#byName.get(name);
  }

  all(): Provider[] {
    return [...this.#byName.values()];
  }

  async closeAll(): Promise<void> {
    await Promise.allSettled(this.all().map((provider) => provider.close()));
  }
}
