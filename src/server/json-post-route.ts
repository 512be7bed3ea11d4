import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExecutionResult } from 'graphql';
import { isAsyncIterable } from 'graphql-yoga';
import { EnvelopedOperation, type Enveloped } from '../enveloped-operation.js';
import { forwardToYoga, type FetchHandler } from '../forward-to-yoga.js';
import { corsHeaders, type CorsPolicy } from '../sse/cors-headers.js';
import { paramsFromJsonBody, type GraphQLParams } from '../sse/graphql-params.js';
import { clientErrors, type MaskError } from '../sse/result-encoding.js';
import { jsonResponseMediaType, type JsonMediaType } from './accept-header.js';
import { LeanRequest } from './lean-request.js';
import { isJsonContentType, readRequestBody } from './request-body.js';

/**
 * The initial context this route hands to Yoga's envelop pipeline. Yoga's parse hook reads
 * `request.method` and `params.operationName` (see EventStreamInitialContext); the node limit's
 * validation reads `params.variables`.
 */
export interface JsonPostInitialContext {
  request: { method: string };
  params: GraphQLParams;
  leanRequest: LeanRequest;
  /** The node request: tracing reads its `traceparent`, the request log its id. */
  req: IncomingMessage;
}

export interface JsonPostRouteOptions {
  /** Called on requests only, so it may name a Yoga made after the route. */
  getEnveloped(initialContext: JsonPostInitialContext): Enveloped;
  /** Yoga's fetch handler, for a request this route read and leaves to Yoga. */
  fetch: FetchHandler;
  /** Yoga's own result processor (processRegularResult), for answers with errors. */
  processResult(result: ExecutionResult, mediaType: JsonMediaType): Response;
  path: string;
  cors: CorsPolicy | false;
  /** The gateway's maskError as Yoga's masked errors apply it. */
  maskError: MaskError;
}

/** Queries and mutations POSTed as JSON, served from node:http through Yoga's envelop pipeline. */
export interface JsonPostRoute {
  /** Requests answered here (not passed to Yoga) since start-up. */
  readonly servedRequests: number;
  /** True when the request is this route's (it answers it, or reads it and hands it to Yoga); false leaves it to Yoga. */
  handle(request: IncomingMessage, response: ServerResponse): boolean;
}

/**
 * The hot path: `POST /graphql` with a JSON query or mutation. Yoga's fetch adapter builds a
 * Request, a Headers, a Response and a dozen promises per request, which is most of what a
 * read by id costs; this runs the same envelop pipeline (parse and validation caches, document
 * limits, the client-key context, execute with every plugin's hooks, masked errors) from
 * node:http, as the SSE and WebSocket paths do, and writes the answer as Yoga would.
 *
 * Only what is certainly a valid query or mutation with a JSON answer is served here. Anything
 * else (another Accept, persisted queries, batches, odd parameters, a parse or validation error,
 * a refused key, a subscription) goes to Yoga before anything runs, so Yoga answers it exactly
 * as it always has; an executed result with errors is written by Yoga's own result processor.
 */
export function createJsonPostRoute(options: JsonPostRouteOptions): JsonPostRoute {
  return new LeanJsonPostRoute(options);
}

class LeanJsonPostRoute implements JsonPostRoute {
  readonly #options: JsonPostRouteOptions;
  #served = 0;

  constructor(options: JsonPostRouteOptions) {
    this.#options = options;
  }

  get servedRequests(): number {
    return this.#served;
  }

  handle(request: IncomingMessage, response: ServerResponse): boolean {
    if (request.method !== 'POST' || request.url !== this.#options.path || !isJsonContentType(request.headers['content-type'])) return false;
    const mediaType = jsonResponseMediaType(request.headers.accept);
    if (mediaType === undefined) return false;
    readRequestBody(request)
      .then((body) => {
        const params = paramsFromJsonBody(body);
        if (!params || !this.#serve(request, response, body, params, mediaType)) void forwardToYoga(request, response, body, this.#options.fetch);
      })
      // A body that never arrived, or a failure before the answer: the connection is cut, never left waiting.
      .catch(() => response.destroy());
    return true;
  }

  /** Parses and validates synchronously: false (for Yoga) unless it is a valid query or mutation. */
  #serve(request: IncomingMessage, response: ServerResponse, body: Buffer<ArrayBuffer>, params: GraphQLParams, mediaType: JsonMediaType): boolean {
    const leanRequest = new LeanRequest(request.headers.authorization, response);
    const operation = new EnvelopedOperation(this.#options.getEnveloped({ request: { method: 'POST' }, params, leanRequest, req: request }), params);
    try {
      operation.parse();
      const type = operation.type;
      if (type !== 'query' && type !== 'mutation') return false;
      // A document limit may throw instead of reporting an error.
      if (operation.validate().length > 0) return false;
    } catch {
      return false;
    }
    operation.context().then(
      (contextValue) => {
        this.#served += 1;
        return Promise.resolve()
          .then(() => operation.run(operation.args(contextValue)))
          .then(
            (result) => this.#answer(request, response, result as ExecutionResult, mediaType),
            (error: unknown) => this.#answer(request, response, { errors: clientErrors(error, this.#options.maskError) }, mediaType),
          )
          // Nothing may leave a client waiting: a failure to write the answer cuts the connection.
          .catch(() => response.destroy());
      },
      // A refused key (or any context error): nothing ran, so Yoga answers it as it always has.
      () => void forwardToYoga(request, response, body, this.#options.fetch),
    );
    return true;
  }

  #answer(request: IncomingMessage, response: ServerResponse, result: ExecutionResult, mediaType: JsonMediaType): Promise<void> | undefined {
    if (response.destroyed) return undefined;
    const cors = corsHeaders(this.#options.cors, request.headers.origin);
    if (!isAsyncIterable(result) && !result.errors?.length && !result.extensions?.http) {
      const stringify = (result as { stringify?: (value: unknown) => string }).stringify ?? JSON.stringify;
      const text = stringify(result);
      response.writeHead(200, { ...cors, 'content-type': `${mediaType}; charset=utf-8`, 'content-length': Buffer.byteLength(text) });
      response.end(text);
      return undefined;
    }
    return this.#writeYogaResponse(response, this.#options.processResult(result, mediaType), cors);
  }

  async #writeYogaResponse(response: ServerResponse, answer: Response, cors: Record<string, string>): Promise<void> {
    const text = await answer.text();
    if (response.destroyed) return;
    const headers: Record<string, string | number> = { ...cors };
    answer.headers.forEach((value, name) => (headers[name] = value));
    headers['content-length'] = Buffer.byteLength(text);
    response.writeHead(answer.status, headers);
    response.end(text);
  }
}
