/**
 * Whether `error` is an abort rather than a failure: what an aborted signal throws (its reason,
 * a DOMException `AbortError`, or `TimeoutError` from `AbortSignal.timeout`) or an Error named
 * so (undici's RequestAbortedError, Node's own AbortError). A DOMException is also recognised by
 * its constructor's name, as Yoga does, since one from another realm fails `instanceof`.
 */
export function isAbortError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const isErrorLike = error instanceof Error || error instanceof DOMException || error.constructor?.name === 'DOMException';
  if (!isErrorLike) return false;
  const name = (error as { name?: unknown }).name;
  return name === 'AbortError' || name === 'TimeoutError';
}
