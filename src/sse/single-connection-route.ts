import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExecutionResult, GraphQLError } from 'graphql';
import type { RequestParams } from 'graphql-sse';
import { createHandler, type HandlerOptions } from 'graphql-sse/lib/use/http';
import { EnvelopedOperation, type Enveloped } from '../enveloped-operation.js';
import { tagParseError, toClientError } from '../operation-errors.js';
import { corsHeaders, type CorsPolicy } from './cors-headers.js';
import type { EventStreamInitialContext } from './event-stream-route.js';
import { encodeResult, type MaskError } from './result-encoding.js';
import { answerError, errorBody } from '../server/error-answer.js';

const tokenHeader = 'x-graphql-event-stream-token';

export interface SingleConnectionRouteOptions {
  /** Yoga's envelop pipeline (called on requests only, so it may name a Yoga made after the route). */
  getEnveloped(initialContext: EventStreamInitialContext): Enveloped;
  path: string;
  cors: CorsPolicy | false;
  /** The gateway's maskError, as the WebSocket path gets it. */
  maskError: MaskError;
  /** Throws (UNAUTHENTICATED) unless the Authorization header names a client key, when client auth is configured. */
  authenticate(authorization: string | undefined): void;
  /** Reservations never opened that are kept at most (default defaultMaxUnopenedReservations). */
  maxUnopenedReservations?: number;
}

/** graphql-sse's single connection mode on the GraphQL path (see createSingleConnectionRoute). */
export interface SingleConnectionRoute {
  /** True when the request is this mode's (a `PUT` reservation accepting text, or one carrying a stream token): it answers it. */
  handle(request: IncomingMessage, response: ServerResponse): boolean;
  /** Ends every open single-connection stream and takes no new requests. */
  close(): Promise<void>;
}

/**
 * graphql-sse's single connection mode (a `PUT` reserves a stream and answers its token; a GET
 * with the token opens it; POSTs with the token run operations onto it; a DELETE stops one),
 * served by graphql-sse's own handler. Every operation runs through EnvelopedOperation as over
 * WebSocket: the client key of the request that carries it, authentication before parsing, and a
 * document that fails to parse or validate ends that operation alone. Distinct connections mode
 * (no token) stays with the lean route and Yoga.
 */
export function createSingleConnectionRoute(options: SingleConnectionRouteOptions): SingleConnectionRoute {
  const { path, maskError } = options;
  const streams = new Set<ServerResponse>();
  const unopened = new Set<string>();
  const aborts = new StreamAborts(unopened);
  let closing = false;
  const handler = createHandler(handlerOptions(options, unopened, aborts));
  return {
    handle(request, response) {
      if (!isSingleConnectionRequest(request, path)) return false;
      for (const [name, value] of Object.entries(corsHeaders(options.cors, request.headers.origin))) response.setHeader(name, value);
      if (closing) {
        answerError(response, 503, 'UPSTREAM_UNAVAILABLE', 'The gateway is shutting down', { connection: 'close' });
        return true;
      }
      if (request.method === 'GET' && request.headers.accept === 'text/event-stream') {
        const token = streamToken(request);
        if (token !== null) aborts.opened(token, response);
        streams.add(response);
        response.once('close', () => {
          streams.delete(response);
          if (token !== null) aborts.closed(token, response);
        });
      }
      handler(request, response).catch((error: unknown) => {
        maskError(error, 'Unexpected error.');
        if (response.headersSent) response.destroy();
        else answerError(response, 500, 'INTERNAL_SERVER_ERROR', 'Unexpected error.');
      });
      return true;
    },
    async close() {
      closing = true;
      // Operations the live hub completed have their `complete` events queued: let them be written first.
      for (let turn = 0; turn < 3; turn += 1) await new Promise((resolve) => setImmediate(resolve));
      for (const response of [...streams]) response.end();
    },
  };
}

const reservationAccepts = new Set(['*/*', 'text/plain']);

/** A `PUT` on the path (that accepts the token as text), or a GET, POST or DELETE on it that carries a stream token (header, or `token` in the query). */
function isSingleConnectionRequest(request: IncomingMessage, path: string): boolean {
  const url = request.url ?? '';
  const queryAt = url.indexOf('?');
  if ((queryAt === -1 ? url : url.slice(0, queryAt)) !== path) return false;
  const method = request.method;
  // A reservation asks for the token as text (graphql-sse's own rule); a PUT asking for a GraphQL response is Yoga's 405.
  if (method === 'PUT') return reservationAccepts.has(request.headers.accept ?? '*/*');
  if (method !== 'GET' && method !== 'POST' && method !== 'DELETE') return false;
  if (request.headers[tokenHeader] !== undefined) return true;
  return queryAt !== -1 && url.includes('token=', queryAt) && new URLSearchParams(url.slice(queryAt + 1)).has('token');
}

/**
 * Reservations whose stream was never opened, at most: graphql-sse keeps a reservation until its
 * stream opens and closes, and offers no way to drop one, so a client that reserves and never
 * connects must not grow memory without bound. Beyond it a reservation is refused (429, RATE_LIMITED), loudly.
 */
export const defaultMaxUnopenedReservations = 10_000;

