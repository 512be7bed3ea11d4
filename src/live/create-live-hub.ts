import type { GatewayConfig } from '../config/gateway-config.js';
import type { Logger } from '../log/logger.js';
import type { Provider } from '../providers/provider.js';
import type { RedisConnection } from '../redis/redis-connection.js';
import { ExecutionPoller } from './execution-poller.js';
import { LiveHub } from './live-hub.js';
import { RedisLiveSource } from './redis-live-source.js';

export interface LiveCluster {
  redis: RedisConnection;
  providerNamed: (name: string) => Provider | undefined;
}

/**
 * The live hub of one gateway process: with the in-memory source (a poller of its own), or,
 * on a shared Redis, the source that polls each execution once cluster-wide.
 */
export function createLiveHub(config: Pick<GatewayConfig, 'polling'>, logger: Logger, cluster: LiveCluster | null = null): LiveHub {
  if (cluster !== null) {
    return new LiveHub({ source: (publisher) => new RedisLiveSource({ publisher, polling: config.polling, logger, ...cluster }), logger });
  }
  return new LiveHub({ source: (publisher) => new ExecutionPoller({ publisher, polling: config.polling, logger }), logger });
}
