import { InFlightCalls } from '../cache/in-flight-calls.js';
import type { AbortEmitter } from '../util/abort-emitter.js';
import { queryString } from './query-string.js';
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

  /** Runs `send` once for all concurrent callers of an identical `request`; `abort` ends the shared call. */
  share(request: UpstreamRequest, send: (request: UpstreamRequest, abort: AbortEmitter) => Promise<UpstreamResponse>): Promise<UpstreamResponse> {
    return this.#calls.share(sharingKey(request), request.call.signal, (abort) => send(request, abort));
  }

  forgetAll(): void {
    this.#calls.forgetAll();
  }

  get size(): number {
    return this.#calls.size;
  }
}

/**
 * Everything that can change the answer or its handling; the caller's signal is not part of it.
 * Concatenated rather than JSON-serialized, as this runs for every read (a thousand a second
 * for the live poller): the fixed-form options first, then the headers with their length (rare
 * on a read), then the request target as sent, so that two different requests never share a key.
 */
function sharingKey(request: UpstreamRequest): string {
  const headers = request.headers === undefined ? '' : JSON.stringify(request.headers);
  const on400 = request.on400 === undefined ? '-' : request.on400 === 'precondition' ? 'p' : 'b';
  return `${request.auth === false ? 0 : 1}${request.call.retry === false ? 0 : 1}${on400}${request.timeoutMs ?? ''}|${headers.length}|${headers}${request.path}${queryString(request.query)}`;
}
