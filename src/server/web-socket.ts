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
        operation.parse();
        const errors = operation.validate();
        if (errors.length > 0) return errors;
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

/** A GraphQL error for a client from anything thrown before execution (masked like the rest). */
function toClientError(error: unknown, maskError: (error: unknown, message: string) => Error): GraphQLError {
  const masked = maskError(error, 'Unexpected error.');
  return masked instanceof GraphQLError ? masked : new GraphQLError(masked.message, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
}
