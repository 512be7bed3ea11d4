import { InFlightCalls } from '../cache/in-flight-calls.js';
import type { UpstreamRequest, UpstreamResponse } from './upstream-request.js';

/**
 * Identical GETs in flight at the same time share one upstream call: under load, many client
 * requests read the same execution or list page at once, and each answer is the same. One
 * caller's abort never fails the others (see InFlightCalls); the parsed response is shared, so
 * callers treat it as read-only.
 *
 * A write must never be answered by a read that started before it (cancel, then re-read):
 * `forgetAll` is called around every write, so later GETs start a call of their own.
 */
export class InFlightGets {
  #calls = new InFlightCalls<UpstreamResponse>();

  /** Runs `send` once for all concurrent callers of an identical `request`. */
  share(request: UpstreamRequest, send: (request: UpstreamRequest) => Promise<UpstreamResponse>): Promise<UpstreamResponse> {
    return this.#calls.share(sharingKey(request), request.signal, (signal) => send({ ...request, signal }));
  }

  forgetAll(): void {
    this.#calls.forgetAll();
  }

  get size(): number {
    return this.#calls.size;
  }
}

/** Everything that can change the answer or its handling; the caller's signal is not part of it. */
function sharingKey(request: UpstreamRequest): string {
  return JSON.stringify([
    request.path,
    request.query ?? null,
    request.headers ?? null,
    request.auth ?? true,
    request.retry ?? true,
    request.timeoutMs ?? null,
    request.on400 ?? null,
  ]);
}
