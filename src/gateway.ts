import { FinishedExecutionCache } from './cache/finished-execution-cache.js';
import type { GatewayConfig } from './config/gateway-config.js';
import { createLiveFeed } from './live/create-live-feed.js';
import { createLiveHub } from './live/create-live-hub.js';
import type { LiveFeed } from './live/live-feed.js';
import type { LiveHub } from './live/live-hub.js';
import { SharedListings } from './listing/shared-listings.js';
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
  /** Finished executions read moments ago (cache.finishedTtlMs), for request reads only. */
  readonly finishedExecutions: FinishedExecutionCache;
  /** Identical `executions` requests in flight at once share one merge. */
  readonly listings: SharedListings;
  /** Live status: one shared poller behind every subscription. */
  readonly live: LiveHub;
  /** The live listing (`executionsFeed`): each listing scope read once per tick for every feed. */
  readonly feed: LiveFeed;
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
  const live = createLiveHub(config, options.logger);
  const feed = createLiveFeed(config, live, options.logger);
  return {
    config,
    logger: options.logger,
    registry,
    idempotency: new IdempotencyStore(),
    finishedExecutions: new FinishedExecutionCache({ ttlMs: config.cache.finishedTtlMs }),
    listings: new SharedListings(),
    live,
    feed,
    close: async () => {
      await feed.close();
      await live.close();
      await registry.closeAll();
    },
  };
}
