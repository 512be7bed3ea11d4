interface SharedCall<T> {
  promise: Promise<T>;
  controller: AbortController;
  /** Callers still waiting; the shared work is aborted only when the last one has left. */
  waiters: number;
}

/**
 * Identical work in flight at the same time is done once: concurrent callers with the same key
 * wait for the first one's result. The work runs under its own AbortSignal, never a caller's,
 * so one caller going away does not fail the others; it is aborted only when every caller has
 * gone. The result is handed to every caller as is, so callers treat it as read-only.
 */
export class InFlightCalls<T> {
  #calls = new Map<string, SharedCall<T>>();

  /** Runs `work` once for all concurrent callers of `key`. */
  share(key: string, signal: AbortSignal | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    let call = this.#calls.get(key);
    if (!call) {
      const controller = new AbortController();
      const started: SharedCall<T> = {
        controller,
        waiters: 0,
        promise: work(controller.signal).finally(() => {
          if (this.#calls.get(key) === started) this.#calls.delete(key);
        }),
      };
      // Nobody may be left to observe a rejection once every caller aborted.
      started.promise.catch(() => undefined);
      this.#calls.set(key, started);
      call = started;
    }
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

  #wait(key: string, call: SharedCall<T>, signal: AbortSignal | undefined): Promise<T> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    call.waiters += 1;
    if (!signal) return call.promise;
    return new Promise<T>((resolve, reject) => {
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
