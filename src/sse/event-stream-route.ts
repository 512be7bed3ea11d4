import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getOperationAST, GraphQLError, type DocumentNode, type ExecutionArgs, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { maxRequestBodyBytes } from '../http-body-limit.js';
import { corsHeaders, type CorsPolicy } from './cors-headers.js';
import { acceptsOnlyEventStream } from './event-stream-accept.js';
import { EventStream, nextFrame } from './event-stream.js';
import { forwardToYoga } from '../forward-to-yoga.js';
import { paramsFromJsonBody, paramsFromQueryString, type GraphQLParams } from './graphql-params.js';
import { KeepAlivePings } from './keep-alive-pings.js';
import { encodeResult, responseStatus } from './result-encoding.js';
import type { SharedEventResults } from './shared-event-results.js';
import { SubscriptionPump, type PumpOwner } from './subscription-pump.js';
import { eventSharingScope } from './use-shared-event-results.js';

/** Variables longer than this (as JSON) are named by their digest in a sharing scope. */
const maxLiteralVariables = 200;

/** What the context factory reads from a request of the lean path (it has no fetch Request). */
export interface EventStreamRequest {
  readonly authorization: string | undefined;
  /** Aborted when the client goes away. */
  readonly signal: AbortSignal;
}

/**
 * The initial context the lean path hands to Yoga's envelop pipeline. Yoga's own parse hook
 * reads `request.method` and `params.operationName` from it: that is where a parse error gets
 * its GRAPHQL_PARSE_FAILED code before Yoga caches it, and where a document without the named
 * operation is refused; without them a cached error would reach Yoga's later requests bare.
 */
export interface EventStreamInitialContext {
  request: { method: string };
  params: { operationName: string | undefined };
  /** Set once the request is known to be this route's, before the context is made. */
  eventStreamRequest: EventStreamRequest | undefined;
}

/** The parts of Yoga this route drives: its envelop pipeline, and its handlers for what it passes on. */
export interface YogaHandlers {
  getEnveloped(initialContext: EventStreamInitialContext): Enveloped;
  fetch(request: Request): Promise<Response> | Response;
  /** Yoga's node:http handler, for a request whose body has not been read. */
  handleNodeRequest(request: IncomingMessage, response: ServerResponse): void;
}

interface Enveloped {
  schema: GraphQLSchema;
  parse(source: string): DocumentNode;
  validate(schema: GraphQLSchema, document: DocumentNode): readonly GraphQLError[];
  contextFactory(): unknown;
  subscribe(args: ExecutionArgs): unknown;
}

export interface EventStreamRouteOptions {
  yoga: YogaHandlers;
  path: string;
  cors: CorsPolicy | false;
  /** The gateway's maskError: what a client may see of an error. */
  maskError: (error: unknown, message: string) => Error;
  sharedResults: SharedEventResults;
  /** The client key's provider set, as a string: subscribers equal in it (and in document and variables) share event results. */
  providerScopeOf(contextValue: unknown): string;
  pings?: KeepAlivePings;
}

/**
 * GraphQL-over-SSE subscriptions served from node:http directly. Yoga's fetch adapter keeps a
 * Request, a Response, a ReadableStream and their headers per open subscription (about 22 KB
 * at tens of thousands of them); this drives `yoga.getEnveloped` instead, as the WebSocket
 * path does: the same parse, validation (document limits), context (client key), subscribe and
 * masked errors, written as Yoga writes them.
 *
 * Only what is certainly a valid subscription answered as an event stream is served here: any
 * other request, malformed or invalid ones included, goes to Yoga, which answers it as it
 * always has.
 */
export class EventStreamRoute implements PumpOwner {
  #options: EventStreamRouteOptions;
  #pings: KeepAlivePings;
  #open = new Set<SubscriptionPump>();
  #documentNumbers = new WeakMap<DocumentNode, number>();
  #nextDocumentNumber = 1;
  #served = 0;
  #closing = false;

  constructor(options: EventStreamRouteOptions) {
    this.#options = options;
    this.#pings = options.pings ?? new KeepAlivePings();
  }

  /** Subscriptions this route is streaming right now. */
  get openSubscriptions(): number {
    return this.#open.size;
  }

  /** Requests this route answered itself (not passed to Yoga) since start-up. */
  get servedRequests(): number {
    return this.#served;
  }

