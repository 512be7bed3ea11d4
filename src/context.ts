import type { GatewayError } from './errors/gateway-error.js';
import type { Gateway } from './gateway.js';
import type { CallOptions } from './http/upstream-request.js';
import { RequestLoaders } from './loaders/request-loaders.js';

/** Who is calling: the providers their key may see (null: all). */
export interface ClientIdentity {
  /** Stable per client key (never the key itself); 'anonymous' when auth is off. */
  id: string;
  allowedProviders: ReadonlySet<string> | null;
}

/** An error that accompanies data (a provider missing from a listing), at the field it concerns. */
export interface ReportedError {
  error: GatewayError;
  path: readonly (string | number)[];
}

/**
 * Per operation: request-scoped loaders, the caller's identity, and the shared gateway. A plain
 * object of values and functions, no getters: whoever builds the operation's context may copy
 * it (Object.assign or property descriptors) and every copy shares the same loaders.
 */
export interface GatewayContext {
  gateway: Gateway;
  identity: ClientIdentity;
  /**
   * The options of every upstream call this operation makes: the signal that aborts them when
   * the client goes away. Built on first use (creating a request's AbortSignal has a cost on
   * the hot path, and many operations never need it).
   */
  callOptions(): CallOptions;
  /** Executions by id, parents, children of this operation, and the records it already holds (see RequestLoaders). */
  readonly loaders: RequestLoaders;
  /** Adds an error to the response's `errors` while the field still answers with data. */
  reportError(error: GatewayError, path: readonly (string | number)[]): void;
  /** The reported errors, once (the partial-errors plugin takes them when the operation ends). */
  takeReportedErrors(): ReportedError[];
  /**
   * Drops this context's loaders so the next field resolution reads afresh. A subscription
   * lives for many events under one context; each event must not see the previous one's reads,
   * nor a finished execution remembered by the cache: renewed loaders read the upstream.
   */
  renewLoaders(): void;
}

export function createContext(gateway: Gateway, identity: ClientIdentity, signal: () => AbortSignal | undefined): GatewayContext {
  let callOptions: CallOptions | undefined;
  let reported: ReportedError[] | undefined;
  const options = (): CallOptions => {
    if (callOptions === undefined) {
      const current = signal();
      callOptions = current ? { signal: current } : {};
    }
    return callOptions;
  };
  const loaders = new RequestLoaders(gateway, options);
  return {
    gateway,
    identity,
    callOptions: options,
    loaders,
    reportError(error, path) {
      (reported ??= []).push({ error, path });
    },
    takeReportedErrors() {
      const taken = reported ?? [];
      reported = undefined;
      return taken;
    },
    renewLoaders() {
      loaders.renew();
    },
  };
}
