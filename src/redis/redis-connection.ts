import { Redis } from 'ioredis';
import type { RedisConfig } from '../config/gateway-config.js';
import type { Logger } from '../log/logger.js';
import type { Readiness } from '../server/readiness.js';

export const redisUnreachableReason = 'redis unreachable';

/**
 * The process's one connection to Redis (ioredis), and whether it is usable now. While it is
 * not, readiness carries `redis unreachable` and commands fail at once (no offline queue), so
 * a caller that needs Redis answers "unavailable" instead of waiting; ioredis reconnects by
 * itself, and readiness clears when it is back.
 */
export class RedisConnection {
  readonly client: Redis;
  readonly keyPrefix: string;
  #connected = false;
  #closed = false;

  constructor(config: RedisConfig, options: { readiness: Readiness; logger: Logger }) {
    const { readiness, logger } = options;
    this.keyPrefix = config.keyPrefix;
    readiness.notReady(redisUnreachableReason);
    this.client = new Redis(config.url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 2000,
      // Back within a few seconds of Redis returning (the contract allows 15 s to re-form).
      retryStrategy: (attempt) => Math.min(attempt * 100, 2000),
      lazyConnect: false,
    });
    this.client.on('ready', () => {
      if (this.#connected) return;
      this.#connected = true;
      readiness.resolved(redisUnreachableReason);
      logger.info('redis connected');
    });
    const lost = (cause: string) => {
      if (!this.#connected || this.#closed) return;
      this.#connected = false;
      readiness.notReady(redisUnreachableReason);
      logger.warn('redis unreachable: idempotency keys refused until it is back', { cause });
    };
    this.client.on('close', () => lost('connection closed'));
    // Without a listener ioredis prints every failed reconnect to the console.
    this.client.on('error', (error: Error) => lost(error.message));
  }

  /** True while commands can be sent. */
  get connected(): boolean {
    return this.#connected;
  }

  /**
   * A second connection for pub/sub (a subscribed connection takes no other command). It does
   * not subscribe again by itself after a reconnect: its user subscribes on each `ready`, and
   * learns when the subscription is back (what was published meanwhile is for it to read back).
   */
  subscriber(): Redis {
    const subscriber = this.client.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null, autoResubscribe: false });
    subscriber.on('error', () => undefined);
    return subscriber;
  }

  /** `keyPrefix` + name: every key and channel goes through here. */
  key(name: string): string {
    return `${this.keyPrefix}${name}`;
  }

  async close(): Promise<void> {
    this.#closed = true;
    try {
      await this.client.quit();
    } catch {
      this.client.disconnect();
    }
  }
}
