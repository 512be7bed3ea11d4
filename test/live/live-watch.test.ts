import { describe, expect, it } from 'vitest';
import { detachedWatch, recordingSink } from '../helpers/live-watches.js';

describe('LiveWatch with a sink (nextInto)', () => {
  it('hands states over as they arrive, with nothing pending in between, then the end after the terminal state', () => {
    const { watch, hand, left } = detachedWatch();
    const { seen, sink } = recordingSink(watch);
    watch.nextInto(sink);
    expect(seen).toEqual([]);
    hand('a', 1);
    hand('a', 2);
    expect(seen).toEqual(['a:1', 'a:2']);
    hand('a', 3, { status: 'SUCCEEDED' });
    expect(seen).toEqual(['a:1', 'a:2', 'a:3', 'end']);
    expect(left).toEqual(['a']);
  });

  it('serves what was buffered before the sink asked, then waits', () => {
    const { watch, hand } = detachedWatch();
    hand('a', 1);
    hand('a', 2);
    const { seen, sink } = recordingSink(watch);
    watch.nextInto(sink);
    expect(seen).toEqual(['a:1', 'a:2']);
    hand('a', 3);
    expect(seen).toEqual(['a:1', 'a:2', 'a:3']);
  });

  it('keeps states for a sink that has not asked again (a slow client), coalescing past the bound', () => {
    const { watch, hand } = detachedWatch();
    const { seen, sink } = recordingSink(watch, { askAgain: false });
    watch.nextInto(sink);
    for (let n = 1; n <= 100; n++) hand('a', n);
    expect(seen).toEqual(['a:1']);
    const later = recordingSink(watch);
    watch.nextInto(later.sink);
    expect(later.seen[0]).toBe('a:2');
    expect(later.seen.at(-1)).toBe('a:100');
    expect(later.seen.length).toBeLessThanOrEqual(64);
  });

  it('hands NOT_FOUND as the last update, then the end', () => {
    const { watch, hand, handMissing, left } = detachedWatch();
    hand('a', 1);
    handMissing('a');
    const { seen, sink } = recordingSink(watch);
    watch.nextInto(sink);
    expect(seen).toEqual(['a:1', 'NOT_FOUND', 'end']);
    expect(left).toEqual(['a']);
  });

  it('tells a waiting sink of a failure (a bug) after the buffered states', () => {
    const { watch, hand } = detachedWatch();
    hand('a', 1);
    watch.fail(new Error('broken'));
    const { seen, sink } = recordingSink(watch);
    watch.nextInto(sink);
    expect(seen).toEqual(['a:1', { failed: 'broken' }]);
  });

  it('ends a waiting sink at once when returned, and lets go of its execution', async () => {
    const { watch, left } = detachedWatch();
    const { seen, sink } = recordingSink(watch);
    watch.nextInto(sink);
    await watch.return();
    expect(seen).toEqual(['end']);
    expect(left).toEqual(['a']);
  });

  it('drops a sink that throws while taking a state, tells it why, and stops watching', () => {
    const { watch, hand, left } = detachedWatch();
    const { seen, sink } = recordingSink(watch, { throwOn: 2 });
    watch.nextInto(sink);
    hand('a', 1);
    expect(() => hand('a', 2)).not.toThrow();
    expect(hand('a', 3)).toBe(false);
    expect(seen).toEqual(['a:1', { failed: 'cannot take a:2' }]);
    expect(left).toEqual(['a']);
  });

  it('refuses a second waiter, whether it waits with a sink or a promise', async () => {
    const { watch } = detachedWatch();
    const first = recordingSink(watch);
    watch.nextInto(first.sink);
    await expect(watch.next()).rejects.toThrow(/one pending next/);
    const second = recordingSink(watch);
    watch.nextInto(second.sink);
    expect(second.seen).toEqual([{ failed: 'a live watch supports one pending next() at a time' }]);
  });
});
