import type { IncomingMessage, Server } from 'node:http';
import { GraphQLError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { EnvelopedOperation } from '../enveloped-operation.js';
import type { GatewayYoga } from './yoga.js';

/** GraphQL over WebSocket on the server's port and path, as far as a graceful stop needs to see it. */
export interface WebSocketEndpoint {
  /** Some open socket still has an operation running. */
  hasOpenOperations(): boolean;
  /** Closes every socket. */
  dispose(): Promise<void>;
}

type OperationResult = ReturnType<NonNullable<Parameters<typeof useServer>[0]['execute']>>;

/**
 * graphql-ws (`graphql-transport-ws`) over Yoga's envelop pipeline: the client key travels in
 * connectionParams, and each operation takes the same steps as the lean SSE path
 * (EnvelopedOperation), authenticating first.
 */
export function attachWebSocket(httpServer: Server, path: string, yoga: GatewayYoga, maskError: (error: unknown, message: string) => Error): WebSocketEndpoint {
  const webSocketServer = new WebSocketServer({ server: httpServer, path });
  // Open WebSocket connections, so a graceful stop can wait for their operations to complete.
  const sockets = new Set<{ subscriptions: Readonly<Record<string, unknown>> }>();
  const cleanup = useServer<Record<string, unknown>, { request: IncomingMessage; socket: unknown }>(
    {
      onConnect: (context) => {
        sockets.add(context);
        return true;
      },
      onClose: (context) => {
        sockets.delete(context);
      },
      execute: (args) => EnvelopedOperation.of(args).run(args) as OperationResult,
      subscribe: (args) => EnvelopedOperation.of(args).run(args) as OperationResult,
      onSubscribe: async (context, _id, payload) => {
        const operation = new EnvelopedOperation(
          yoga.getEnveloped({ ...context, req: context.extra.request, socket: context.extra.socket, params: payload }),
          payload,
        );
        let contextValue: unknown;
        try {
          // Authenticate before parsing: an unauthenticated socket learns nothing about the schema.
          contextValue = await operation.context();
        } catch (error) {
          return [toClientError(error, maskError)];
        }
        // A document that fails to parse or validate ends its own operation with an `error` message;
        // thrown out of onSubscribe it would close the socket (4500) and every operation on it.
        let errors: readonly unknown[];
        try {
          operation.parse();
        } catch (error) {
          return [toClientError(tagParseError(error), maskError)];
        }
        try {
          errors = operation.validate();
        } catch (error) {
          errors = [error];
        }
        if (errors.length > 0) return errors.map((error) => toClientError(error, maskError));
        return operation.args(contextValue);
      },
    },
    webSocketServer,
  );
  return {
    hasOpenOperations: () => [...sockets].some((socket) => Object.keys(socket.subscriptions).length > 0),
    dispose: () => Promise.resolve(cleanup.dispose()),
  };
}

/**
 * A GraphQL error for a client from anything refused before execution, masked like the rest; the
 * `http` extension (status and headers Yoga answers HTTP with) is left out, as Yoga leaves it
 * out of an HTTP body.
 */
function toClientError(error: unknown, maskError: (error: unknown, message: string) => Error): GraphQLError {
  const masked = maskError(error, 'Unexpected error.');
  if (!(masked instanceof GraphQLError)) return new GraphQLError(masked.message, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  if (masked.extensions.http === undefined) return masked;
  const { http: _http, ...extensions } = masked.extensions;
  return new GraphQLError(masked.message, {
    ...(masked.nodes ? { nodes: masked.nodes } : {}),
    ...(masked.source ? { source: masked.source } : {}),
    ...(masked.positions ? { positions: masked.positions } : {}),
    ...(masked.path ? { path: masked.path } : {}),
    extensions,
  });
}

/**
 * A parse error gets GRAPHQL_PARSE_FAILED as Yoga gives it over HTTP. Yoga's own parse hook does
 * this only for requests that have a fetch Request (a socket has none), and Yoga caches the error
 * object: tagging it here, in place and as Yoga would, also keeps a later HTTP request for the same
 * document from getting the cached error bare.
 */
function tagParseError(error: unknown): unknown {
  if (error instanceof GraphQLError) {
    const extensions = error.extensions as Record<string, unknown>;
    extensions.code ??= 'GRAPHQL_PARSE_FAILED';
    const http = (extensions.http ??= {}) as { spec?: boolean; status?: number };
    http.spec ??= true;
    http.status ??= 400;
  }
  return error;
}
