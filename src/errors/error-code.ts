/** The codes a client may see in `extensions.code` for errors runql raises (contract). */
export const errorCodes = [
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_SUPPORTED',
  'PRECONDITION_FAILED',
  'RATE_LIMITED',
  'UPSTREAM_TIMEOUT',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_ERROR',
] as const;

export type ErrorCode = (typeof errorCodes)[number];
