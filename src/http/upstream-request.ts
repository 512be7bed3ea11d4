import type { IncomingHttpHeaders } from 'node:http';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];

export interface UpstreamRequest {
  method: HttpMethod;
  /** Path below the provider's base URL, starting with `/`, segments already encoded. */
  path: string;
  /** Arrays become repeated parameters (`a=1&a=2`); null and undefined are left out. */
  query?: Readonly<Record<string, QueryValue>>;
  /** JSON-serialized into the request body. */
  body?: unknown;
  headers?: Readonly<Record<string, string>>;
  /** False for calls that authenticate themselves (a key in the query string). Default true. */
  auth?: boolean;
  /** What the call does, for error messages ("cancel execution"). Never include ids with secrets. */
  operation: string;
  /** Per-attempt deadline; defaults to the provider's timeoutMs. */
  timeoutMs?: number;
  /** Cancels the call (the client went away). */
  signal?: AbortSignal;
  /** How an upstream 400 is reported: a write whose precondition failed, or input the upstream refused. */
  on400?: 'precondition' | 'bad-input';
  /** Set false to forbid retries of a GET (the live poller has its own backoff). POST/PATCH never retry. */
  retry?: boolean;
  /**
   * Error statuses that are this upstream's answer about the request rather than a sign of
   * ill health (FlowMason answers a failed flow with an empty 500): the circuit breaker does
   * not count them.
   */
  answerStatuses?: readonly number[];
}

export interface UpstreamResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** Parsed JSON, or undefined for an empty body. */
  body: unknown;
}
