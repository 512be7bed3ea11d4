import { describe, expect, it } from 'vitest';
import { AdaptiveInterval } from '../../src/live/adaptive-interval.js';
import { hasObservableChange, sameJson } from '../../src/live/record-change.js';
import { WatchQueue } from '../../src/live/watch-queue.js';
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

describe('WatchQueue', () => {
  it('settles a pending next() and cleans up at once when returned', async () => {
    let cleanups = 0;
    const queue = new WatchQueue<number>(() => cleanups++);
    const pending = queue.next();
    await queue.return();
    expect(await pending).toEqual({ value: undefined, done: true });
    await queue.return();
    expect(cleanups).toBe(1);
  });

  it('cleans up as soon as it ends, and still serves what was buffered', async () => {
    let cleanups = 0;
    const queue = new WatchQueue<number>(() => cleanups++);
    queue.push(1);
    queue.push(2);
    queue.end();
    expect(cleanups).toBe(1);
    expect(await queue.next()).toEqual({ value: 1, done: false });
    expect(await queue.next()).toEqual({ value: 2, done: false });
    expect(await queue.next()).toEqual({ value: undefined, done: true });
  });

  it('rejects after the buffered values when it fails', async () => {
    const queue = new WatchQueue<number>(() => undefined);
    queue.push(1);
    queue.fail(new Error('gone'));
    expect(await queue.next()).toEqual({ value: 1, done: false });
    await expect(queue.next()).rejects.toThrow('gone');
    expect(await queue.next()).toEqual({ value: undefined, done: true });
  });

  it('keeps the first value and the newest ones when a consumer falls far behind', async () => {
    const queue = new WatchQueue<number>(() => undefined);
    for (let value = 0; value < 100; value++) queue.push(value);
    queue.end();
    const seen: number[] = [];
    for await (const value of queue) seen.push(value);
    expect(seen).toHaveLength(64);
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(99);
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