function streamToken(request: IncomingMessage): string | null {
  const header = request.headers[tokenHeader];
  if (typeof header === 'string') return header;
  const url = request.url ?? '';
  const queryAt = url.indexOf('?');
  return queryAt === -1 ? null : new URLSearchParams(url.slice(queryAt + 1)).get('token');
}

/**
 * One abort signal per stream token, aborted when the stream closes: a query or mutation in
 * flight on a stream its client left stops its upstream calls, as on the other transports
 * (subscriptions end through graphql-sse itself). Only reserved or open streams get one, so a
 * stale token cannot grow the map.
 */
class StreamAborts {
  readonly #unopened: Set<string>;
  /** The response that holds each open stream: a second GET with the token (graphql-sse answers it 409) owns nothing. */
  readonly #open = new Map<string, ServerResponse>();
  readonly #controllers = new Map<string, AbortController>();

  constructor(unopened: Set<string>) {
    this.#unopened = unopened;
  }

  opened(token: string, response: ServerResponse): void {
    if (this.#open.has(token)) return;
    this.#unopened.delete(token);
    this.#open.set(token, response);
  }

  closed(token: string, response: ServerResponse): void {
    if (this.#open.get(token) !== response) return;
    this.#open.delete(token);
    this.#controllers.get(token)?.abort(new DOMException('The client went away', 'AbortError'));
    this.#controllers.delete(token);
  }

  signal(token: string | null): AbortSignal {
    if (token === null || (!this.#open.has(token) && !this.#unopened.has(token))) return goneAlready;
    let controller = this.#controllers.get(token);
    if (controller === undefined) this.#controllers.set(token, (controller = new AbortController()));
    return controller.signal;
  }
}

const goneAlready = AbortSignal.abort(new DOMException('The stream is gone', 'AbortError'));

function handlerOptions(options: SingleConnectionRouteOptions, unopened: Set<string>, aborts: StreamAborts): HandlerOptions<Record<PropertyKey, unknown>> {
  const { maskError } = options;
  return {
    authenticate: (request) => {
      if (request.method !== 'PUT') {
        return request.headers.get(tokenHeader) ?? new URL(request.url, 'http://localhost/').searchParams.get('token');
      }
      // No anonymous reservations when client keys are configured; the server picks the token.
      try {
        options.authenticate(request.headers.get('authorization') ?? undefined);
      } catch (error) {
        const body = JSON.stringify({ errors: [toClientError(error, maskError)] });
        return [body, { status: 401, statusText: 'Unauthorized', headers: { 'content-type': 'application/json; charset=utf-8' } }];
      }
      const maxUnopened = options.maxUnopenedReservations ?? defaultMaxUnopenedReservations;
      if (unopened.size >= maxUnopened) {
        const body = errorBody('RATE_LIMITED', `Too many reserved streams that were never opened (at most ${maxUnopened}); open or drop some first`);
        return [body, { status: 429, statusText: 'Too Many Requests', headers: { 'content-type': 'application/json; charset=utf-8' } }];
      }
      const token = randomUUID();
      unopened.add(token);
      return token;
    },
    onSubscribe: async (request, params: RequestParams) => {
      if (typeof params.query !== 'string') {
        const body = errorBody('BAD_USER_INPUT', 'Missing query: an operation needs a "query" string');
        return [body, { status: 400, statusText: 'Bad Request', headers: { 'content-type': 'application/json; charset=utf-8' } }];
      }
      const operation = new EnvelopedOperation(
        options.getEnveloped({
          request: { method: request.method },
          params: { operationName: params.operationName },
          eventStreamRequest: {
            authorization: request.headers.get('authorization') ?? undefined,
            signal: aborts.signal(request.headers.get(tokenHeader) ?? new URL(request.url, 'http://localhost/').searchParams.get('token')),
          },
          traceparent: request.headers.get('traceparent') ?? undefined,
        }),
        params,
      );
      let contextValue: unknown;
      try {
        // Authenticate before parsing: an unauthenticated caller learns nothing about the schema.
        contextValue = await operation.context();
      } catch (error) {
        return refused([toClientError(error, maskError)]);
      }
      try {
        operation.parse();
      } catch (error) {
        return refused([toClientError(tagParseError(error), maskError)]);
      }
      let errors: readonly unknown[];
      try {
        errors = operation.validate();
      } catch (error) {
        errors = [error];
      }
      if (errors.length > 0) return refused(errors.map((error) => toClientError(error, maskError)));
      return operation.args(contextValue) as never;
    },
    // Validated through envelop above (document limits included).
    validate: () => [],
    execute: (args) => EnvelopedOperation.of(args).run(args) as never,
    subscribe: (args) => EnvelopedOperation.of(args).run(args) as never,
    // As Yoga writes a result into an event: no `http` extension.
    onNext: (_context, _request, result) =>
      result.errors?.length || result.extensions?.http ? (JSON.parse(encodeResult(result as ExecutionResult)) as ExecutionResult) : undefined,
  };
}

/** An operation refused before execution: one `next` with its errors (no `data`), then `complete`, on its stream only. */
async function* refused(errors: readonly GraphQLError[]): AsyncGenerator<ExecutionResult> {
  yield { errors };
}
