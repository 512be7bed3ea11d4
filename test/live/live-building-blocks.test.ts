import { describe, expect, it } from 'vitest';
import { AdaptiveInterval } from '../../src/live/adaptive-interval.js';
import { sumByProvider } from '../../src/live/live-stats.js';
import { hasObservableChange, sameJson } from '../../src/live/record-change.js';
import { detachedWatch, shortly } from '../helpers/live-watches.js';
import { scriptedRecord } from '../helpers/scripted-provider.js';

describe('AdaptiveInterval', () => {
  const interval = () => new AdaptiveInterval({ baseMs: 100, maxMs: 1000, random: () => 0.5 });

  it('stays at one tick for a few quiet polls, then grows to the ceiling, and snaps back on a change', () => {
    const subject = interval();
    const delays: number[] = [];
    for (let poll = 0; poll < 12; poll++) {
      subject.unchanged();
      delays.push(subject.nextDelayMs());
    }
    expect(delays.slice(0, 3)).toEqual([100, 100, 100]);
    expect(delays[3]).toBe(150);
    expect(delays.at(-1)).toBe(1000);
    for (let index = 1; index < delays.length; index++) expect(delays[index]!).toBeGreaterThanOrEqual(delays[index - 1]!);
    subject.changed();
    expect(subject.nextDelayMs()).toBe(100);
  });

  it('doubles on failures up to the ceiling', () => {
    const subject = interval();
    const delays = Array.from({ length: 6 }, () => {
      subject.failed();
      return subject.currentMs;
    });
    expect(delays).toEqual([200, 400, 800, 1000, 1000, 1000]);
  });

  it('keeps exactly one tick at the base rate, and jitters a backed-off interval by at most a tenth', () => {
    const low = new AdaptiveInterval({ baseMs: 100, maxMs: 1000, random: () => 0 });
    const high = new AdaptiveInterval({ baseMs: 100, maxMs: 1000, random: () => 1 });
    expect([low.nextDelayMs(), high.nextDelayMs()]).toEqual([100, 100]);
    low.failed();
    high.failed();
    expect([low.nextDelayMs(), high.nextDelayMs()]).toEqual([180, 220]);
  });

  it('places the second poll at a random point of the first tick', () => {
    expect(new AdaptiveInterval({ baseMs: 100, maxMs: 1000, random: () => 0 }).firstPhaseMs()).toBe(50);
    expect(new AdaptiveInterval({ baseMs: 100, maxMs: 1000, random: () => 1 }).firstPhaseMs()).toBe(100);
  });
});

describe('LiveWatch', () => {
  it('settles a pending next() and lets go of its execution at once when returned', async () => {
    const { watch, left } = detachedWatch();
    const pending = watch.next();
    await watch.return();
    expect(await pending).toEqual({ value: undefined, done: true });
    await watch.return();
    expect(left).toEqual(['a']);
  });

  it('lets go as soon as it ends, and still serves what was buffered', async () => {
    const { watch, hand, left } = detachedWatch();
    hand('a', 1);
    hand('a', 2, { status: 'FAILED' });
    expect(left).toEqual(['a']);
    expect(hand('a', 3)).toBe(false);
    expect(shortly((await watch.next()).value!)).toBe('a:1');
    expect(shortly((await watch.next()).value!)).toBe('a:2');
    expect(await watch.next()).toEqual({ value: undefined, done: true });
  });

  it('rejects after the buffered states when it fails', async () => {
    const { watch, hand } = detachedWatch();
    hand('a', 1);
    watch.fail(new Error('gone'));
    expect(shortly((await watch.next()).value!)).toBe('a:1');
    await expect(watch.next()).rejects.toThrow('gone');
    expect(await watch.next()).toEqual({ value: undefined, done: true });
  });

  it('keeps the first state and the newest ones when a consumer falls far behind', async () => {
    const { watch, hand } = detachedWatch();
    for (let n = 0; n < 100; n++) hand('a', n);
    watch.end();
    const seen: string[] = [];
    for await (const update of watch) seen.push(shortly(update));
    expect(seen).toHaveLength(64);
    expect(seen[0]).toBe('a:0');
    expect(seen.at(-1)).toBe('a:99');
  });

  it('over several executions: the first state of each in the given order once all are known, then changes as they come', async () => {
    const { watch, hand, left } = detachedWatch(['a', 'b', 'c']);
    hand('c', 1);
    hand('a', 1);
    hand('c', 2, { status: 'SUCCEEDED' });
    expect(left).toEqual(['c']);
    const first = watch.next();
    hand('b', 1);
    const seen = [shortly((await first).value!)];
    for (let index = 0; index < 3; index++) seen.push(shortly((await watch.next()).value!));
    expect(seen).toEqual(['a:1', 'b:1', 'c:1', 'c:2']);
    hand('b', 2, { status: 'CANCELLED' });
    hand('a', 2, { status: 'SUCCEEDED' });
    expect(left).toEqual(['c', 'b', 'a']);
    expect([shortly((await watch.next()).value!), shortly((await watch.next()).value!)]).toEqual(['b:2', 'a:2']);
    expect((await watch.next()).done).toBe(true);
  });

  it('over several executions: NOT_FOUND of one ends the whole, before any other state when it comes first', async () => {
    const { watch, hand, handMissing, left } = detachedWatch(['a', 'b']);
    hand('a', 1);
    handMissing('b');
    expect(left).toEqual(['a', 'b']);
    expect(shortly((await watch.next()).value!)).toBe('NOT_FOUND');
    expect((await watch.next()).done).toBe(true);
  });
});

describe('hasObservableChange', () => {
  const base = scriptedRecord('p', 'a', { output: { list: [1, { deep: true }] } });

  it('ignores fields the contract does not watch and equal content in new objects', () => {
    expect(hasObservableChange(base, scriptedRecord('p', 'a', { output: { list: [1, { deep: true }] }, creditsUsed: 3 }))).toBe(false);
  });

  it.each([
    ['status', { status: 'FAILED' as const }],
    ['updatedAt', { updatedAt: '2026-01-15T12:00:01.000Z' }],
    ['output', { output: { list: [1, { deep: false }] } }],
    ['error', { error: { code: 'x', message: 'boom', details: null } }],
    ['nativeStatus', { nativeStatus: 'paused' }],
  ])('sees a change of %s', (_name, fields) => {
    expect(hasObservableChange(base, { ...base, ...fields })).toBe(true);
  });

  it('compares JSON deeply', () => {
    expect(sameJson({ a: [1, 2], b: null }, { b: null, a: [1, 2] })).toBe(true);
    expect(sameJson({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(sameJson([1], { 0: 1 })).toBe(false);
    expect(sameJson({ a: undefined }, {})).toBe(true);
  });
});

describe('sumByProvider', () => {
  it("sums every counter of a provider's rows, one row per provider, the first rows untouched", () => {
    const owned = [{ provider: 'a', scopes: 1, scopeReads: 10, scopeReadFailures: 0 }, { provider: 'b', scopes: 2, scopeReads: 5, scopeReadFailures: 1 }];
    const fallback = [{ provider: 'a', scopes: 3, scopeReads: 4, scopeReadFailures: 2 }];
    expect(sumByProvider([...owned, ...fallback])).toEqual([
      { provider: 'a', scopes: 4, scopeReads: 14, scopeReadFailures: 2 },
      { provider: 'b', scopes: 2, scopeReads: 5, scopeReadFailures: 1 },
    ]);
    expect(owned[0]).toEqual({ provider: 'a', scopes: 1, scopeReads: 10, scopeReadFailures: 0 });
  });
});
