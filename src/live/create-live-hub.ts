import type { GatewayConfig } from '../config/gateway-config.js';
import type { Logger } from '../log/logger.js';
import { ExecutionPoller } from './execution-poller.js';
import { LiveHub } from './live-hub.js';

/** The live hub of one gateway process, with the in-memory source: a poller of its own. */
export function createLiveHub(config: Pick<GatewayConfig, 'polling'>, logger: Logger): LiveHub {
  return new LiveHub({ source: (publisher) => new ExecutionPoller({ publisher, polling: config.polling, logger }), logger });
}
