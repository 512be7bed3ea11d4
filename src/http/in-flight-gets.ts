import type { UpstreamRequest, UpstreamResponse } from './upstream-request.js';

interface SharedCall {
  promise: Promise<UpstreamResponse>;
  controller: AbortController;
  /** Callers still waiting; the upstream call is aborted only when the last one has left. */
  waiters: number;
}

/**
 * Identical GETs in flight at the same time share one upstream call: under load, many client
 * requests read the same execution or list page at once, and each answer is the same.
 *
 * The shared call runs under its own AbortSignal, never a caller's: one client going away must
 * not fail the others. It is aborted only when every caller has gone. The parsed response is
 * handed to every caller as is, so callers treat it as read-only.
 *
 * A write must never be answered by a read that started before it (cancel, then re-read):
 * `forgetAll` is called around every write, so later GETs start a call of their own.
 */
export class InFlightGets {
  #calls = new Map<string, SharedCall>();

  /** Runs `send` once for all concurrent callers of an identical `request`. */
  share(request: UpstreamRequest, send: (request: UpstreamRequest) => Promise<UpstreamResponse>): Promise<UpstreamResponse> {
    const key = sharingKey(request);
    let call = this.#calls.get(key);
    if (!call) {
      const controller = new AbortController();
      const started: SharedCall = {
        controller,
        waiters: 0,
        promise: send({ ...request, signal: controller.signal }).finally(() => {
          if (this.#calls.get(key) === started) this.#calls.delete(key);
        }),
      };
      // Nobody may be left to observe a rejection once every caller aborted.
      started.promise.catch(() => undefined);
      this.#calls.set(key, started);
      call = started;
    }
    return this.#wait(key, call, request.signal);
  }

  /** Later GETs start their own call (existing waiters keep theirs). */
  forgetAll(): void {
    this.#calls.clear();
  }

  /** Calls currently shared (for tests and stats). */
  get size(): number {
    return this.#calls.size;
  }

  #wait(key: string, call: SharedCall, signal: AbortSignal | undefined): Promise<UpstreamResponse> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    call.waiters += 1;
    if (!signal) return call.promise;
    return new Promise<UpstreamResponse>((resolve, reject) => {
      const onAbort = () => {
        call.waiters -= 1;
        if (call.waiters === 0) {
          if (this.#calls.get(key) === call) this.#calls.delete(key);
          call.controller.abort(signal.reason);
        }
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      call.promise.then(
        (response) => {
          signal.removeEventListener('abort', onAbort);
          resolve(response);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
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
