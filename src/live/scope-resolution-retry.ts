import { AdaptiveInterval } from './adaptive-interval.js';
import type { FeedScope, UnresolvedScopes } from './feed-selection.js';
import { retryAfterMs } from './retry-after.js';

export interface ScopeResolutionRetryOptions {
  polling: { intervalMs: number; maxIntervalMs: number };
  /** The scopes, once they resolved (not called after `stop`). */
  resolved(scopes: FeedScope[]): void;
  /** Each attempt that failed again. */
  failed(error: unknown): void;
}

/**
 * Asks again for the scopes of a provider that could not resolve them when a feed opened,
 * backing off as the live polling does while an upstream fails (AdaptiveInterval, Retry-After
 * honoured), until they resolve or the feed closes. Meanwhile the feed serves its other
 * providers, as it does while the reads of one scope fail.
 */
export class ScopeResolutionRetry {
  #unresolved: UnresolvedScopes;
  #options: ScopeResolutionRetryOptions;
  #interval: AdaptiveInterval;
  #timer: NodeJS.Timeout | null = null;
  #stopped = false;

  constructor(unresolved: UnresolvedScopes, options: ScopeResolutionRetryOptions) {
    this.#unresolved = unresolved;
    this.#options = options;
    this.#interval = new AdaptiveInterval({ baseMs: options.polling.intervalMs, maxMs: options.polling.maxIntervalMs });
  }

  /** The first attempt already failed (with `unresolved.error`): the next one is a backoff away. */
  start(): void {
    this.#scheduleAfter(this.#unresolved.error);
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #scheduleAfter(error: unknown): void {
    if (this.#stopped) return;
    this.#interval.failed();
    this.#timer = setTimeout(() => void this.#attempt(), Math.max(this.#interval.nextDelayMs(), retryAfterMs(error)));
    this.#timer.unref();
  }

  async #attempt(): Promise<void> {
    this.#timer = null;
    let scopes: FeedScope[];
    try {
      scopes = await this.#unresolved.resolve();
    } catch (error) {
      if (this.#stopped) return;
      this.#options.failed(error);
      this.#scheduleAfter(error);
      return;
    }
    if (!this.#stopped) this.#options.resolved(scopes);
  }
}
