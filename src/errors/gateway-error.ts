import type { ErrorCode } from './error-code.js';

const brand = Symbol.for('runql.GatewayError');

export interface GatewayErrorOptions {
  provider?: string;
  /** The upstream's HTTP status, when an upstream answer caused this error. */
  httpStatus?: number;
  retryAfterSeconds?: number;
  /** True when the upstream certainly did not apply a write (e.g. FlowMason's empty 500 on a start). */
  notApplied?: boolean;
  /** A dependency of the gateway itself that caused this error (`redis`), not an upstream. */
  dependency?: string;
  cause?: unknown;
}

/**
 * The one error type of runql. Adapters, the HTTP layer and the operations throw it; the
 * server's error masking turns it into a GraphQL error with `extensions.code` (and provider,
 * httpStatus, retryAfterSeconds). The message must never contain an upstream body or secret.
 */
export class GatewayError extends Error {
  readonly [brand] = true;
  readonly code: ErrorCode;
  readonly provider: string | undefined;
  readonly httpStatus: number | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly notApplied: boolean;
  readonly dependency: string | undefined;

  constructor(code: ErrorCode, message: string, options: GatewayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GatewayError';
    this.code = code;
    this.provider = options.provider;
    this.httpStatus = options.httpStatus;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.notApplied = options.notApplied ?? false;
    this.dependency = options.dependency;
  }

  /** Survives duplicate copies of this module (a brand, not instanceof). */
  static is(value: unknown): value is GatewayError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  }

  /** The `extensions` a client sees. */
  toExtensions(): Record<string, unknown> {
    const extensions: Record<string, unknown> = { code: this.code };
    if (this.provider !== undefined) extensions.provider = this.provider;
    if (this.httpStatus !== undefined) extensions.httpStatus = this.httpStatus;
    if (this.retryAfterSeconds !== undefined) extensions.retryAfterSeconds = this.retryAfterSeconds;
    if (this.dependency !== undefined) extensions.dependency = this.dependency;
    return extensions;
  }
}

export function badUserInput(message: string): GatewayError {
  return new GatewayError('BAD_USER_INPUT', message);
}

export function notSupported(provider: string, operation: string): GatewayError {
  return new GatewayError('NOT_SUPPORTED', `Provider "${provider}" does not support ${operation}`, { provider });
}

export function notFound(message: string, provider?: string): GatewayError {
  return new GatewayError('NOT_FOUND', message, provider === undefined ? {} : { provider });
}

export function preconditionFailed(message: string, provider: string, httpStatus?: number): GatewayError {
  return new GatewayError('PRECONDITION_FAILED', message, httpStatus === undefined ? { provider } : { provider, httpStatus });
}
