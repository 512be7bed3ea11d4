import type { Logger } from '../log/logger.js';
import { isAbortError } from './abort-error.js';

/**
 * Logs an error that no GatewayError explains, once, however many places see it: an abort (a
 * client that went away mid-request, a deadline: see isAbortError) is an info line; anything else is
 * a bug. Whoever knows the request logs it first (with its request id); maskError, which sees
 * every error but no request, logs only what nobody did.
 */
export class UnexpectedErrorLog {
  readonly #logger: Logger;
  readonly #logged = new WeakSet<object>();

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  report(cause: unknown, fields: { requestId?: string | undefined } = {}): void {
    if (typeof cause === 'object' && cause !== null) {
      if (this.#logged.has(cause)) return;
      this.#logged.add(cause);
    }
    const requestId = fields.requestId === undefined ? {} : { requestId: fields.requestId };
    if (isAbortError(cause)) {
      this.#logger.info('client went away before the answer; its operation was abandoned', requestId);
      return;
    }
    const error = cause instanceof Error ? cause : undefined;
    this.#logger.error('unexpected error (a bug)', { ...requestId, message: error?.message ?? String(cause), stack: error?.stack?.split('\n').slice(0, 6).join(' | ') });
  }
}
