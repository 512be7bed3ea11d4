import { AbortEmitter } from '../util/abort-emitter.js';

interface SharedCall<T> {
  /**
   * Undefined once the call has settled. V8 moves a Map that lives long into the old generation,
   * and a busy one is rebuilt every few insertions; a rebuilt table's old copy is not cleared and,
   * until the next full collection, keeps the entries it held reachable for young-generation
   * collections: a settled call must not hold its result.
   */
  promise: Promise<T> | undefined;
  /** Aborts the shared work; an AbortEmitter, not an AbortSignal, for the cost of a signal per call. */
  abort: AbortEmitter;
  /** Callers still waiting; the shared work is aborted only when the last one has left. */
  waiters: number;
}

/**
 * Identical work in flight at the same time is done once: concurrent callers with the same key
 * wait for the first one's result. The work runs under its own abort, never a caller's, so one
 * caller going away does not fail the others; it is aborted only when every caller has gone.
 * The result is handed to every caller as is, so callers treat it as read-only.
 */
export class InFlightCalls<T> {
  #calls = new Map<string, SharedCall<T>>();

  /** Runs `work` once for all concurrent callers of `key`. */
  share(key: string, signal: AbortSignal | undefined, work: (abort: AbortEmitter) => Promise<T>): Promise<T> {
    const call = this.#calls.get(key) ?? this.#start(key, work);
    return this.#wait(key, call, signal);
  }

  /** Later callers start afresh (existing waiters keep theirs). */
  forgetAll(): void {
    this.#calls.clear();
  }

  /** Calls currently shared. */
  get size(): number {
    return this.#calls.size;
  }

  #start(key: string, work: (abort: AbortEmitter) => Promise<T>): SharedCall<T> {
    const call: SharedCall<T> = { promise: undefined, abort: new AbortEmitter(), waiters: 0 };
    const promise = work(call.abort).finally(() => {
      call.promise = undefined;
      if (this.#calls.get(key) === call) this.#calls.delete(key);
    });
    // Nobody may be left to observe a rejection once every caller aborted.
    promise.catch(() => undefined);
    call.promise = promise;
    this.#calls.set(key, call);
    return call;
  }

  #wait(key: string, call: SharedCall<T>, signal: AbortSignal | undefined): Promise<T> {
    const promise = call.promise!;
    if (signal?.aborted) return Promise.reject(signal.reason);
    call.waiters += 1;
    if (!signal) return promise;
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        call.waiters -= 1;
        if (call.waiters === 0) {
          if (this.#calls.get(key) === call) this.#calls.delete(key);
          call.abort.abort(signal.reason);
        }
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }
}
