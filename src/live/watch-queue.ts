import type { SinkIterator, ValueSink } from './value-sink.js';

/** Values a slow consumer may fall behind by before intermediate ones are coalesced. */
const maxBuffered = 64;

/**
 * A push-to-pull queue that is an async iterator. Unlike an async generator, `return()` takes
 * effect at once, even while a `next()` is pending: it settles that `next()` and runs the
 * cleanup immediately, so a client that leaves never waits for the next upstream answer.
 * Cleanup also runs as soon as the producer ends or fails; buffered values are still served.
 * A consumer may also wait with a sink (`nextInto`), which is handed the value as it is pushed.
 */
export class WatchQueue<T> implements SinkIterator<T> {
  #buffer: T[] = [];
  #pending: { resolve: (result: IteratorResult<T>) => void; reject: (error: unknown) => void } | null = null;
  #waitingSink: ValueSink<T> | null = null;
  #state: 'open' | 'ending' | 'done' = 'open';
  #failure: { error: unknown } | null = null;
  #cleanup: (() => void) | null;

  constructor(cleanup: () => void) {
    this.#cleanup = cleanup;
  }

  /** True once nothing more will be pushed (ended, failed, or returned by the consumer). */
  get closed(): boolean {
    return this.#state !== 'open';
  }

  push(value: T): void {
    if (this.#state !== 'open') return;
    if (this.#waitingSink) {
      const sink = this.#waitingSink;
      this.#waitingSink = null;
      this.#hand(sink, value);
      return;
    }
    if (this.#pending) {
      const pending = this.#pending;
      this.#pending = null;
      pending.resolve({ value, done: false });
      return;
    }
    // The first value (the current state) is kept; later ones are replaced by newer ones.
    if (this.#buffer.length >= maxBuffered) this.#buffer[this.#buffer.length - 1] = value;
    else this.#buffer.push(value);
  }

  /** No more values: the consumer drains the buffer, then sees the end. */
  end(): void {
    if (this.#state !== 'open') return;
    this.#state = 'ending';
    this.#runCleanup();
    this.#settlePending();
  }

  /** The consumer drains the buffer, then `next()` rejects with `error`. */
  fail(error: unknown): void {
    if (this.#state !== 'open') return;
    this.#failure = { error };
    this.end();
  }

  next(): Promise<IteratorResult<T>> {
    if (this.#buffer.length > 0) return Promise.resolve({ value: this.#buffer.shift()!, done: false });
    if (this.#state === 'open') {
      if (this.#pending || this.#waitingSink) return Promise.reject(new Error('WatchQueue supports one pending next() at a time'));
      return new Promise((resolve, reject) => {
        this.#pending = { resolve, reject };
      });
    }
    return this.#finalResult();
  }

  nextInto(sink: ValueSink<T>): void {
    if (this.#buffer.length > 0) {
      this.#hand(sink, this.#buffer.shift()!);
      return;
    }
    if (this.#state === 'open') {
      if (this.#pending || this.#waitingSink) {
        sink.fail(new Error('WatchQueue supports one pending next() at a time'));
        return;
      }
      this.#waitingSink = sink;
      return;
    }
    this.#finish(sink);
  }

  return(): Promise<IteratorResult<T>> {
    this.#buffer = [];
    this.#failure = null;
    this.#state = 'done';
    this.#runCleanup();
    this.#settlePending();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<T>> {
    void this.return();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  #finalResult(): Promise<IteratorResult<T>> {
    this.#state = 'done';
    const failure = this.#failure;
    this.#failure = null;
    return failure ? Promise.reject(failure.error) : Promise.resolve({ value: undefined, done: true });
  }

  #settlePending(): void {
    const sink = this.#waitingSink;
    if (sink) {
      this.#waitingSink = null;
      this.#finish(sink);
    }
    const pending = this.#pending;
    if (!pending) return;
    this.#pending = null;
    this.#finalResult().then(pending.resolve, pending.reject);
  }

  #finish(sink: ValueSink<T>): void {
    this.#state = 'done';
    const failure = this.#failure;
    this.#failure = null;
    if (failure) sink.fail(failure.error);
    else sink.end();
  }

  /**
   * Hands a value over synchronously, inside the producer's fan-out loop: a consumer that throws
   * (a bug) is dropped, told why, and cannot break the delivery to the others.
   */
  #hand(sink: ValueSink<T>, value: T): void {
    try {
      sink.value(value);
    } catch (error) {
      this.#waitingSink = null;
      void this.return();
      try {
        sink.fail(error);
      } catch {
        // Nothing more to tell a consumer that fails at being told.
      }
    }
  }

  #runCleanup(): void {
    const cleanup = this.#cleanup;
    this.#cleanup = null;
    cleanup?.();
  }
}
