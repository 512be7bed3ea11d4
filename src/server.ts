import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphQLError, type ExecutionArgs } from 'graphql';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { ClientAuthenticator } from './auth/client-authenticator.js';
import { createContext, type ClientIdentity, type GatewayContext } from './context.js';
import { createMaskError } from './errors/mask-error.js';
import { guardRequestBody } from './http-body-limit.js';
import type { Gateway } from './gateway.js';
import type { Logger } from './log/logger.js';
import { usePartialErrors } from './listing/use-partial-errors.js';
import { useDocumentLimits } from './plugins/use-document-limits.js';
import { useRequestShapeChecks } from './plugins/use-request-shape-checks.js';
import { schema } from './schema/index.js';
import type { CorsPolicy } from './sse/cors-headers.js';
import { EventStreamRoute, type EventStreamRequest } from './sse/event-stream-route.js';
import { SharedEventResults } from './sse/shared-event-results.js';
import { useSharedEventResults } from './sse/use-shared-event-results.js';

export const graphqlPath = '/graphql';

export interface RunningServer {
  /** `http://HOST:PORT` as bound. */
  origin: string;
  port: number;
  httpServer: Server;
  yoga: YogaServerInstance<Record<string, unknown>, GatewayContext>;
  /** GraphQL-over-SSE subscriptions served beside Yoga. */
  eventStreams: EventStreamRoute;
  /**
   * Graceful stop: no new connections, open subscriptions completed, requests in flight given
   * up to `graceMs` to finish before their connections are cut.
   */
  close(graceMs?: number): Promise<void>;
}

export interface ServerOptions {
  port: number;
  host?: string;
}

const firstQuery = `# Welcome to runql: one Execution API over AirOps, flows, nested executions and workflow runs.
query FirstLook {
  providers { name kind capabilities }
}
`;

/** Yoga over node:http, plus graphql-ws on the same port and path. */
export async function startServer(gateway: Gateway, options: ServerOptions): Promise<RunningServer> {
  const authenticator = new ClientAuthenticator(gateway.config.auth);
  const maskError = createMaskError(gateway.logger);
  const logging = yogaLogger(gateway.logger);
  const cors = corsPolicy(gateway);
  const sharedResults = new SharedEventResults();
  const clientMaskError = yogaMaskedErrors(maskError, logging);
  const yoga = createYoga<Record<string, unknown>, GatewayContext>({
    schema,
    graphqlEndpoint: graphqlPath,
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
      useRequestShapeChecks(),
      ...useDocumentLimits(),
      usePartialErrors(),
      // Last: it ends the chain of subscribe hooks for the lean SSE path (see the plugin).
      useSharedEventResults({
        results: sharedResults,
        eventContexts: (subscriberContext) => {
          const { identity } = subscriberContext as GatewayContext;
          return () => createContext(gateway, identity, noSignal);
        },
        maskError: clientMaskError,
      }),
    ],
    // File uploads are not part of this API; multipart parsing would only widen the attack surface.
    multipart: false,
    context: (initial) => adoptContext(initial, requestContext(gateway, authenticator, initial)),
  });

  // Subscriptions over SSE skip Yoga's fetch adapter (its per-stream cost is the bulk of their memory).
  const eventStreams = new EventStreamRoute({
    yoga: {
      getEnveloped: (initialContext) => yoga.getEnveloped(initialContext as never),
      fetch: (request) => yoga.fetch(request),
      handleNodeRequest: (request, response) => void yoga(request, response),
    },
    path: graphqlPath,
    cors,
    maskError: clientMaskError,
    sharedResults,
    providerScopeOf: (contextValue) => providerScope((contextValue as GatewayContext).identity),
  });

  const httpServer = createServer((request: IncomingMessage, response: ServerResponse) => {
    if (guardRequestBody(request, response, (fetchRequest) => yoga.fetch(fetchRequest))) return;
    if (eventStreams.handle(request, response)) return;
    void yoga(request, response);
  });

  const webSocketServer = new WebSocketServer({ server: httpServer, path: graphqlPath });
  // Open WebSocket connections, so a graceful stop can wait for their operations to complete.
  const sockets = new Set<{ subscriptions: Readonly<Record<string, unknown>> }>();
  const webSocketCleanup = useServer<Record<string, unknown>, { request: IncomingMessage; socket: unknown }>(
    {
      onConnect: (context) => {
        sockets.add(context);
        return true;
      },
      onClose: (context) => {
        sockets.delete(context);
      },
      execute: (args) => (args.rootValue as EnvelopedRoot).execute(args),
      subscribe: (args) => (args.rootValue as EnvelopedRoot).subscribe(args),
      onSubscribe: async (context, _id, payload) => {
        const enveloped = yoga.getEnveloped({
          ...context,
          req: context.extra.request,
          socket: context.extra.socket,
          params: payload,
        });
        let contextValue: GatewayContext;
        try {
          // Authenticate before parsing: an unauthenticated socket learns nothing about the schema.
          contextValue = (await enveloped.contextFactory()) as unknown as GatewayContext;
        } catch (error) {
          return [toClientError(error, maskError)];
        }
        const document = enveloped.parse(payload.query);
        const errors = enveloped.validate(enveloped.schema, document);
        if (errors.length > 0) return errors;
        return {
          schema: enveloped.schema,
          operationName: payload.operationName,
          document,
          variableValues: payload.variables,
          contextValue,
          rootValue: { execute: enveloped.execute, subscribe: enveloped.subscribe } as EnvelopedRoot,
        };
      },
    },
    webSocketServer,
  );

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host, () => resolve());
  });
  const address = httpServer.address() as AddressInfo;
  const host = options.host ?? 'localhost';
  return {
    origin: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    port: address.port,
    httpServer,
    yoga,
    eventStreams,
    close: async (graceMs = 0) => {
      // Stop accepting; requests in flight go on, and every connection that goes idle is closed.
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      const closeIdle = setInterval(() => httpServer.closeIdleConnections(), 50);
      // Open subscriptions complete (SSE streams end, WebSocket operations get `complete`).
      await gateway.live.close();
      await eventStreams.close();
      const graceEnds = Date.now() + graceMs;
      while (Date.now() < graceEnds && [...sockets].some((socket) => Object.keys(socket.subscriptions).length > 0)) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await webSocketCleanup.dispose();
      const deadline = setTimeout(() => httpServer.closeAllConnections(), Math.max(0, graceEnds - Date.now()));
      await closed;
      clearTimeout(deadline);
      clearInterval(closeIdle);
    },
  };
}

