import { createYoga, processRegularResult, type YogaServerInstance } from 'graphql-yoga';
import { ClientAuthenticator } from '../auth/client-authenticator.js';
import { createContext, type ClientIdentity, type GatewayContext } from '../context.js';
import { createMaskError } from '../errors/mask-error.js';
import { UnexpectedErrorLog } from '../errors/unexpected-error-log.js';
import type { Gateway } from '../gateway.js';
import { usePartialErrors } from '../listing/use-partial-errors.js';
import type { Logger } from '../log/logger.js';
import { useRequestLog } from '../log/use-request-log.js';
import { useOperationMetrics } from '../metrics/use-operation-metrics.js';
import { useAutomaticPersistedQueries } from '../plugins/use-automatic-persisted-queries.js';
import { useCompiledExecution } from '../plugins/use-compiled-execution.js';
import { useDocumentLimits } from '../plugins/use-document-limits.js';
import { useRequestShapeChecks } from '../plugins/use-request-shape-checks.js';
import { schema } from '../schema/index.js';
import { createEventStreamRoute, type CorsPolicy, type EventStreamRequest, type EventStreamRoute } from '../sse/event-stream-route.js';
import { createSingleConnectionRoute, type SingleConnectionRoute } from '../sse/single-connection-route.js';
import { createJsonPostRoute, type JsonPostRoute } from './json-post-route.js';
import type { LeanRequest } from './lean-request.js';

export type GatewayYoga = YogaServerInstance<Record<string, unknown>, GatewayContext>;

/** Yoga, and the lean SSE route beside it that shares its pipeline. */
export interface GatewayYogaSetup {
  yoga: GatewayYoga;
  eventStreams: EventStreamRoute;
  /** graphql-sse's single connection mode (PUT reservations, stream tokens) over the same pipeline. */
  singleConnection: SingleConnectionRoute;
  /** The hot path: JSON queries and mutations over the same pipeline, without Yoga's fetch adapter. */
  jsonPost: JsonPostRoute;
  /** maskError as Yoga's masked errors apply it (for errors raised outside Yoga's handlers). */
  maskError: (error: unknown, message: string) => Error;
}

const firstQuery = `# Welcome to runql: one Execution API over AirOps, flows, nested executions and workflow runs.
query FirstLook {
  providers { name kind capabilities }
}
`;

/** The gateway's Yoga: schema, plugins, masked errors, CORS, the client-key context; and the SSE route that drives it. */
export function createGatewayYoga(gateway: Gateway, path: string): GatewayYogaSetup {
  const authenticator = new ClientAuthenticator(gateway.config.auth);
  const errorLog = new UnexpectedErrorLog(gateway.logger);
  const maskError = createMaskError(errorLog);
  const logging = yogaLogger(gateway.logger);
  const cors = corsPolicy(gateway);
  const clientMaskError = yogaMaskedErrors(maskError);

  // Subscriptions over SSE skip Yoga's fetch adapter (its per-stream cost is the bulk of their memory).
  const eventStreams = createEventStreamRoute({
    yoga: {
      getEnveloped: (initialContext) => yoga.getEnveloped(initialContext as never),
      fetch: (request, serverContext) => yoga.fetch(request, serverContext),
      handleNodeRequest: (request, response) => void yoga(request, response),
    },
    path,
    cors,
    maskError: clientMaskError,
    // A subscription keeps its identity, not a closure: one less object per open subscription.
    eventContextSeed: (subscriberContext) => (subscriberContext as GatewayContext).identity,
    eventContext: (identity) => createContext(gateway, identity as ClientIdentity, noSignal),
    providerScopeOf: (contextValue) => providerScope((contextValue as GatewayContext).identity),
  });

  const singleConnection = createSingleConnectionRoute({
    getEnveloped: (initialContext) => yoga.getEnveloped(initialContext as never),
    path,
    cors,
    maskError,
    authenticate: (authorization) => void authenticator.authenticate(authorization),
  });

  const jsonPost = createJsonPostRoute({
    getEnveloped: (initialContext) => yoga.getEnveloped(initialContext as never),
    fetch: (request, serverContext) => yoga.fetch(request, serverContext),
    processResult: (result, mediaType) => processRegularResult(result, yoga.fetchAPI, mediaType),
    path,
    cors,
    maskError: clientMaskError,
  });

  const yoga: GatewayYoga = createYoga<Record<string, unknown>, GatewayContext>({
    schema,
    graphqlEndpoint: path,
    landingPage: false,
    graphiql: { title: 'runql', defaultQuery: firstQuery },
    // The GraphiQL page is a 9 MB bundle that costs about 75 MB of memory once imported: load it
    // when someone first asks for it, not in every gateway.
    renderGraphiQL: (options) => import('@graphql-yoga/render-graphiql').then(({ renderGraphiQL }) => renderGraphiQL(options)),
    // Yoga's own limit creates and aborts an AbortSignal per request; ours checks content-length.
    maxRequestBodySize: false,
    maskedErrors: { maskError, isDev: false },
    logging,
    cors,
    plugins: [
      // Before tracing and metrics: envelop hands each onExecuteDone the result as the hooks before
      // it left it, and an `executions` answer with a provider's error must count (and trace) as an error.
      usePartialErrors(),
      // The operation's span still encloses every other plugin's work: it wraps them through `instrumentation` (none without OTEL_* variables, no counting with metrics off).
      ...(gateway.tracing ? [gateway.tracing.plugin] : []),
      ...(gateway.metrics ? [useOperationMetrics(gateway.metrics)] : []),
      useRequestLog(errorLog),
      useRequestShapeChecks(),
      useAutomaticPersistedQueries(),
      ...useDocumentLimits(),
      useCompiledExecution(),
      // Last: it ends the chain of subscribe hooks for the lean SSE path (see the plugin).
      eventStreams.plugin,
    ],
    // File uploads are not part of this API; multipart parsing would only widen the attack surface.
    multipart: false,
    // Yoga assigns these own properties onto its context: nothing in a GatewayContext is a getter or lives on a prototype.
    context: (initial) => requestContext(gateway, authenticator, initial),
  });
  return { yoga, eventStreams, singleConnection, jsonPost, maskError };
}

