import type { IncomingMessage, ServerResponse } from 'node:http';
import { createBearerTokenCheck } from '../metrics/bearer-token-check.js';
import type { GatewayMetrics } from '../metrics/gateway-metrics.js';
import { answerError } from './error-answer.js';
import type { Readiness } from './readiness.js';
import { pathOf } from './request-path.js';

export const healthPath = '/health';
export const readinessPath = '/readiness';
export const metricsPath = '/metrics';

export interface OperationsRoutesOptions {
  readiness: Readiness;
  /** null: metrics are off, and `/metrics` is not found. */
  metrics: GatewayMetrics | null;
  /** Required as `Authorization: Bearer <token>` to scrape, when set. */
  metricsBearerToken: string | null;
}

/** `/health`, `/readiness` and `/metrics`: plain routes beside `/graphql`, answered before any GraphQL work, with no client key. */
export interface OperationsRoutes {
  /** True when the request is one of these routes (it is answered). */
  handle(request: IncomingMessage, response: ServerResponse): boolean;
}

const noStore = { 'cache-control': 'no-store' } as const;
const healthBody = JSON.stringify({ status: 'ok' });
const readyBody = JSON.stringify({ status: 'ready' });

export function createOperationsRoutes(options: OperationsRoutesOptions): OperationsRoutes {
  const { readiness, metrics } = options;
  const authorized = options.metricsBearerToken === null ? null : createBearerTokenCheck(options.metricsBearerToken);
  return {
    handle(request, response) {
      const path = pathOf(request.url);
      if (path !== healthPath && path !== readinessPath && path !== metricsPath) return false;
      if (path === metricsPath && metrics === null) {
        answerError(response, 404, 'NOT_FOUND', 'Metrics are off (metrics.enabled is false)', noStore);
        return true;
      }
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        answerError(response, 405, 'BAD_USER_INPUT', `${path} answers GET and HEAD only`, { allow: 'GET, HEAD', ...noStore });
        return true;
      }
      if (path === healthPath) {
        answer(response, 200, 'application/json; charset=utf-8', healthBody);
      } else if (path === readinessPath) {
        if (readiness.ready) answer(response, 200, 'application/json; charset=utf-8', readyBody);
        else answer(response, 503, 'application/json; charset=utf-8', JSON.stringify({ status: 'not ready', reasons: readiness.reasons() }));
      } else if (authorized !== null && !authorized(request.headers.authorization)) {
        answerError(response, 401, 'UNAUTHENTICATED', '/metrics needs Authorization: Bearer <metrics.bearerToken>', { 'www-authenticate': 'Bearer', ...noStore });
      } else {
        metrics!.exposition().then(
          (text) => answer(response, 200, metrics!.contentType, text),
          () => answerError(response, 500, 'INTERNAL_SERVER_ERROR', 'Metrics could not be collected', noStore),
        );
      }
      return true;
    },
  };
}

function answer(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), ...noStore });
  response.end(response.req.method === 'HEAD' ? undefined : body);
}
