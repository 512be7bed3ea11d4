import type { IncomingHttpHeaders } from 'node:http';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];

/**
 * What the caller of a provider operation asks of its upstream calls. It travels whole from the
 * caller to the HTTP layer (UpstreamRequest.call): nothing on the way picks parts of it.
 */
export interface CallOptions {
  /** Aborts the upstream call when the client is gone. */
  signal?: AbortSignal;
  /**
   * False: a read makes one attempt. The live poller passes it to `get` and the batch poll: it
   * backs off on its own, and in-call retries would cost several upstream calls per tick
   * against an upstream that is already failing. POST and PATCH never retry, whatever it says.
   */
  retry?: boolean;
}

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
  /** The caller's options, whole: its abort signal, and for a GET whether it may retry. */
  call: CallOptions;
  /** How an upstream 400 is reported: a write whose precondition failed, or input the upstream refused. */
  on400?: 'precondition' | 'bad-input';
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