/**
 * Over HTTP and SSE the client key comes from the Authorization header (the lean SSE path has
 * no fetch Request, only the header); over WebSocket there is no Request, and the same value
 * travels in connectionParams.
 */
function requestContext(
  gateway: Gateway,
  authenticator: ClientAuthenticator,
  initial: {
    request?: Request;
    connectionParams?: Readonly<Record<string, unknown>>;
    eventStreamRequest?: EventStreamRequest | undefined;
    leanRequest?: LeanRequest;
  },
): GatewayContext {
  const { request } = initial;
  const lean = initial.eventStreamRequest ?? initial.leanRequest;
  if (lean !== undefined) {
    return createContext(gateway, authenticator.authenticate(lean.authorization), () => lean.signal);
  }
  const identity = request
    ? authenticator.authenticate(request.headers.get('authorization'))
    : authenticator.authenticateConnectionParams(initial.connectionParams);
  return createContext(gateway, identity, () => request?.signal);
}

/**
 * maskError as Yoga's maskedErrors applies it, for the lean paths that mask errors themselves:
 * an error it already masked passes as it is. (maskError logs an unexpected error itself, once:
 * an error the contract explains, NOT_FOUND say, is no log line.)
 */
function yogaMaskedErrors(maskError: (error: unknown, message: string) => Error) {
  const masked = new WeakSet<object>();
  return (error: unknown, message: string): Error => {
    if (typeof error === 'object' && error !== null && masked.has(error)) return error as Error;
    const result = maskError(error, message);
    masked.add(result);
    return result;
  };
}

function noSignal(): undefined {
  return undefined;
}

/** Subscribers whose keys see the same providers resolve any event to the same result. */
function providerScope(identity: ClientIdentity): string {
  return identity.allowedProviders === null ? '*' : [...identity.allowedProviders].sort().join(',');
}

function corsPolicy(gateway: Gateway): CorsPolicy | false {
  const origins = gateway.config.cors.origins;
  if (origins === null) return false;
  return {
    origin: origins.includes('*') ? '*' : origins,
    credentials: !origins.includes('*'),
    // PUT, DELETE and the stream token: graphql-sse's single connection mode.
    allowedHeaders: ['authorization', 'content-type', 'accept', 'x-graphql-event-stream-token'],
    methods: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
  };
}

function yogaLogger(logger: Logger) {
  return {
    debug: () => undefined,
    info: (...args: unknown[]) => logger.info(args.map(String).join(' ')),
    warn: (...args: unknown[]) => logger.warn(args.map(String).join(' ')),
    error: (...args: unknown[]) => logger.error(args.map((arg) => (arg instanceof Error ? arg.message : String(arg))).join(' ')),
  };
}
