import { GatewayError } from '../errors/gateway-error.js';

/**
 * How one HTTP request to an upstream ended, as `runql_upstream_requests_total` labels it (the
 * contract's six values): by the answer's status when there was one, else by what cut it short.
 * A request the gateway cut because its caller went away (a client disconnected, the last
 * watcher left) ended without an answer on the connection, as a reset does: `network`.
 */
export type UpstreamOutcome = 'ok' | 'client_error' | 'server_error' | 'timeout' | 'network' | 'rate_limited';

export const upstreamOutcomes: readonly UpstreamOutcome[] = ['ok', 'client_error', 'server_error', 'timeout', 'network', 'rate_limited'];

/** Counts one provider's upstream requests; the metrics module implements it, the HTTP layer calls it once per request sent. */
export interface UpstreamRequestMeter {
  /** A request ended; `startedAt` is the `performance.now()` of when it was sent. */
  ended(outcome: UpstreamOutcome, startedAt: number): void;
}

/** The client span of one upstream request. */
export interface UpstreamSpan {
  /** The W3C `traceparent` the request carries, naming this span. */
  readonly traceparent: string;
  /** `status`: the answer's HTTP status, when there was an answer. */
  end(outcome: UpstreamOutcome, status: number | undefined): void;
}

/** Starts client spans for one provider's upstream requests; the tracing module implements it. */
export interface UpstreamTracer {
  /** `path` is the request's path without its query string (which may hold a key). */
  start(method: string, path: string): UpstreamSpan;
}

/** What watches one provider's upstream requests; null members cost the request nothing. */
export interface UpstreamInstruments {
  meter: UpstreamRequestMeter | null;
  tracer: UpstreamTracer | null;
}

export const noInstruments: UpstreamInstruments = { meter: null, tracer: null };

/** The outcome of a request that failed with `error` (a GatewayError from upstream-failure.ts, or the caller's abort reason). */
export function outcomeOfFailure(error: unknown): UpstreamOutcome {
  if (!GatewayError.is(error)) return 'network';
  const status = error.httpStatus;
  if (status !== undefined) return outcomeOfStatus(status);
  return error.code === 'UPSTREAM_TIMEOUT' ? 'timeout' : 'network';
}

export function outcomeOfStatus(status: number): UpstreamOutcome {
  if (status >= 200 && status < 300) return 'ok';
  if (status === 429) return 'rate_limited';
  return status >= 500 ? 'server_error' : 'client_error';
}
