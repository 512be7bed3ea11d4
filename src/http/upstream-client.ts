import { Pool } from 'undici';
import { defaultBreaker } from '../config/gateway-config.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { Logger } from '../log/logger.js';
import { AbortEmitter } from '../util/abort-emitter.js';
import { abortableSleep } from '../util/abortable-sleep.js';
import { AttemptDeadline, type CallAbort } from './attempt-deadline.js';
import { CircuitBreaker, isUpstreamFailure, type CircuitSnapshot } from './circuit-breaker.js';
import { InFlightGets } from './in-flight-gets.js';
import { queryString } from './query-string.js';
import { parseRetryAfter } from './retry-after.js';
import { deadlineExceeded, errorForStatus, isRetryable, malformedBody, transportFailure } from './upstream-failure.js';
import { noInstruments, outcomeOfFailure, type UpstreamInstruments, type UpstreamRequestMeter, type UpstreamSpan, type UpstreamTracer } from './upstream-instruments.js';
import type { UpstreamRequest, UpstreamResponse } from './upstream-request.js';

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
  /** Metrics and traces of every request sent (default none: a request then pays nothing for them). */
  instruments?: UpstreamInstruments;
}

export interface UpstreamStats {
  /** HTTP requests sent, retries included. */
  requests: number;
  failures: number;
}

const maxResponseBytes = 64 * 1024 * 1024;
const jsonBody = { 'content-type': 'application/json' } as const;

type HeaderSet = Readonly<Record<string, string>>;

/**
 * One provider's HTTP plumbing on one undici Pool: a deadline per attempt (attempt-deadline.ts;
 * undici's own timers tick at ~1 s), a bounded retry of GETs with jittered backoff that honours
 * Retry-After, and every failure mapped to a contract code in upstream-failure.ts.
 * A POST or PATCH is never retried: a lost answer must not start a second paid run.
 */
export class UpstreamClient {
  readonly provider: string;
  readonly timeoutMs: number;
  readonly stats: UpstreamStats = { requests: 0, failures: 0 };
  #pool: Pool;
  #pathPrefix: string;
  #defaultHeaders: HeaderSet;
  #authHeaders: HeaderSet;
  /** A request that sets no headers of its own sends one of these, by [authenticated][with a JSON body]; undici only reads them. */
  #commonHeaders: readonly [readonly [HeaderSet, HeaderSet], readonly [HeaderSet, HeaderSet]];
  #logger: Logger;
  #maxAttempts: number;
  #breaker: CircuitBreaker;
  #inFlight = new InFlightGets();
  #meter: UpstreamRequestMeter | null;
  #tracer: UpstreamTracer | null;

