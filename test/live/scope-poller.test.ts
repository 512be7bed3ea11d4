import { afterEach, describe, expect, it, vi } from 'vitest';
import { GatewayError } from '../../src/errors/gateway-error.js';
import type { ScopeState } from '../../src/live/feed-source.js';
import { ScopePoller } from '../../src/live/scope-poller.js';
import { createLogger } from '../../src/log/logger.js';
import type { CallOptions, ListQuery } from '../../src/providers/provider.js';
import type { ProviderWith } from '../../src/providers/require-operation.js';
import { until } from '../helpers/live-clients.js';
import { scriptedRecord } from '../helpers/scripted-provider.js';

const logs: string[] = [];
const logger = createLogger({ level: 'debug', sink: (line) => logs.push(line) });
let poller: ScopePoller | null = null;

afterEach(async () => {
  vi.useRealTimers();
  await poller?.close();
  poller = null;
});

/** A provider whose one list answers the same page, or fails while `failing` says so; it counts calls and aborts. */
function listingProvider() {
  const calls: ListQuery[] = [];
  /** Date.now() of each call (the fake clock, where a test uses one). */
  const callTimes: number[] = [];
  const aborted: string[] = [];
  const state: { failing: number; hang: boolean; retryAfterSeconds?: number } = { failing: 0, hang: false };
  const provider = {
    name: 'p',
    operations: {
      list: {
        streams: async () => ['app'],
        page: (query: ListQuery, options: CallOptions) => {
          calls.push(query);
          callTimes.push(Date.now());
          if (state.hang) {
            return new Promise((_, reject) =>
              options.signal?.addEventListener('abort', () => {
                aborted.push(query.stream);
                reject(new Error('aborted'));
              }),
            );
          }
          if (state.failing > 0) {
            state.failing -= 1;
            if (state.retryAfterSeconds !== undefined) {
              return Promise.reject(new GatewayError('RATE_LIMITED', 'slow down', { provider: 'p', httpStatus: 429, retryAfterSeconds: state.retryAfterSeconds }));
            }
            return Promise.reject(new GatewayError('UPSTREAM_UNAVAILABLE', 'down', { provider: 'p', httpStatus: 503 }));
          }
          return Promise.resolve({ records: [scriptedRecord('p', 'a')], next: null });
        },
      },
    },
  } as unknown as ProviderWith<'list'>;
  return { provider, calls, callTimes, aborted, state };
}

describe('ScopePoller', () => {
  it('reads a followed scope unfiltered once per tick, and keeps the pace while nothing changes', async () => {
    vi.useFakeTimers();
    const published: ScopeState[] = [];
    poller = new ScopePoller({ publisher: { publish: (_scope, state) => published.push(state) }, polling: { intervalMs: 10, maxIntervalMs: 400 }, logger });
    const { provider, calls } = listingProvider();
    poller.follow('p\u0000app', provider, 'app');
    poller.follow('p\u0000app', provider, 'app');
    await vi.advanceTimersByTimeAsync(0);
    for (let tick = 0; tick < 30; tick++) await vi.advanceTimersByTimeAsync(10);
    // One read at once, then one per tick of the same page: no backoff (an adaptive interval would be at 400 ms by now).
    expect(calls).toHaveLength(31);
    expect(calls[0]).toMatchObject({ stream: 'app', position: null, statuses: null, targetIds: null, pageSize: 100 });
    expect(published).toHaveLength(31);
    expect(published[0]).toEqual({ records: [scriptedRecord('p', 'a')], complete: true });
    expect(poller.stats()).toEqual([{ provider: 'p', scopes: 1, scopeReads: calls.length, scopeReadFailures: 0 }]);
  });

  it('publishes "unavailable" and backs off while the upstream fails, then reads at the pace again', async () => {
    const published: ScopeState[] = [];
    poller = new ScopePoller({ publisher: { publish: (_scope, state) => published.push(state) }, polling: { intervalMs: 5, maxIntervalMs: 80 }, logger });
    const { provider, calls, state } = listingProvider();
    state.failing = 4;
    poller.follow('p\u0000app', provider, 'app');
    await until(() => published.some((entry) => entry !== 'unavailable'), 'a reading after the failures');
    expect(published.slice(0, 4)).toEqual(['unavailable', 'unavailable', 'unavailable', 'unavailable']);
    // The fifth read is the first reading; the poller may already have read again at its 5 ms pace.
    expect(published.findIndex((entry) => entry !== 'unavailable')).toBe(4);
    expect(calls.length).toBeGreaterThanOrEqual(5);
    expect(poller.stats()[0]).toMatchObject({ scopeReadFailures: 4 });
    expect(logs.some((line) => line.includes('live feed reads are failing'))).toBe(true);
    expect(logs.some((line) => line.includes('live feed reads recovered'))).toBe(true);
  });

  it('backs off while reads fail as the execution poller does (doubling, jittered, capped), and at one tick once they answer', async () => {
    vi.useFakeTimers();
    // The lowest jitter: each backed-off interval is 90 % of its nominal value.
    poller = new ScopePoller({ publisher: { publish: () => undefined }, polling: { intervalMs: 100, maxIntervalMs: 1000 }, logger, random: () => 0 });
    const { provider, callTimes, state } = listingProvider();
    state.failing = 5;
    poller.follow('p\u0000app', provider, 'app');
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(3300);
    const gaps = callTimes.slice(1).map((time, index) => time - callTimes[index]!);
    // 200, 400, 800, 1000 (the ceiling), 1000, each jittered; then the pace, unjittered.
    expect(gaps.slice(0, 7)).toEqual([180, 360, 720, 900, 900, 100, 100]);
  });

  it('waits out a Retry-After longer than its backoff before reading again', async () => {
    vi.useFakeTimers();
    poller = new ScopePoller({ publisher: { publish: () => undefined }, polling: { intervalMs: 100, maxIntervalMs: 1000 }, logger, random: () => 0 });
    const { provider, callTimes, state } = listingProvider();
    state.failing = 1;
    state.retryAfterSeconds = 3;
    poller.follow('p\u0000app', provider, 'app');
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(2999);
    expect(callTimes).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(callTimes).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(100);
    expect(callTimes).toHaveLength(3);
  });

  it('aborts a read in flight and reads no more once the scope is unfollowed', async () => {
    poller = new ScopePoller({ publisher: { publish: () => undefined }, polling: { intervalMs: 5, maxIntervalMs: 5 }, logger });
    const { provider, calls, aborted, state } = listingProvider();
    state.hang = true;
    poller.follow('p\u0000app', provider, 'app');
    await until(() => calls.length === 1, 'a read in flight');
    poller.unfollow('p\u0000app');
    expect(aborted).toEqual(['app']);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(calls).toHaveLength(1);
    expect(poller.stats()[0]).toMatchObject({ scopes: 0 });
  });
});
