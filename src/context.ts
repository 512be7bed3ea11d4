import type DataLoader from 'dataloader';
import type { GatewayError } from './errors/gateway-error.js';
import type { Gateway } from './gateway.js';
import type { ExecutionKey } from './loaders/execution-loader.js';
import { RequestLoaders } from './loaders/request-loaders.js';
import type { ExecutionRecord } from './model/execution-record.js';

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

/** Per operation: request-scoped loaders, the caller's identity, and the shared gateway. */
export interface GatewayContext {
  gateway: Gateway;
  identity: ClientIdentity;
  /** Aborted when the client goes away. */
  signal: AbortSignal | undefined;
  /** Executions by id; records this operation already read are primed in. */
  readonly executionLoader: DataLoader<ExecutionKey, ExecutionRecord | null, string>;
  /** The parent of an execution (keyed by the child). */
  readonly parentLoader: DataLoader<ExecutionRecord, ExecutionRecord | null, string>;
  /** The children of an execution (keyed by the parent). */
  readonly childrenLoader: DataLoader<ExecutionRecord, ExecutionRecord[], string>;
  /** Records this operation read upstream (a list page): later fields use them without another call. */
  holdRecord(record: ExecutionRecord): void;
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

/**
 * `signal` is read lazily: creating a request's AbortSignal has a cost on the hot path, and
 * many operations never need it. Loaders are built on first use for the same reason.
 */
export function createContext(gateway: Gateway, identity: ClientIdentity, signal: () => AbortSignal | undefined): GatewayContext {
  let loaders: RequestLoaders | undefined;
  let useFinished = true;
  let reported: ReportedError[] | undefined;
  const requestLoaders = () => (loaders ??= new RequestLoaders(gateway, signal(), useFinished));
  return {
    gateway,
    identity,
    get signal() {
      return signal();
    },
    get executionLoader() {
      return requestLoaders().executions;
    },
    get parentLoader() {
      return requestLoaders().parents;
    },
    get childrenLoader() {
      return requestLoaders().children;
    },
    holdRecord(record) {
      requestLoaders().hold(record);
    },
    reportError(error, path) {
      (reported ??= []).push({ error, path });
    },
    takeReportedErrors() {
      const taken = reported ?? [];
      reported = undefined;
      return taken;
    },
    renewLoaders() {
      loaders = undefined;
      useFinished = false;
    },
  };
}
