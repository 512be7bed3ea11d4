import { describe, expect, it } from 'vitest';
import type { ValueSink } from '../../src/live/value-sink.js';
import { WatchQueue } from '../../src/live/watch-queue.js';

/** A sink that records what it is handed, and asks again after each value (as the SSE pump does). */
function recordingSink(queue: WatchQueue<number>, options: { askAgain?: boolean; throwOn?: number } = {}) {
  const seen: (number | 'end' | { failed: unknown })[] = [];
  const sink: ValueSink<number> = {
    value(value) {
      if (value === options.throwOn) throw new Error(`cannot take ${value}`);
      seen.push(value);
      if (options.askAgain !== false) queue.nextInto(sink);
    },
    end: () => seen.push('end'),
    fail: (error) => seen.push({ failed: (error as Error).message }),
  };
  return { seen, sink };
}

describe('WatchQueue with a sink (nextInto)', () => {
  it('hands values over as they are pushed, with nothing pending in between, then the end', () => {
    let cleanups = 0;
    const queue = new WatchQueue<number>(() => cleanups++);
    const { seen, sink } = recordingSink(queue);
    queue.nextInto(sink);
    expect(seen).toEqual([]);
    queue.push(1);
    queue.push(2);
    expect(seen).toEqual([1, 2]);
    queue.end();
    expect(seen).toEqual([1, 2, 'end']);
    expect(cleanups).toBe(1);
  });

  it('serves what was buffered before the sink asked, then waits', () => {
    const queue = new WatchQueue<number>(() => undefined);
    queue.push(1);
    queue.push(2);
    const { seen, sink } = recordingSink(queue);
    queue.nextInto(sink);
    expect(seen).toEqual([1, 2]);
    queue.push(3);
    expect(seen).toEqual([1, 2, 3]);
  });

  it('keeps values for a sink that has not asked again (a slow client), coalescing past the bound', () => {
    const queue = new WatchQueue<number>(() => undefined);
    const { seen, sink } = recordingSink(queue, { askAgain: false });
    queue.nextInto(sink);
    for (let value = 1; value <= 100; value++) queue.push(value);
    expect(seen).toEqual([1]);
    const later = recordingSink(queue);
    queue.nextInto(later.sink);
    expect(later.seen[0]).toBe(2);
    expect(later.seen.at(-1)).toBe(100);
    expect(later.seen.length).toBeLessThanOrEqual(64);
  });

  it('tells a waiting sink of a failure after the buffered values', () => {
    const queue = new WatchQueue<number>(() => undefined);
    queue.push(1);
    queue.fail(new Error('gone upstream'));
    const { seen, sink } = recordingSink(queue);
    queue.nextInto(sink);
    expect(seen).toEqual([1, { failed: 'gone upstream' }]);
  });

  it('ends a waiting sink at once when returned, and cleans up', async () => {
    let cleanups = 0;
    const queue = new WatchQueue<number>(() => cleanups++);
    const { seen, sink } = recordingSink(queue);
    queue.nextInto(sink);
    await queue.return();
    expect(seen).toEqual(['end']);
    expect(cleanups).toBe(1);
  });

  it('drops a sink that throws while taking a value, tells it why, and stops watching', () => {
    let cleanups = 0;
    const queue = new WatchQueue<number>(() => cleanups++);
    const { seen, sink } = recordingSink(queue, { throwOn: 2 });
    queue.nextInto(sink);
    queue.push(1);
    expect(() => queue.push(2)).not.toThrow();
    queue.push(3);
    expect(seen).toEqual([1, { failed: 'cannot take 2' }]);
    expect(cleanups).toBe(1);
  });

  it('refuses a second waiter, whether it waits with a sink or a promise', async () => {
    const queue = new WatchQueue<number>(() => undefined);
    const first = recordingSink(queue);
    queue.nextInto(first.sink);
    await expect(queue.next()).rejects.toThrow(/one pending next/);
    const second = recordingSink(queue);
    queue.nextInto(second.sink);
    expect(second.seen).toEqual([{ failed: 'WatchQueue supports one pending next() at a time' }]);
  });
});
