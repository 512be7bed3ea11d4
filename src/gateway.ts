import { FinishedExecutionCache } from './cache/finished-execution-cache.js';
import type { GatewayConfig } from './config/gateway-config.js';
import { createLiveFeed } from './live/create-live-feed.js';
import { createLiveHub } from './live/create-live-hub.js';
import type { LiveFeed } from './live/live-feed.js';
import type { LiveHub } from './live/live-hub.js';
import { SharedListings } from './listing/shared-listings.js';
import type { UpstreamInstruments } from './http/upstream-instruments.js';
import type { Logger } from './log/logger.js';
import { GatewayMetrics } from './metrics/gateway-metrics.js';
import { IdempotencyStore, type Idempotency } from './operations/idempotency-store.js';
import { RedisIdempotencyStore } from './operations/redis-idempotency-store.js';
import type { Provider } from './providers/provider.js';
import { ProviderRegistry } from './providers/provider-registry.js';
import { RedisConnection } from './redis/redis-connection.js';
import { Readiness } from './server/readiness.js';
import type { Tracing } from './tracing/tracing.js';

/**
 * Everything that lives as long as the process and is shared by all requests: the providers,
 * the idempotency memory, the config. The HTTP server and the schema hang off it.
 */
export interface Gateway {
  readonly config: GatewayConfig;
  readonly logger: Logger;
  readonly registry: ProviderRegistry;
  /** In memory, or in Redis when `redis` is configured (shared by every replica). */
  readonly idempotency: Idempotency;
  /** Finished executions read moments ago (cache.finishedTtlMs), for request reads only. */
  readonly finishedExecutions: FinishedExecutionCache;
  /** Identical `executions` requests in flight at once share one merge. */
  readonly listings: SharedListings;
  /** Live status: one shared poller behind every subscription. */
  readonly live: LiveHub;
  /** Why it should not get traffic now (`/readiness`); it starts `starting`. */
  readonly readiness: Readiness;
  /** What `/metrics` shows; null when `metrics.enabled` is false (then nothing is counted anywhere). */
  readonly metrics: GatewayMetrics | null;
  /** OpenTelemetry spans; null without the OTEL_* variables (then nothing is traced anywhere). */
  readonly tracing: Tracing | null;
  /** The live listing (`executionsFeed`): each listing scope read once per tick for every feed. */
  readonly feed: LiveFeed;
  close(): Promise<void>;
}

export interface GatewayOptions {
  logger: Logger;
  /** Providers built elsewhere, beside the configured ones (test doubles). */
  extraProviders?: readonly Provider[];
  /** From startTracing (src/tracing/start-tracing.ts); absent: no tracing. */
  tracing?: Tracing | null;
}

export function createGateway(config: GatewayConfig, options: GatewayOptions): Gateway {
  const tracing = options.tracing ?? null;
  const metrics = config.metrics.enabled
    ? new GatewayMetrics({
        providerNames: config.providers.map((provider) => provider.name),
        providerStats: (name) => registry.get(name)?.stats(),
        liveStats: () => live.stats(),
      })
    : null;
  const upstreamInstruments = (provider: string): UpstreamInstruments => ({
    meter: metrics?.upstreamMeter(provider) ?? null,
    tracer: tracing?.upstreamTracer(provider) ?? null,
  });
  const configured = ProviderRegistry.fromConfig(config, { logger: options.logger, upstreamInstruments });
  const registry = options.extraProviders ? new ProviderRegistry([...configured.all(), ...options.extraProviders]) : configured;
  const readiness = new Readiness();
  const redis = config.redis === null ? null : new RedisConnection(config.redis, { readiness, logger: options.logger });
  const cluster = redis === null ? null : { redis, providerNamed: (name: string) => registry.get(name) };
  const live = createLiveHub(config, options.logger, cluster);
  const feed = createLiveFeed(config, live, options.logger, cluster);
  return {
    config,
    logger: options.logger,
    registry,
    idempotency: redis === null ? new IdempotencyStore() : new RedisIdempotencyStore(redis, options.logger),
    finishedExecutions: new FinishedExecutionCache({ ttlMs: config.cache.finishedTtlMs }),
    listings: new SharedListings(),
    live,
    readiness,
    metrics,
    tracing,
    feed,
    close: async () => {
      await feed.close();
      await live.close();
      await registry.closeAll();
      await redis?.close();
      await tracing?.shutdown();
    },
  };
}
