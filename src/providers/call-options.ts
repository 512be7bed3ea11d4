import type { CallOptions } from './provider.js';

/*
 * What of a caller's CallOptions reaches an UpstreamRequest. Each is spread into the request
 * and adds a key only when set, so that an absent option leaves the client's default in place.
 */

/** Only the abort signal: writes never retry, and some reads keep the client's own retries. */
export function signalOf(options: Pick<CallOptions, 'signal'>): { signal?: AbortSignal } {
  return options.signal ? { signal: options.signal } : {};
}

/** The abort signal and, for the live poller, its "one attempt only" (`retry: false`). */
export function signalAndRetryOf(options: CallOptions): { signal?: AbortSignal; retry?: boolean } {
  return { ...signalOf(options), ...(options.retry === undefined ? {} : { retry: options.retry }) };
}
