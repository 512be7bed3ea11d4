import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { ExecutionArgs } from 'graphql';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { createContext, type ClientIdentity, type GatewayContext } from './context.js';
import { createMaskError } from './errors/mask-error.js';
import type { Gateway } from './gateway.js';
import type { Logger } from './log/logger.js';
import { schema } from './schema/index.js';

export const graphqlPath = '/graphql';
/** Largest request body accepted (bytes); larger ones get 413 before Yoga reads them. */
export const maxRequestBodyBytes = 2 * 1024 * 1024;

const anonymous: ClientIdentity = { id: 'anonymous', allowedProviders: null };

export interface RunningServer {
  /** `http://HOST:PORT` as bound. */
  origin: string;
  port: number;
  httpServer: Server;
  yoga: YogaServerInstance<Record<string, unknown>, GatewayContext>;
  close(): Promise<void>;
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
  const yoga = createYoga<Record<string, unknown>, GatewayContext>({
    schema,
    graphqlEndpoint: graphqlPath,
    landingPage: false,
    graphiql: { title: 'runql', defaultQuery: firstQuery },
    renderGraphiQL,
    // Yoga's own limit creates and aborts an AbortSignal per request; ours checks content-length.
    maxRequestBodySize: false,
    maskedErrors: { maskError: createMaskError(gateway.logger), isDev: false },
    logging: yogaLogger(gateway.logger),
    cors: corsOptions(gateway),
    context: ({ request }) => createLazyContext(gateway, anonymous, request),
  });

  const httpServer = createServer((request: IncomingMessage, response: ServerResponse) => {
    const length = Number(request.headers['content-length'] ?? 0);
    if (length > maxRequestBodyBytes) {
      rejectOversized(response);
      return;
    }
    void yoga(request, response);
  });

  const webSocketServer = new WebSocketServer({ server: httpServer, path: graphqlPath });
  const webSocketCleanup = useServer<Record<string, unknown>, { request: IncomingMessage; socket: unknown }>(
    {
      execute: (args) => (args.rootValue as EnvelopedRoot).execute(args),
      subscribe: (args) => (args.rootValue as EnvelopedRoot).subscribe(args),
      onSubscribe: async (context, _id, payload) => {
        const enveloped = yoga.getEnveloped({
          ...context,
          req: context.extra.request,
          socket: context.extra.socket,
          params: payload,
        });
        const document = enveloped.parse(payload.query);
        const errors = enveloped.validate(enveloped.schema, document);
        if (errors.length > 0) return errors;
        return {
          schema: enveloped.schema,
          operationName: payload.operationName,
          document,
          variableValues: payload.variables,
          contextValue: await enveloped.contextFactory(),
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
    close: async () => {
      await webSocketCleanup.dispose();
      await new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        httpServer.closeAllConnections();
      });
    },
  };
}

type OperationResult = ReturnType<NonNullable<Parameters<typeof useServer>[0]['execute']>>;

interface EnvelopedRoot {
  execute: (args: ExecutionArgs) => OperationResult;
  subscribe: (args: ExecutionArgs) => OperationResult;
}

/** Over WebSocket there is no Request: the identity comes from connectionParams (see auth). */
function createLazyContext(gateway: Gateway, identity: ClientIdentity, request: Request | undefined): GatewayContext {
  return createContext(gateway, identity, () => request?.signal);
}

function rejectOversized(response: ServerResponse): void {
  const body = JSON.stringify({
    errors: [{ message: `Request body larger than ${maxRequestBodyBytes} bytes`, extensions: { code: 'BAD_USER_INPUT' } }],
  });
  response.writeHead(413, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), connection: 'close' });
  response.end(body);
}

function corsOptions(gateway: Gateway): Parameters<typeof createYoga>[0]['cors'] {
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
