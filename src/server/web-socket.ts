import type { IncomingMessage, Server } from 'node:http';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { EnvelopedOperation } from '../enveloped-operation.js';
import { tagParseError, toClientError } from '../operation-errors.js';
import type { GatewayYoga } from './yoga.js';

/** GraphQL over WebSocket on the server's port and path, as far as a graceful stop needs to see it. */
export interface WebSocketEndpoint {
  /** Some open socket still has an operation running. */
  hasOpenOperations(): boolean;
  /** Subscriptions streaming now, over every socket (for the metrics, read when scraped). */
  openSubscriptions(): number;
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
    // graphql-ws holds a pending operation as null and a streaming one (a subscription) as its iterator.
    openSubscriptions: () => {
      let open = 0;
      for (const socket of sockets) {
        for (const id in socket.subscriptions) if (socket.subscriptions[id] !== null) open += 1;
      }
      return open;
    },
    dispose: () => Promise.resolve(cleanup.dispose()),
  };
}
