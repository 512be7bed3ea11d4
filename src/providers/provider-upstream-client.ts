import type { ProviderConfig } from '../config/gateway-config.js';
import { UpstreamClient } from '../http/upstream-client.js';
import type { ProviderDependencies } from './provider-dependencies.js';
import type { ProviderStats } from './provider.js';

/**
 * How an upstream wants the configured key in `authorization`: `Bearer <key>` (AirOps, FlowMason,
 * Cortex), or the raw key (Zaia rejects `Bearer`, docs/upstreams.md A23).
 */
export type KeyPresentation = 'bearer' | 'raw-key';

/** The one upstream client an adapter talks through, built from its provider configuration. */
export function providerUpstreamClient(config: ProviderConfig, dependencies: ProviderDependencies, keyPresentation: KeyPresentation = 'bearer'): UpstreamClient {
  return new UpstreamClient({
    provider: config.name,
    baseUrl: config.baseUrl,
    timeoutMs: config.timeoutMs,
    authHeaders: { authorization: keyPresentation === 'bearer' ? `Bearer ${config.apiKey}` : config.apiKey },
    logger: dependencies.logger,
    breaker: config.breaker,
    ...(dependencies.upstreamInstruments ? { instruments: dependencies.upstreamInstruments(config.name) } : {}),
  });
}

/** `Provider.stats()` of an adapter whose every upstream call goes through `client`. */
export function upstreamClientStats(client: UpstreamClient): ProviderStats {
  return { upstreamRequests: client.stats.requests, upstreamFailures: client.stats.failures, circuit: client.circuit() };
}
