import { GatewayError } from '../errors/gateway-error.js';
import type { UpstreamRequest } from './upstream-request.js';

/**
 * The one place where upstream outcomes become contract error codes. Messages name the
 * provider and the operation, never the upstream body (it can echo credentials) nor the URL
 * (its query string can hold a key).
 */
export function errorForStatus(
  provider: string,
  request: Pick<UpstreamRequest, 'method' | 'operation' | 'on400'>,
  status: number,
  retryAfterSeconds: number | undefined,
): GatewayError {
  const options = { provider, httpStatus: status };
  const what = `${request.operation} at provider "${provider}"`;
  if (status === 401 || status === 403) {
    return new GatewayError('UPSTREAM_ERROR', `Provider "${provider}" rejected the gateway's credentials (HTTP ${status}) during ${request.operation}`, options);
  }
  if (status === 404) return new GatewayError('NOT_FOUND', `Not found: ${what} (HTTP 404)`, options);
  if (status === 429) {
    const later = retryAfterSeconds === undefined ? '' : `; retry after ${retryAfterSeconds} s`;
    return new GatewayError('RATE_LIMITED', `Provider "${provider}" is rate limiting requests (HTTP 429) during ${request.operation}${later}`, {
      ...options,
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    });
  }
  if (status === 408) return new GatewayError('UPSTREAM_TIMEOUT', `Provider "${provider}" timed out (HTTP 408) during ${request.operation}${mayHaveApplied(request)}`, options);
  if (status === 409 || (status === 400 && request.on400 === 'precondition')) {
    return new GatewayError('PRECONDITION_FAILED', `Provider "${provider}" refused ${request.operation}: the execution is not in a state that allows it (HTTP ${status})`, options);
  }
  if (status === 400 || status === 413 || status === 415 || status === 422) {
    return new GatewayError('BAD_USER_INPUT', `Provider "${provider}" rejected the request as invalid (HTTP ${status}) during ${request.operation}`, options);
  }
  if (status >= 500) {
    return new GatewayError('UPSTREAM_UNAVAILABLE', `Provider "${provider}" failed (HTTP ${status}) during ${request.operation}${mayHaveApplied(request)}`, options);
  }
  return new GatewayError('UPSTREAM_ERROR', `Unexpected answer from provider "${provider}" (HTTP ${status}) during ${request.operation}`, options);
}

export function deadlineExceeded(provider: string, request: Pick<UpstreamRequest, 'method' | 'operation'>, timeoutMs: number): GatewayError {
  return new GatewayError(
    'UPSTREAM_TIMEOUT',
    `Provider "${provider}" did not answer ${request.operation} within ${timeoutMs} ms${mayHaveApplied(request)}`,
    { provider },
  );
}

export function transportFailure(provider: string, request: Pick<UpstreamRequest, 'method' | 'operation'>, cause: unknown): GatewayError {
  const code = typeof cause === 'object' && cause !== null ? (cause as { code?: unknown }).code : undefined;
  const reason = code === 'ECONNREFUSED' ? 'refused the connection' : 'closed the connection';
  return new GatewayError('UPSTREAM_UNAVAILABLE', `Provider "${provider}" ${reason} during ${request.operation}${mayHaveApplied(request)}`, {
    provider,
  });
}

export function malformedBody(provider: string, request: Pick<UpstreamRequest, 'operation'>, status: number, problem: string): GatewayError {
  return new GatewayError('UPSTREAM_ERROR', `Provider "${provider}" sent ${problem} (HTTP ${status}) for ${request.operation}`, {
    provider,
    httpStatus: status,
  });
}

/**
 * A body that parsed but lacks what every record needs (an id, a readable creation time): the
 * mapping that finds out knows neither the status nor the operation.
 */
export function malformedRecord(provider: string, problem: string): GatewayError {
  return new GatewayError('UPSTREAM_ERROR', `Provider "${provider}" sent ${problem}`, { provider });
}

/** Whether a failed call is worth repeating: only what another attempt may fix. */
export function isRetryable(error: GatewayError): boolean {
  return error.code === 'UPSTREAM_UNAVAILABLE' || error.code === 'UPSTREAM_TIMEOUT' || error.code === 'RATE_LIMITED';
}

function mayHaveApplied(request: Pick<UpstreamRequest, 'method'>): string {
  return request.method === 'GET' ? '' : '; it may or may not have been applied upstream';
}
