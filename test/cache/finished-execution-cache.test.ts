import { describe, expect, it } from 'vitest';
import { FinishedExecutionCache } from '../../src/cache/finished-execution-cache.js';
import type { ExecutionRecord } from '../../src/model/execution-record.js';
import type { ExecutionStatus } from '../../src/model/execution-status.js';
import { isTerminalStatus } from '../../src/model/execution-status.js';

function record(nativeId: string, status: ExecutionStatus, provider = 'p'): ExecutionRecord {
  return {
    kind: 'flows', provider, nativeId, status, nativeStatus: status.toLowerCase(), isTerminal: isTerminalStatus(status),
    input: null, output: null, error: null, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: null, startedAt: null, endedAt: null,
    creditsUsed: null, targetId: null, parentNativeId: null, details: { flowId: 'f', retryOf: null },
  };
}

function cacheAt(ttlMs: number, maxEntries?: number) {
  let now = 1_000;
  const cache = new FinishedExecutionCache({ ttlMs, now: () => now, ...(maxEntries === undefined ? {} : { maxEntries }) });
  return { cache, advance: (ms: number) => (now += ms) };
}

describe('FinishedExecutionCache', () => {
  it('keeps a finished execution for the TTL, then forgets it', () => {
    const { cache, advance } = cacheAt(2000);
    cache.observe(record('a', 'SUCCEEDED'));
    advance(1999);
    expect(cache.get('p', 'a')?.status).toBe('SUCCEEDED');
    advance(1);
    expect(cache.get('p', 'a')).toBeUndefined();
  });

  it('never keeps an execution that is still running, and a running observation drops the finished state', () => {
    const { cache } = cacheAt(2000);
    cache.observe(record('a', 'RUNNING'));
    expect(cache.get('p', 'a')).toBeUndefined();
    cache.observe(record('b', 'FAILED'));
    cache.observe(record('b', 'RUNNING'));
    expect(cache.get('p', 'b')).toBeUndefined();
  });

  it('forgets on invalidate, keys by provider, and is off with a TTL of 0', () => {
    const { cache } = cacheAt(2000);
    cache.observe(record('a', 'SUCCEEDED', 'p'));
    cache.observe(record('a', 'FAILED', 'q'));
    cache.invalidate('p', 'a');
    expect(cache.get('p', 'a')).toBeUndefined();
    expect(cache.get('q', 'a')?.status).toBe('FAILED');
    const off = cacheAt(0).cache;
    off.observe(record('a', 'SUCCEEDED'));
    expect(off.get('p', 'a')).toBeUndefined();
  });

  it('stays within its bound, dropping the oldest first', () => {
    const { cache } = cacheAt(60_000, 3);
    for (const id of ['a', 'b', 'c', 'd']) cache.observe(record(id, 'SUCCEEDED'));
    expect(cache.size).toBe(3);
    expect(cache.get('p', 'a')).toBeUndefined();
    expect(cache.get('p', 'd')).toBeDefined();
  });
});