  /** True when the request is this route's (it answers it); false leaves it to Yoga. */
  handle(request: IncomingMessage, response: ServerResponse): boolean {
    if (this.#closing || !acceptsOnlyEventStream(request.headers.accept)) return false;
    const url = request.url ?? '';
    const queryAt = url.indexOf('?');
    if ((queryAt === -1 ? url : url.slice(0, queryAt)) !== this.#options.path) return false;
    if (request.method === 'GET') {
      const params = paramsFromQueryString(queryAt === -1 ? '' : url.slice(queryAt + 1));
      if (!params) return false;
      if (!this.#serve(request, response, params)) this.#options.yoga.handleNodeRequest(request, response);
      return true;
    }
    if (request.method !== 'POST' || !isJsonContentType(request.headers['content-type'])) return false;
    readBody(request).then(
      (body) => {
        const params = paramsFromJsonBody(body);
        if (!params || !this.#serve(request, response, params)) void forwardToYoga(request, response, body, this.#options.yoga.fetch);
      },
      () => response.destroy(),
    );
    return true;
  }

  /**
   * Completes every open stream (the live hub ending its watches does that already; this is for
   * what is left), after letting streams that are ending finish on their own.
   */
  async close(): Promise<void> {
    this.#closing = true;
    await new Promise((resolve) => setImmediate(resolve));
    for (const pump of [...this.#open]) pump.stop();
  }

  frameOf(result: ExecutionResult): Buffer {
    return this.#options.sharedResults.frameOf(result, encodeFrame);
  }

  failureFrame(error: unknown): Buffer {
    return encodeFrame({ errors: this.#clientErrors(error) });
  }

  ended(pump: SubscriptionPump): void {
    this.#open.delete(pump);
  }

  /**
   * Parses and validates synchronously, so that anything but a valid subscription is refused
   * (false: for Yoga) before a byte is written; then answers it.
   */
  #serve(request: IncomingMessage, response: ServerResponse, params: GraphQLParams): boolean {
    const initialContext: EventStreamInitialContext = {
      request: { method: request.method ?? 'GET' },
      params: { operationName: params.operationName },
      eventStreamRequest: undefined,
    };
    const enveloped = this.#options.yoga.getEnveloped(initialContext);
    let document: DocumentNode;
    try {
      document = enveloped.parse(params.query);
      if (getOperationAST(document, params.operationName)?.operation !== 'subscription') return false;
      // A document limit may throw instead of reporting an error.
      if (enveloped.validate(enveloped.schema, document).length > 0) return false;
    } catch {
      return false;
    }
    this.#served += 1;
    const stream = new EventStream(response, this.#pings, request.headers.authorization);
    initialContext.eventStreamRequest = stream;
    const cors = corsHeaders(this.#options.cors, request.headers.origin);
    Promise.resolve()
      .then(() => enveloped.contextFactory())
      .then((contextValue) => {
        (contextValue as { [eventSharingScope]?: string })[eventSharingScope] = this.#sharingScope(document, params, contextValue);
        return enveloped.subscribe({ schema: enveloped.schema, document, contextValue, variableValues: params.variables, operationName: params.operationName });
      })
      .then(
        (result) => {
          if (isAsyncIterable(result)) this.#stream(stream, result[Symbol.asyncIterator]() as AsyncIterator<ExecutionResult>, cors);
          else this.#answerOnce(stream, result as ExecutionResult, cors);
        },
        (error: unknown) => this.#answerOnce(stream, { errors: this.#clientErrors(error) }, cors),
      );
    return true;
  }

  /** A result that is not a stream (errors, mostly): its status, one event, complete. */
  #answerOnce(stream: EventStream, result: ExecutionResult, cors: Record<string, string>): void {
    const headers: Record<string, string> = {};
    const status = responseStatus(result, headers);
    stream.open(status, { ...headers, ...cors });
    stream.send(encodeFrame(result));
    stream.complete();
  }

  #stream(stream: EventStream, iterator: AsyncIterator<ExecutionResult>, cors: Record<string, string>): void {
    const pump = new SubscriptionPump(stream, iterator, this);
    if (!stream.gone) {
      this.#open.add(pump);
      stream.open(200, cors);
    }
    pump.start();
  }

  /**
   * Document (by number), operation, variables and provider set: what one subscriber's result
   * depends on. Long variables (a hundred ids) are named by their digest: every open
   * subscription keeps its scope.
   */
  #sharingScope(document: DocumentNode, params: GraphQLParams, contextValue: unknown): string {
    const variables = JSON.stringify(params.variables ?? null);
    return [
      this.#documentNumber(document),
      params.operationName ?? '',
      variables.length <= maxLiteralVariables ? variables : createHash('sha256').update(variables).digest('base64'),
      this.#options.providerScopeOf(contextValue),
    ].join('\u0000');
  }

  /** As Yoga's handleError: every error of an aggregate, each masked; an abort is no error for the client. */
  #clientErrors(error: unknown): GraphQLError[] {
    if (typeof error === 'object' && error !== null && Array.isArray((error as { errors?: unknown }).errors)) {
      return (error as { errors: unknown[] }).errors.flatMap((inner) => this.#clientErrors(inner));
    }
    if (isAbortError(error)) return [];
    const masked = this.#options.maskError(error, 'Unexpected error.');
    return [masked instanceof GraphQLError ? masked : new GraphQLError(masked.message, { originalError: masked })];
  }

  /** Equal documents are one object while Yoga's parser cache holds them, so a number names a document cheaply. */
  #documentNumber(document: DocumentNode): number {
    let number = this.#documentNumbers.get(document);
    if (number === undefined) {
      number = this.#nextDocumentNumber++;
      this.#documentNumbers.set(document, number);
    }
    return number;
  }
}

function encodeFrame(result: ExecutionResult): Buffer {
  return nextFrame(encodeResult(result));
}

/** Yoga's JSON body parser takes these two (the first of a comma list, with or without parameters). */
function isJsonContentType(header: string | undefined): boolean {
  const type = header?.split(',')[0];
  return ['application/json', 'application/graphql+json'].some((expected) => type === expected || type?.startsWith(`${expected};`) === true);
}

/** The server bounded the declared length already; this only collects it. */
function readBody(request: IncomingMessage): Promise<Buffer<ArrayBuffer>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxRequestBodyBytes) request.destroy(new Error('request body too large'));
      else chunks.push(chunk);
    };
    // The request object lives as long as the subscription: its listeners must not keep the body.
    const settle = (error: Error | null) => {
      request.off('data', onData).off('end', onEnd).off('error', settle).off('close', onClose);
      if (error) reject(error);
      else resolve(Buffer.concat(chunks));
    };
    const onEnd = () => settle(null);
    const onClose = () => settle(new Error('request closed'));
    request.on('data', onData).on('end', onEnd).on('error', settle).on('close', onClose);
  });
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && (error.name === 'AbortError' || error.name === 'TimeoutError');
}
