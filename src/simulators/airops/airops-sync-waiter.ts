/**
 * Holds sync execute requests until their run settles on the simulator clock. The clock may be a
 * ManualClock moved by a test, so the only way to notice progress is to look again: every
 * `intervalMs` of real time. `stop()` releases every waiter when the simulator closes.
 */
export class SyncWaiter {
  #stopped = false;
  #wakers = new Set<() => void>();

  /** Resolves true once `done()` holds, false if the waiter was stopped first. */
  async until(done: () => boolean, intervalMs: number): Promise<boolean> {
    while (!this.#stopped) {
      if (done()) return true;
      await this.#sleep(intervalMs);
    }
    return false;
  }

  stop(): void {
    this.#stopped = true;
    for (const wake of this.#wakers) wake();
    this.#wakers.clear();
  }

  restart(): void {
    this.#stopped = false;
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.#wakers.delete(wake);
        resolve();
      };
      // unref: a forgotten sync request must not keep a test process alive on its own
      const timer = setTimeout(wake, ms);
      timer.unref();
      this.#wakers.add(wake);
    });
  }
}
