import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Gateway } from './gateway.js';
import { guardRequestBody } from './http-body-limit.js';
import { assignRequestId, requestIdHeader } from './log/request-id.js';
import { createOperationsRoutes } from './server/operations-routes.js';
import { shuttingDownReason, startingReason } from './server/readiness.js';
import { createBoardRoute } from './server/board-route.js';
import { shutDown } from './server/shutdown.js';
import { attachWebSocket } from './server/web-socket.js';
import { createGatewayYoga, type GatewayYoga } from './server/yoga.js';
import type { JsonPostRoute } from './server/json-post-route.js';
import type { EventStreamRoute } from './sse/event-stream-route.js';

export const graphqlPath = '/graphql';

export interface RunningServer {
  /** `http://HOST:PORT` as bound. */
  origin: string;
  port: number;
  httpServer: Server;
  yoga: GatewayYoga;
  /** GraphQL-over-SSE subscriptions served beside Yoga. */
  eventStreams: EventStreamRoute;
  /** JSON queries and mutations served beside Yoga (the hot path). */
  jsonPost: JsonPostRoute;
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

/**
 * Yoga over node:http (graphql-sse's single connection mode, the lean SSE route and the JSON
 * query route first), plus graphql-ws on the same port and path.
 */
export async function startServer(gateway: Gateway, options: ServerOptions): Promise<RunningServer> {
  const { yoga, eventStreams, singleConnection, jsonPost, maskError } = createGatewayYoga(gateway, graphqlPath);
  const operationsRoutes = createOperationsRoutes({ readiness: gateway.readiness, metrics: gateway.metrics, metricsBearerToken: gateway.config.metrics.bearerToken });
  const board = createBoardRoute(gateway);
  const httpServer = createServer((request: IncomingMessage, response: ServerResponse) => {
    response.setHeader(requestIdHeader, assignRequestId(request));
    if (request.url !== graphqlPath && operationsRoutes.handle(request, response)) return;
    if (board.handle(request, response)) return;
    if (guardRequestBody(request, response, (fetchRequest, serverContext) => yoga.fetch(fetchRequest, serverContext))) return;
    if (singleConnection.handle(request, response)) return;
    if (eventStreams.handle(request, response)) return;
    if (jsonPost.handle(request, response)) return;
    void yoga(request, response);
  });
  const webSocket = attachWebSocket(httpServer, graphqlPath, yoga, maskError);
  gateway.metrics?.countSubscriptions({ sse: () => eventStreams.openSubscriptions, ws: () => webSocket.openSubscriptions() });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host, () => resolve());
  });
  gateway.readiness.resolved(startingReason);
  const address = httpServer.address() as AddressInfo;
  const host = options.host ?? 'localhost';
  return {
    origin: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    port: address.port,
    httpServer,
    yoga,
    eventStreams,
    jsonPost,
    close: (graceMs = 0) => {
      // At once: for as long as it still answers while draining, it asks for no more traffic.
      gateway.readiness.notReady(shuttingDownReason);
      return shutDown(
        {
          httpServer,
          completeSubscriptions: async () => {
            await gateway.feed.close();
            await gateway.live.close();
            await eventStreams.close();
            await singleConnection.close();
          },
          hasOpenOperations: () => webSocket.hasOpenOperations(),
          closeWebSockets: () => webSocket.dispose(),
        },
        graceMs,
      );
    },
  };
}
