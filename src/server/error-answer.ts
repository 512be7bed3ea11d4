import type { ServerResponse } from 'node:http';
import type { ErrorCode } from '../errors/error-code.js';

/**
 * An error answered outside GraphQL (an oversized body, /metrics without its token, a method a
 * plain route does not take) in the shape every GraphQL error has: `{ errors: [{ message,
 * extensions: { code } }] }`, so a client reads one shape and one set of codes whatever refused it.
 */
/** The body of such an answer: also what a fetch Response or graphql-sse's handler sends. */
export function errorBody(code: ErrorCode | 'INTERNAL_SERVER_ERROR', message: string): string {
  return JSON.stringify({ errors: [{ message, extensions: { code } }] });
}

export function answerError(
  response: ServerResponse,
  status: number,
  code: ErrorCode | 'INTERNAL_SERVER_ERROR',
  message: string,
  headers: Record<string, string> = {},
): void {
  const body = errorBody(code, message);
  if (!response.headersSent) response.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  response.end(response.req.method === 'HEAD' ? undefined : body);
}
