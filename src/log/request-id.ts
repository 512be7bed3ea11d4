import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const requestIdHeader = 'x-request-id';

/** At most this long, of letters, digits and `-._:`; anything else a client sends is replaced. */
const maxLength = 128;
const safeRequestId = /^[A-Za-z0-9\-._:]+$/;

// A random prefix per process and a counter: unique across replicas and restarts, and cheap.
const processPrefix = randomBytes(6).toString('hex');
let sequence = 0;

const requestIdKey = Symbol('runql.requestId');

/** The request's id: the client's `x-request-id` when it is safe to echo and log, else a new one. */
export function requestIdOf(incoming: string | string[] | undefined): string {
  if (typeof incoming === 'string' && incoming.length > 0 && incoming.length <= maxLength && safeRequestId.test(incoming)) return incoming;
  sequence += 1;
  return `${processPrefix}-${sequence.toString(36)}`;
}

/** Gives the request its id (see requestIdOf), kept on the request for its log lines. */
export function assignRequestId(request: IncomingMessage): string {
  const id = requestIdOf(request.headers[requestIdHeader]);
  (request as { [requestIdKey]?: string })[requestIdKey] = id;
  return id;
}

/** The id assignRequestId gave `request` (undefined when none was given: a WebSocket upgrade). */
export function assignedRequestId(request: IncomingMessage | undefined): string | undefined {
  return (request as { [requestIdKey]?: string } | undefined)?.[requestIdKey];
}
