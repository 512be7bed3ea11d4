import { GatewayError } from '../errors/gateway-error.js';

/** Longest Retry-After honoured; a larger one would stop live reads for good. */
const maxRetryAfterMs = 60 * 60_000;

/** How long an upstream that refused a live read asked to be left alone (0 when it did not say). */
export function retryAfterMs(error: unknown): number {
  if (!GatewayError.is(error) || error.retryAfterSeconds === undefined) return 0;
  return Math.min(maxRetryAfterMs, error.retryAfterSeconds * 1000);
}
