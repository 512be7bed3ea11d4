import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DocumentNode, ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { forwardToYoga, type FetchHandler } from '../forward-to-yoga.js';
import { EnvelopedOperation, type Enveloped } from '../enveloped-operation.js';
import { isJsonContentType, readRequestBody } from '../server/request-body.js';
import { corsHeaders, type CorsPolicy } from './cors-headers.js';
import { acceptsOnlyEventStream } from './event-stream-accept.js';
import { EventStream } from './event-stream.js';
import { EventStreamSubscription, type SharedResolution, type SubscriptionOwner } from './event-stream-subscription.js';
import { paramsFromJsonBody, paramsFromQueryString, type GraphQLParams } from './graphql-params.js';
import { KeepAlivePings } from './keep-alive-pings.js';
import { clientErrors, encodeFrame, responseStatus, type MaskError } from './result-encoding.js';
import { SharedEventResults } from './shared-event-results.js';
import { eventSharingScope, useSharedEventResults } from './use-shared-event-results.js';

export type { CorsPolicy };

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
  /** The request's W3C trace context, for tracing's server span (when tracing is on). */
  traceparent?: string | undefined;
}

/** The parts of Yoga this route drives: its envelop pipeline, and its handlers for what it passes on. */
export interface YogaHandlers {
  getEnveloped(initialContext: EventStreamInitialContext): Enveloped;
  fetch: FetchHandler;
  /** Yoga's node:http handler, for a request whose body has not been read. */
  handleNodeRequest(request: IncomingMessage, response: ServerResponse): void;
}

export interface EventStreamRouteOptions {
  /** Called on requests only, so it may name a Yoga made after the route (which needs `plugin`). */
  yoga: YogaHandlers;
  path: string;
  cors: CorsPolicy | false;
  /** The gateway's maskError as Yoga's masked errors apply it: what a client may see of an error. */
  maskError: MaskError;
  /** See SharedResolution: the context a shared resolution runs in, from a subscriber's. */
  eventContextSeed: SharedResolution['eventContextSeed'];
  eventContext: SharedResolution['eventContext'];
  /** The client key's provider set, as a string: subscribers equal in it (and in document and variables) share event results. */
  providerScopeOf(contextValue: unknown): string;
  pings?: KeepAlivePings;
}

/** GraphQL-over-SSE subscriptions served beside Yoga (see createEventStreamRoute). */
export interface EventStreamRoute {
  /** For Yoga's plugins, last: it resolves this route's subscription events once per scope. */
  readonly plugin: Plugin;
  /** Subscriptions this route is streaming right now. */
  readonly openSubscriptions: number;
  /** Requests this route answered itself (not passed to Yoga) since start-up. */
  readonly servedRequests: number;
  /** True when the request is this route's (it answers it); false leaves it to Yoga. */
  handle(request: IncomingMessage, response: ServerResponse): boolean;
  /** Completes every open stream and takes no new ones. */
  close(): Promise<void>;
}

/**
 * GraphQL-over-SSE subscriptions served from node:http directly. Yoga's fetch adapter keeps a
 * Request, a Response, a ReadableStream and their headers per open subscription (about 22 KB
 * at tens of thousands of them); this drives Yoga's envelop pipeline instead, as the WebSocket
 * path does (EnvelopedOperation): the same parse, validation (document limits), context (client
 * key), subscribe and masked errors, written as Yoga writes them. Subscribers of one scope
 * share each event's resolution and its encoded frame.
 *
 * Only what is certainly a valid subscription answered as an event stream is served here: any
 * other request, malformed or invalid ones included, goes to Yoga, which answers it as it
 * always has.
 */
export function createEventStreamRoute(options: EventStreamRouteOptions): EventStreamRoute {
  return new LeanEventStreamRoute(options);
}

class LeanEventStreamRoute implements EventStreamRoute, SubscriptionOwner {
  readonly plugin: Plugin;
  #options: EventStreamRouteOptions;
  #pings: KeepAlivePings;
  #open = new Set<EventStreamSubscription>();
  #documentNumbers = new WeakMap<DocumentNode, number>();
  #nextDocumentNumber = 1;
  #served = 0;
  #closing = false;

  constructor(options: EventStreamRouteOptions) {
    this.#options = options;
    this.#pings = options.pings ?? new KeepAlivePings();
    this.plugin = useSharedEventResults({
      results: new SharedEventResults(),
      eventContextSeed: options.eventContextSeed,
      eventContext: options.eventContext,
      maskError: options.maskError,
    });
  }

  get openSubscriptions(): number {
    return this.#open.size;
  }

  get servedRequests(): number {
    return this.#served;
  }

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
    readRequestBody(request)
      .then((body) => {
        const params = paramsFromJsonBody(body);
        if (!params || !this.#serve(request, response, params)) void forwardToYoga(request, response, body, this.#options.yoga.fetch);
      })
      .catch(() => response.destroy());
    return true;
  }

  /**
   * Completes every open stream (the live hub ending its watches does that already; this is for
   * what is left), after letting streams that are ending finish on their own.
   */
  async close(): Promise<void> {
    this.#closing = true;
    await new Promise((resolve) => setImmediate(resolve));
    for (const subscription of [...this.#open]) subscription.stop();
  }

  ended(subscription: EventStreamSubscription): void {
    this.#open.delete(subscription);
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
      traceparent: typeof request.headers.traceparent === 'string' ? request.headers.traceparent : undefined,
    };
    const operation = new EnvelopedOperation(this.#options.yoga.getEnveloped(initialContext), params);
    let document: DocumentNode;
    try {
      document = operation.parse();
      if (operation.type !== 'subscription') return false;
      // A document limit may throw instead of reporting an error.
      if (operation.validate().length > 0) return false;
    } catch {
      return false;
    }
    this.#served += 1;
    const stream = new EventStream(response, this.#pings, request.headers.authorization);
    initialContext.eventStreamRequest = stream;
    const cors = corsHeaders(this.#options.cors, request.headers.origin);
    operation
      .context()
      .then((contextValue) => {
        (contextValue as { [eventSharingScope]?: string })[eventSharingScope] = this.#sharingScope(document, params, contextValue);
        return operation.run(operation.args(contextValue));
      })
      .then(
        (result) => {
          if (result instanceof EventStreamSubscription) this.#stream(stream, result, cors);
          else this.#answerOnce(stream, result as ExecutionResult, cors);
        },
        (error: unknown) => this.#answerOnce(stream, { errors: clientErrors(error, this.#options.maskError) }, cors),
      )
      .catch(() => response.destroy());
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

  #stream(stream: EventStream, subscription: EventStreamSubscription, cors: Record<string, string>): void {
    if (!stream.gone) {
      this.#open.add(subscription);
      stream.open(200, cors);
    }
    subscription.start(stream, this);
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
