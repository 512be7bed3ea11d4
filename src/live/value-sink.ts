/**
 * A consumer handed one value at a time. A subscription waits seconds for its next state, and
 * the promise chain that `next()` builds for that wait outlives young-generation collections:
 * rebuilt for every state of tens of thousands of subscriptions, it becomes old-generation
 * garbage faster than V8 collects it (hundreds of megabytes of heap at 20,000 SSE
 * subscriptions). A sink is one object per subscription for its whole life, asked again after
 * each value, so waiting allocates nothing.
 */
export interface ValueSink<T> {
  value(value: T): void;
  end(): void;
  fail(error: unknown): void;
}

/** An async iterator that can also hand its next value to a sink instead of a promise. */
export interface SinkIterator<T> extends AsyncIterableIterator<T> {
  /** Like `next()`: exactly one of the sink's methods is called once, now or later. */
  nextInto(sink: ValueSink<T>): void;
}

export function takesSinks<T>(iterator: AsyncIterator<T>): iterator is SinkIterator<T> {
  return typeof (iterator as Partial<SinkIterator<T>>).nextInto === 'function';
}
