import { Pool } from 'undici';
import { defaultBreaker } from '../config/gateway-config.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { Logger } from '../log/logger.js';
import { abortableSleep } from '../util/abortable-sleep.js';
import { CircuitBreaker, isUpstreamFailure, type CircuitSnapshot } from './circuit-breaker.js';
import { InFlightGets } from './in-flight-gets.js';
import { parseRetryAfter } from './retry-after.js';
import { deadlineExceeded, errorForStatus, isRetryable, malformedBody, transportFailure } from './upstream-failure.js';
import type { QueryValue, UpstreamRequest, UpstreamResponse } from './upstream-request.js';

export interface UpstreamClientOptions {
  provider: string;
  baseUrl: string;
  timeoutMs: number;
  /** Headers that authenticate the gateway (the adapter knows the upstream's shape). */
  authHeaders: Readonly<Record<string, string>>;
  logger: Logger;
  /** Attempts for an idempotent GET, the first included. */
  maxAttempts?: number;
  connections?: number;
  /** Circuit breaker settings (config `breaker`); default 5 failures, 1 s cool-down. */
  breaker?: { failureThreshold: number; cooldownMs: number };
}

export interface UpstreamStats {
  /** HTTP requests sent, retries included. */
  requests: number;
  failures: number;
}

const maxResponseBytes = 64 * 1024 * 1024;

/** Aborts an attempt at its deadline; a distinct reason tells the deadline from the caller's abort. */
class DeadlineReached extends Error {}

/**
 * One provider's HTTP plumbing on one undici Pool: deadlines through AbortSignal (undici's own
 * timers tick at ~1 s), a bounded retry of GETs with jittered backoff that honours
 * Retry-After, and every failure mapped to a contract code in upstream-failure.ts.
 * A POST or PATCH is never retried: a lost answer must not start a second paid run.
 */
export class UpstreamClient {
  readonly provider: string;
  readonly timeoutMs: number;
  readonly stats: UpstreamStats = { requests: 0, failures: 0 };
  #pool: Pool;
  #pathPrefix: string;
  #defaultHeaders: Record<string, string>;
  #authHeaders: Readonly<Record<string, string>>;
  #logger: Logger;
  #maxAttempts: number;
  #breaker: CircuitBreaker;
  #inFlight = new InFlightGets();

