import type { GatewayConfig } from '../config/gateway-config.js';
import type { Logger } from '../log/logger.js';
import type { LiveCluster } from './create-live-hub.js';
import { LiveFeed } from './live-feed.js';
import type { LiveHub } from './live-hub.js';
import { RedisFeedSource } from './redis-feed-source.js';
import { ScopePoller } from './scope-poller.js';

/**
 * The live listing of one gateway process: with the in-memory source (a scope poller of its
 * own), or, on a shared Redis, the source that reads each scope once cluster-wide.
 */
export function createLiveFeed(config: Pick<GatewayConfig, 'polling'>, live: LiveHub, logger: Logger, cluster: LiveCluster | null = null): LiveFeed {
  return new LiveFeed({
    source: (publisher) =>
      cluster === null
        ? new ScopePoller({ publisher, polling: config.polling, logger })
        : new RedisFeedSource({ publisher, polling: config.polling, logger, ...cluster }),
    live,
    logger,
    polling: config.polling,
    // Long enough for one slow list call; a feed then opens anyway, on whatever reading comes first.
    firstReadingWaitMs: Math.max(2000, 3 * config.polling.intervalMs),
  });
}
