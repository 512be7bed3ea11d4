import type { GatewayConfig } from '../config/gateway-config.js';
import type { Logger } from '../log/logger.js';
import { createLiveBus } from './live-bus.js';
import { LiveHub } from './live-hub.js';
import { LocalExecutionPoller } from './local-execution-poller.js';

/** The live hub of one gateway process: an in-memory bus and a poller of its own. */
export function createLiveHub(config: Pick<GatewayConfig, 'polling'>, logger: Logger): LiveHub {
  const bus = createLiveBus();
  const poller = new LocalExecutionPoller({ bus, polling: config.polling, logger });
  return new LiveHub({ bus, poller, logger });
}
