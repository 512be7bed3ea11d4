import type { GatewayConfig } from './config/gateway-config.js';
import type { Logger } from './log/logger.js';
import { IdempotencyStore } from './operations/idempotency-store.js';
import type { Provider } from './providers/provider.js';
import { ProviderRegistry } from './providers/provider-registry.js';

/**
 * Everything that lives as long as the process and is shared by all requests: the providers,
 * the idempotency memory, the config. The HTTP server and the schema hang off it.
 */
export interface Gateway {
  readonly config: GatewayConfig;
  readonly logger: Logger;
  readonly registry: ProviderRegistry;
  readonly idempotency: IdempotencyStore;
  close(): Promise<void>;
}

export interface GatewayOptions {
  logger: Logger;
  /** Providers built elsewhere (tests); default: built from the config. */
  providers?: readonly Provider[];
}

export function createGateway(config: GatewayConfig, options: GatewayOptions): Gateway {
  const registry = options.providers
    ? new ProviderRegistry(options.providers)
    : ProviderRegistry.fromConfig(config, { logger: options.logger });
  return {
    config,
    logger: options.logger,
    registry,
    idempotency: new IdempotencyStore(),
    close: () => registry.closeAll(),
  };
}