  constructor(options: UpstreamClientOptions) {
    const url = new URL(options.baseUrl);
    this.provider = options.provider;
    this.timeoutMs = options.timeoutMs;
    this.#pathPrefix = url.pathname.replace(/\/+$/, '');
    this.#pool = new Pool(url.origin, {
      connections: options.connections ?? 64,
      pipelining: 1,
      keepAliveTimeout: 10_000,
      // Deadlines come from AbortSignal per call; undici's coarse timers would only cut long
      // synchronous runs (AirOps execute may block for 10 minutes).
      headersTimeout: 0,
      bodyTimeout: 0,
      maxResponseSize: maxResponseBytes,
    });
    this.#authHeaders = options.authHeaders;
    this.#defaultHeaders = { accept: 'application/json', 'user-agent': 'runql' };
    this.#logger = options.logger;
    this.#maxAttempts = options.maxAttempts ?? 3;
    this.#breaker = new CircuitBreaker({ provider: options.provider, ...(options.breaker ?? defaultBreaker) });
  }

  /** The circuit breaker's state, for the `providers` query. */
  circuit(): CircuitSnapshot {
    return this.#breaker.snapshot();
  }

  /**
   * Sends `request`; resolves with a 2xx answer, or throws a GatewayError. One call, retries
   * included, is one operation for the circuit breaker: any upstream answer (even a 404)
   * proves it alive; only unavailability and deadlines count as failures.
   */
  async send(request: UpstreamRequest): Promise<UpstreamResponse> {
    // Identical concurrent GETs share one call (in-flight-gets.ts); a write makes later GETs start afresh.
    if (request.method === 'GET') return this.#inFlight.share(request, (shared) => this.#sendAdmitted(shared));
    this.#inFlight.forgetAll();
    try {
      return await this.#sendAdmitted(request);
    } finally {
      this.#inFlight.forgetAll();
    }
  }

  async #sendAdmitted(request: UpstreamRequest): Promise<UpstreamResponse> {
    this.#breaker.admit(request.operation);
    try {
      const response = await this.#sendWithRetries(request);
      this.#breaker.succeeded();
      return response;
    } catch (error) {
      if (!GatewayError.is(error)) this.#breaker.abandoned();
      else if (isUpstreamFailure(error) && !request.answerStatuses?.includes(error.httpStatus ?? -1)) this.#breaker.failed();
      else this.#breaker.succeeded();
      throw error;
    }
  }

  async #sendWithRetries(request: UpstreamRequest): Promise<UpstreamResponse> {
    const retryable = request.method === 'GET' && request.retry !== false;
    const attemptTimeout = request.timeoutMs ?? this.timeoutMs;
    const budgetEnds = Date.now() + 3 * attemptTimeout;
    for (let attempt = 1; ; attempt++) {
      const remaining = budgetEnds - Date.now();
      try {
        return await this.#attempt(request, Math.min(attemptTimeout, Math.max(remaining, 1)));
      } catch (error) {
        if (!GatewayError.is(error)) throw error;
        this.stats.failures += 1;
        if (!retryable || attempt >= this.#maxAttempts || !isRetryable(error)) throw error;
        const delay = this.#backoff(attempt, error.retryAfterSeconds);
        if (Date.now() + delay >= budgetEnds - 1) throw error;
        await abortableSleep(delay, request.signal);
      }
    }
  }

  async close(): Promise<void> {
    await this.#pool.close();
  }

  async #attempt(request: UpstreamRequest, timeoutMs: number): Promise<UpstreamResponse> {
    request.signal?.throwIfAborted();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DeadlineReached()), timeoutMs);
    const onCallerAbort = () => controller.abort(request.signal?.reason);
    request.signal?.addEventListener('abort', onCallerAbort, { once: true });
    this.stats.requests += 1;
    try {
      const headers: Record<string, string> = { ...this.#defaultHeaders, ...request.headers };
      if (request.auth !== false) Object.assign(headers, this.#authHeaders);
      let body: string | undefined;
      if (request.body !== undefined) {
        body = JSON.stringify(request.body);
        headers['content-type'] = 'application/json';
      }
      const response = await this.#pool.request({
        method: request.method,
        path: this.#pathPrefix + request.path + queryString(request.query),
        headers,
        body,
        signal: controller.signal,
      });
      const status = response.statusCode;
      if (status < 200 || status >= 300) {
        await response.body.dump().catch(() => undefined);
        throw errorForStatus(this.provider, request, status, parseRetryAfter(response.headers['retry-after']));
      }
      const text = await response.body.text();
      return { status, headers: response.headers, body: parseJson(text, () => malformedBody(this.provider, request, status, 'a malformed JSON body')) };
    } catch (error) {
      if (GatewayError.is(error)) throw error;
      if (controller.signal.reason instanceof DeadlineReached) throw deadlineExceeded(this.provider, request, timeoutMs);
      if (request.signal?.aborted) throw request.signal.reason;
      if (isResponseTooLarge(error)) throw malformedBody(this.provider, request, 200, 'a response larger than 64 MiB');
      this.#logger.debug('upstream transport failure', { provider: this.provider, operation: request.operation, error: errorCode(error) });
      throw transportFailure(this.provider, request, error);
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  #backoff(attempt: number, retryAfterSeconds: number | undefined): number {
    if (retryAfterSeconds !== undefined) return retryAfterSeconds * 1000;
    const ceiling = Math.min(1000, 100 * 2 ** (attempt - 1));
    return ceiling / 2 + Math.random() * (ceiling / 2);
  }
}

function parseJson(text: string, malformed: () => GatewayError): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw malformed();
  }
}

function queryString(query: UpstreamRequest['query']): string {
  if (!query) return '';
  const parts: string[] = [];
  for (const [name, value] of Object.entries(query)) {
    appendQuery(parts, name, value);
  }
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

function appendQuery(parts: string[], name: string, value: QueryValue): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(item))}`);
    return;
  }
  parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`);
}

function isResponseTooLarge(error: unknown): boolean {
  return errorCode(error) === 'UND_ERR_RES_EXCEEDED_MAX_SIZE';
}

function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string') {
    return (error as { code: string }).code;
  }
  return error instanceof Error ? error.name : 'unknown';
}