type OperationResult = ReturnType<NonNullable<Parameters<typeof useServer>[0]['execute']>>;

interface EnvelopedRoot {
  execute: (args: ExecutionArgs) => OperationResult;
  subscribe: (args: ExecutionArgs) => OperationResult;
}

/**
 * Over HTTP and SSE the client key comes from the Authorization header (the lean SSE path has
 * no fetch Request, only the header); over WebSocket there is no Request, and the same value
 * travels in connectionParams.
 */
function requestContext(
  gateway: Gateway,
  authenticator: ClientAuthenticator,
  initial: { request?: Request; connectionParams?: Readonly<Record<string, unknown>>; eventStreamRequest?: EventStreamRequest | undefined },
): GatewayContext {
  const { request, eventStreamRequest } = initial;
  if (eventStreamRequest !== undefined) {
    return createContext(gateway, authenticator.authenticate(eventStreamRequest.authorization), () => eventStreamRequest.signal);
  }
  const identity = request
    ? authenticator.authenticate(request.headers.get('authorization'))
    : authenticator.authenticateConnectionParams(initial.connectionParams);
  return createContext(gateway, identity, () => request?.signal);
}

/**
 * maskError as Yoga's maskedErrors applies it, for the lean SSE path that masks errors itself:
 * an error it already masked passes as it is, and the original of a masked error is logged.
 */
function yogaMaskedErrors(maskError: (error: unknown, message: string) => Error, logging: { error(...args: unknown[]): void }) {
  const masked = new WeakSet<object>();
  return (error: unknown, message: string): Error => {
    if (typeof error === 'object' && error !== null && masked.has(error)) return error as Error;
    const result = maskError(error, message);
    if (result !== error) logging.error(error);
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

/**
 * Yoga merges a context factory's result into its own context with Object.assign, which reads
 * every getter once and stores the value: the loaders would be built eagerly and frozen, and
 * `renewLoaders()` (each subscription event) could not replace them. Copying the property
 * descriptors instead keeps the getters live; Yoga then has nothing left to assign.
 */
function adoptContext(initial: object, context: GatewayContext): GatewayContext {
  Object.defineProperties(initial, Object.getOwnPropertyDescriptors(context));
  // What is returned is assigned onto `initial`, which already is the whole context.
  return Object.create(null) as GatewayContext;
}

/** A GraphQL error for a client from anything thrown before execution (masked like the rest). */
function toClientError(error: unknown, maskError: (error: unknown, message: string) => Error): GraphQLError {
  const masked = maskError(error, 'Unexpected error.');
  return masked instanceof GraphQLError ? masked : new GraphQLError(masked.message, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
}

function corsPolicy(gateway: Gateway): CorsPolicy | false {
  const origins = gateway.config.cors.origins;
  if (origins === null) return false;
  return {
    origin: origins.includes('*') ? '*' : origins,
    credentials: !origins.includes('*'),
    allowedHeaders: ['authorization', 'content-type', 'accept'],
    methods: ['GET', 'POST', 'OPTIONS'],
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
