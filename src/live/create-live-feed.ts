import type { GatewayConfig } from '../config/gateway-config.js';
import type { Logger } from '../log/logger.js';
import { LiveFeed } from './live-feed.js';
import type { LiveHub } from './live-hub.js';
import { ScopePoller } from './scope-poller.js';

/** The live listing of one gateway process, with the in-memory source: a scope poller of its own. */
export function createLiveFeed(config: Pick<GatewayConfig, 'polling'>, live: LiveHub, logger: Logger): LiveFeed {
  return new LiveFeed({
    source: (publisher) => new ScopePoller({ publisher, polling: config.polling, logger }),
    live,
    logger,
    // Long enough for one slow list call; a feed then opens anyway, on whatever reading comes first.
    firstReadingWaitMs: Math.max(2000, 3 * config.polling.intervalMs),
  });
}