  constructor(options: UpstreamClientOptions) {
    const url = new URL(options.baseUrl);
    this.provider = options.provider;
    this.timeoutMs = options.timeoutMs;
    this.#pathPrefix = url.pathname.replace(/\/+$/, '');
    this.#pool = new Pool(url.origin, {
      connections: options.connections ?? 64,
      pipelining: 1,
      keepAliveTimeout: 10_000,
      // Deadlines come from an AttemptDeadline per attempt; undici's coarse timers would only cut long
      // synchronous runs (AirOps execute may block for 10 minutes).
      headersTimeout: 0,
      bodyTimeout: 0,
      maxResponseSize: maxResponseBytes,
    });
    this.#authHeaders = options.authHeaders;
    this.#defaultHeaders = { accept: 'application/json', 'user-agent': 'runql' };
    const plain = this.#defaultHeaders;
    const authenticated = { ...plain, ...options.authHeaders };
    this.#commonHeaders = [
      [Object.freeze({ ...plain }), Object.freeze({ ...plain, ...jsonBody })],
      [Object.freeze(authenticated), Object.freeze({ ...authenticated, ...jsonBody })],
    ];
    this.#logger = options.logger;
    this.#maxAttempts = options.maxAttempts ?? 3;
    this.#breaker = new CircuitBreaker({ provider: options.provider, ...(options.breaker ?? defaultBreaker) });
    const instruments = options.instruments ?? noInstruments;
    this.#meter = instruments.meter;
    this.#tracer = instruments.tracer;
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
    if (request.method === 'GET') return this.#inFlight.share(request, this.#sendShared);
    this.#inFlight.forgetAll();
    try {
      return await this.#sendAdmitted(request, request.call.signal);
    } finally {
      this.#inFlight.forgetAll();
    }
  }

  /** A shared read ends with its shared abort, never with the signal of the caller that started it. */
  #sendShared = (request: UpstreamRequest, abort: AbortEmitter): Promise<UpstreamResponse> => this.#sendAdmitted(request, abort);

  async #sendAdmitted(request: UpstreamRequest, abort: CallAbort | undefined): Promise<UpstreamResponse> {
    this.#breaker.admit(request.operation);
    try {
      const response = await this.#sendWithRetries(request, abort);
      this.#breaker.succeeded();
      return response;
    } catch (error) {
      if (!GatewayError.is(error)) this.#breaker.abandoned();
      else if (isUpstreamFailure(error) && !request.answerStatuses?.includes(error.httpStatus ?? -1)) this.#breaker.failed();
      else this.#breaker.succeeded();
      throw error;
    }
  }

  async #sendWithRetries(request: UpstreamRequest, abort: CallAbort | undefined): Promise<UpstreamResponse> {
    // Only a GET may retry, and only when the caller allows it: a lost answer to a write must not run it twice.
    const retryable = request.method === 'GET' && request.call.retry !== false;
    const attemptTimeout = request.timeoutMs ?? this.timeoutMs;
    const budgetEnds = Date.now() + 3 * attemptTimeout;
    for (let attempt = 1; ; attempt++) {
      const remaining = budgetEnds - Date.now();
      try {
        return await this.#attempt(request, Math.min(attemptTimeout, Math.max(remaining, 1)), abort);
      } catch (error) {
        if (!GatewayError.is(error)) throw error;
        this.stats.failures += 1;
        if (!retryable || attempt >= this.#maxAttempts || !isRetryable(error)) throw error;
        const delay = this.#backoff(attempt, error.retryAfterSeconds);
        if (Date.now() + delay >= budgetEnds - 1) throw error;
        await abortableSleep(delay, abort instanceof AbortEmitter ? abort.signal : abort);
      }
    }
  }

  async close(): Promise<void> {
    await this.#pool.close();
  }

  /** One HTTP request; with metrics or traces on, it is counted and spanned once, whatever its outcome. */
  #attempt(request: UpstreamRequest, timeoutMs: number, abort: CallAbort | undefined): Promise<UpstreamResponse> {
    if (abort?.aborted) return Promise.reject(abort.reason);
    if (this.#meter === null && this.#tracer === null) return this.#send(request, timeoutMs, abort, undefined);
    return this.#observedAttempt(request, timeoutMs, abort);
  }

  async #observedAttempt(request: UpstreamRequest, timeoutMs: number, abort: CallAbort | undefined): Promise<UpstreamResponse> {
    const startedAt = performance.now();
    const span: UpstreamSpan | null = this.#tracer === null ? null : this.#tracer.start(request.method, this.#pathPrefix + request.path);
    try {
      const response = await this.#send(request, timeoutMs, abort, span?.traceparent);
      this.#meter?.ended('ok', startedAt);
      span?.end('ok', response.status);
      return response;
    } catch (error) {
      const outcome = outcomeOfFailure(error);
      this.#meter?.ended(outcome, startedAt);
      span?.end(outcome, GatewayError.is(error) ? error.httpStatus : undefined);
      throw error;
    }
  }

  async #send(request: UpstreamRequest, timeoutMs: number, abort: CallAbort | undefined, traceparent: string | undefined): Promise<UpstreamResponse> {
    const deadline = new AttemptDeadline(timeoutMs, abort);
    this.stats.requests += 1;
    try {
      const body = request.body === undefined ? undefined : JSON.stringify(request.body);
      const response = await this.#pool.request({
        method: request.method,
        path: this.#pathPrefix + request.path + queryString(request.query),
        headers: traceparent === undefined ? this.#headersOf(request) : { ...this.#headersOf(request), traceparent },
        body,
        signal: deadline,
      });
      const status = response.statusCode;
      if (status < 200 || status >= 300) {
        await response.body.dump().catch(() => undefined);
        throw errorForStatus(this.provider, request, status, parseRetryAfter(response.headers['retry-after']));
      }
      const text = await response.body.text();
      return { status, headers: response.headers, body: this.#parseJson(text, request, status) };
    } catch (error) {
      if (GatewayError.is(error)) throw error;
      if (deadline.deadlineReached) throw deadlineExceeded(this.provider, request, timeoutMs);
      if (abort?.aborted) throw abort.reason;
      if (isResponseTooLarge(error)) throw malformedBody(this.provider, request, 200, 'a response larger than 64 MiB');
      this.#logger.debug('upstream transport failure', { provider: this.provider, operation: request.operation, error: errorCode(error) });
      throw transportFailure(this.provider, request, error);
    } finally {
      deadline.finish();
    }
  }

  #headersOf(request: UpstreamRequest): HeaderSet {
    const withBody = request.body !== undefined;
    if (request.headers === undefined) return this.#commonHeaders[request.auth === false ? 0 : 1][withBody ? 1 : 0];
    const headers: Record<string, string> = { ...this.#defaultHeaders, ...request.headers };
    if (request.auth !== false) Object.assign(headers, this.#authHeaders);
    if (withBody) Object.assign(headers, jsonBody);
    return headers;
  }

  #parseJson(text: string, request: UpstreamRequest, status: number): unknown {
    if (text.length === 0) return undefined;
    try {
      return JSON.parse(text);
    } catch {
      throw malformedBody(this.provider, request, status, 'a malformed JSON body');
    }
  }

  #backoff(attempt: number, retryAfterSeconds: number | undefined): number {
    if (retryAfterSeconds !== undefined) return retryAfterSeconds * 1000;
    const ceiling = Math.min(1000, 100 * 2 ** (attempt - 1));
    return ceiling / 2 + Math.random() * (ceiling / 2);
  }
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
