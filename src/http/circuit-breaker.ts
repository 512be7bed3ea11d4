import { GatewayError } from '../errors/gateway-error.js';

export type CircuitState = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

export interface CircuitBreakerOptions {
  provider: string;
  /** Consecutive failed operations that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit fails fast before one probe is let through. */
  cooldownMs: number;
  now?: () => number;
}

export interface CircuitSnapshot {
  state: CircuitState;
  consecutiveFailures: number;
  /** When the circuit last opened (epoch ms), while it is not closed. */
  openedAt: number | null;
}

/**
 * Per provider: after `failureThreshold` consecutive failed operations (an operation's own
 * retries count once), calls fail fast with UPSTREAM_UNAVAILABLE for `cooldownMs`, then a
 * single probe decides whether the upstream is back. A dead upstream then costs no sockets,
 * no deadlines and no upstream load, and other providers are untouched.
 */
export class CircuitBreaker {
  #options: CircuitBreakerOptions;
  #now: () => number;
  #state: CircuitState = 'CLOSED';
  #failures = 0;
  #openedAt: number | null = null;
  #probeInFlight = false;

  constructor(options: CircuitBreakerOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** Throws at once while open; otherwise lets the operation through (as the probe when half-open). */
  admit(operation: string): void {
    if (this.#state === 'CLOSED') return;
    if (this.#state === 'OPEN' && this.#now() - (this.#openedAt ?? 0) >= this.#options.cooldownMs) {
      this.#state = 'HALF_OPEN';
      this.#probeInFlight = false;
    }
    if (this.#state === 'HALF_OPEN' && !this.#probeInFlight) {
      this.#probeInFlight = true;
      return;
    }
    throw new GatewayError(
      'UPSTREAM_UNAVAILABLE',
      `Provider "${this.#options.provider}" is failing; ${operation} was not attempted (circuit open after ${this.#failures} consecutive failures)`,
      { provider: this.#options.provider, notApplied: true },
    );
  }

  succeeded(): void {
    this.#state = 'CLOSED';
    this.#failures = 0;
    this.#openedAt = null;
    this.#probeInFlight = false;
  }

  failed(): void {
    this.#failures += 1;
    this.#probeInFlight = false;
    if (this.#state === 'HALF_OPEN' || this.#failures >= this.#options.failureThreshold) {
      this.#state = 'OPEN';
      this.#openedAt = this.#now();
    }
  }

  /** The operation ended without a verdict on the upstream (the caller went away). */
  abandoned(): void {
    this.#probeInFlight = false;
  }

  snapshot(): CircuitSnapshot {
    if (this.#state === 'OPEN' && this.#now() - (this.#openedAt ?? 0) >= this.#options.cooldownMs) {
      return { state: 'HALF_OPEN', consecutiveFailures: this.#failures, openedAt: this.#openedAt };
    }
    return { state: this.#state, consecutiveFailures: this.#failures, openedAt: this.#openedAt };
  }
}

/** Failures that say the upstream is unwell, as opposed to an answer about the request. */
export function isUpstreamFailure(error: GatewayError): boolean {
  return error.code === 'UPSTREAM_UNAVAILABLE' || error.code === 'UPSTREAM_TIMEOUT';
}
