import { describe, expect, it } from 'vitest';
import { isAbortError } from '../../src/errors/abort-error.js';
import { GatewayError } from '../../src/errors/gateway-error.js';

/** An error of another realm: a DOMException whose class is not this realm's. */
function foreignDomException(name: string): unknown {
  const error = { name, message: 'from elsewhere' };
  Object.defineProperty(error, 'constructor', { value: { name: 'DOMException' } });
  return error;
}

describe('isAbortError', () => {
  it('takes what an aborted signal throws for an abort: AbortController.abort(), AbortSignal.timeout()', async () => {
    const controller = new AbortController();
    controller.abort();
    expect(isAbortError(controller.signal.reason)).toBe(true);
    const timeout = AbortSignal.timeout(1);
    await new Promise((resolve) => timeout.addEventListener('abort', resolve, { once: true }));
    expect((timeout.reason as Error).name).toBe('TimeoutError');
    expect(isAbortError(timeout.reason)).toBe(true);
  });

  it('takes an Error named AbortError (undici, Node streams) and a DOMException of another realm', () => {
    const named = new Error('The operation was aborted');
    named.name = 'AbortError';
    expect(isAbortError(named)).toBe(true);
    expect(isAbortError(foreignDomException('AbortError'))).toBe(true);
    expect(isAbortError(foreignDomException('TimeoutError'))).toBe(true);
  });

  it('takes nothing else: other errors, other DOMExceptions, plain objects and values named so', () => {
    expect(isAbortError(new Error('boom'))).toBe(false);
    expect(isAbortError(new GatewayError('UPSTREAM_TIMEOUT', 'slow'))).toBe(false);
    expect(isAbortError(new DOMException('bad', 'SyntaxError'))).toBe(false);
    expect(isAbortError({ name: 'AbortError' })).toBe(false);
    expect(isAbortError('AbortError')).toBe(false);
    expect(isAbortError(null)).toBe(false);
    expect(isAbortError(undefined)).toBe(false);
  });
});
