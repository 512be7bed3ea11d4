import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../src/errors/gateway-error.js';
import { IdempotencyStore, startFingerprint } from '../../src/operations/idempotency-store.js';

/** A repeat waits at most this long for the first start in these cases (the bound has its own case). */
const wait = { provider: 'p', waitMs: 60_000 };

describe('IdempotencyStore', () => {
  it('runs a start once per key; concurrent and later repeats share its native id', async () => {
    const store = new IdempotencyStore();
    let starts = 0;
    const start = async () => {
      starts += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return 'run-1';
    };
    const fingerprint = startFingerprint({ a: 1, b: [1, 2] });
    const results = await Promise.all([store.run('s', 'k', fingerprint, start, wait), store.run('s', 'k', fingerprint, start, wait)]);
    const later = await store.run('s', 'k', startFingerprint({ b: [1, 2], a: 1 }), start, wait);
    expect(starts).toBe(1);
    expect(results.map((result) => result.nativeId)).toEqual(['run-1', 'run-1']);
    expect(later).toEqual({ nativeId: 'run-1', replayed: true });
  });

  it('refuses the same key with different input', async () => {
    const store = new IdempotencyStore();
    await store.run('s', 'k', startFingerprint({ a: 1 }), async () => 'run-1', wait);
    await expect(store.run('s', 'k', startFingerprint({ a: 2 }), async () => 'run-2', wait)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('forgets a start the upstream refused, but remembers one whose outcome is unknown', async () => {
    const store = new IdempotencyStore();
    const fingerprint = startFingerprint({});
    const refused = new GatewayError('BAD_USER_INPUT', 'no', { httpStatus: 400 });
    await expect(store.run('s', 'refused', fingerprint, async () => Promise.reject(refused), wait)).rejects.toBe(refused);
    await expect(store.run('s', 'refused', fingerprint, async () => 'run-2', wait)).resolves.toEqual({ nativeId: 'run-2', replayed: false });

    let sent = 0;
    const unknown = async () => {
      sent += 1;
      throw new GatewayError('UPSTREAM_TIMEOUT', 'slow');
    };
    await expect(store.run('s', 'unknown', fingerprint, unknown, wait)).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
    await expect(store.run('s', 'unknown', fingerprint, unknown, wait)).rejects.toThrow(/not sent again/);
    expect(sent).toBe(1);
  });

  it('keeps keys apart per scope and expires them after the TTL', async () => {
    let now = 0;
    const store = new IdempotencyStore({ ttlMs: 1000, now: () => now });
    const fingerprint = startFingerprint({});
    await store.run('a', 'k', fingerprint, async () => 'run-a', wait);
    await expect(store.run('b', 'k', fingerprint, async () => 'run-b', wait)).resolves.toEqual({ nativeId: 'run-b', replayed: false });
    now = 1000;
    await expect(store.run('a', 'k', fingerprint, async () => 'run-a2', wait)).resolves.toEqual({ nativeId: 'run-a2', replayed: false });
  });

  it('stops a repeat waiting on the start in flight when its client leaves, or at its bound, sending nothing', async () => {
    const store = new IdempotencyStore();
    const fingerprint = startFingerprint({ c: 1 });
    let finish: (nativeId: string) => void = () => undefined;
    const first = store.run('s', 'k', fingerprint, () => new Promise<string>((resolve) => (finish = resolve)), wait);
    let sent = 0;
    const repeat = async () => {
      sent += 1;
      return 'run-again';
    };
    const left = new AbortController();
    const gone = new Error('client gone');
    const leaving = store.run('s', 'k', fingerprint, repeat, { provider: 'p', waitMs: 60_000, signal: left.signal });
    left.abort(gone);
    await expect(leaving).rejects.toBe(gone);
    await expect(store.run('s', 'k', fingerprint, repeat, { provider: 'p', waitMs: 20 })).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT', provider: 'p', message: expect.stringMatching(/still in progress/) });
    expect(sent).toBe(0);
    finish('run-1');
    await expect(first).resolves.toEqual({ nativeId: 'run-1', replayed: false });
    await expect(store.run('s', 'k', fingerprint, repeat, wait)).resolves.toEqual({ nativeId: 'run-1', replayed: true });
  });

  it('lets a repeat that waited on a start the upstream clearly refused start on its own, as the Redis store does', async () => {
    const store = new IdempotencyStore();
    const fingerprint = startFingerprint({ d: 1 });
    const refused = new GatewayError('BAD_USER_INPUT', 'no such app', { httpStatus: 404 });
    let refuse: () => void = () => undefined;
    const first = store.run('s', 'k', fingerprint, () => new Promise<string>((_resolve, reject) => (refuse = () => reject(refused))), wait);
    let sent = 0;
    const repeat = store.run('s', 'k', fingerprint, async () => {
      sent += 1;
      return 'run-2';
    }, wait);
    refuse();
    await expect(first).rejects.toBe(refused);
    await expect(repeat).resolves.toEqual({ nativeId: 'run-2', replayed: false });
    expect(sent).toBe(1);
  });
});

