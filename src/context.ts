import type DataLoader from 'dataloader';
import type { Gateway } from './gateway.js';
import { createExecutionLoader, type ExecutionKey } from './loaders/execution-loader.js';
import type { ExecutionRecord } from './model/execution-record.js';

/** Who is calling: the providers their key may see (null: all). */
export interface ClientIdentity {
  /** Stable per client key (never the key itself); 'anonymous' when auth is off. */
  id: string;
  allowedProviders: ReadonlySet<string> | null;
}

/** Per operation: request-scoped loaders, the caller's identity, and the shared gateway. */
export interface GatewayContext {
  gateway: Gateway;
  identity: ClientIdentity;
  /** Aborted when the client goes away. */
  signal: AbortSignal | undefined;
  readonly executionLoader: DataLoader<ExecutionKey, ExecutionRecord | null, string>;
  /**
   * Drops this context's loaders so the next field resolution reads afresh. A subscription
   * lives for many events under one context; each event must not see the previous one's reads.
   */
  renewLoaders(): void;
}

/**
 * `signal` is read lazily: creating a request's AbortSignal has a cost on the hot path, and
 * many operations never need it. Loaders are built on first use for the same reason.
 */
export function createContext(gateway: Gateway, identity: ClientIdentity, signal: () => AbortSignal | undefined): GatewayContext {
  let executionLoader: DataLoader<ExecutionKey, ExecutionRecord | null, string> | undefined;
  return {
    gateway,
    identity,
    get signal() {
      return signal();
    },
    get executionLoader() {
      executionLoader ??= createExecutionLoader(gateway.registry, signal());
      return executionLoader;
    },
    renewLoaders() {
      executionLoader = undefined;
    },
  };
}
