import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWebSocketClient, type Client as WebSocketClient } from 'graphql-ws';
import WebSocket from 'ws';

/** `sse-single`: graphql-sse's single connection mode (a PUT reservation, then one stream for every operation). */
export type Transport = 'sse' | 'sse-single' | 'ws';

export interface LiveResult<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown> & { code?: string } }[];
}

/** One subscription seen from a real client: what it received, and how it ended. */
export interface LiveSubscription<T = Record<string, unknown>> {
  readonly results: LiveResult<T>[];
  /** Set once the server completed the operation. */
  readonly completed: boolean;
  /** Set when the transport reported an error (not a GraphQL error inside a result). */
  readonly transportError: unknown;
  /** Waits (bounded) until at least `count` results arrived. */
  waitForResults(count: number): Promise<LiveResult<T>[]>;
  /** Waits (bounded) until the server completed the operation. */
  waitForCompletion(): Promise<LiveResult<T>[]>;
  unsubscribe(): void;
}

export interface LiveClient {
  subscribe<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): LiveSubscription<T>;
  close(): Promise<void>;
}

/**
 * graphql-sse in distinct-connections mode (one HTTP request per subscription, as Yoga serves
 * it), or one graphql-ws socket multiplexing every subscription of the client.
 */
export function createLiveClient(transport: Transport, url: string, headers: Record<string, string> = {}): LiveClient {
  if (transport === 'sse' || transport === 'sse-single') {
    const client = createSseClient({ url, retryAttempts: 0, headers, singleConnection: transport === 'sse-single' });
    return {
      subscribe: (query, variables) => track((sink) => client.subscribe({ query, ...(variables ? { variables } : {}) }, sink)),
      close: async () => client.dispose(),
    };
  }
  const socketUrl = url.replace(/^http/, 'ws');
  const authorization = headers.authorization ?? headers.Authorization;
  const client: WebSocketClient = createWebSocketClient({
    url: socketUrl,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
    ...(authorization ? { connectionParams: { Authorization: authorization } } : {}),
  });
  return {
    subscribe: (query, variables) => track((sink) => client.subscribe({ query, ...(variables ? { variables } : {}) }, sink)),
    close: async () => client.dispose(),
  };
}

interface Sink {
  next(value: unknown): void;
  error(error: unknown): void;
  complete(): void;
}

function track<T>(start: (sink: Sink) => () => void): LiveSubscription<T> {
  const results: LiveResult<T>[] = [];
  let completed = false;
  let transportError: unknown;
  const unsubscribe = start({
    next: (value) => results.push(value as LiveResult<T>),
    error: (error) => {
      transportError = error;
    },
    complete: () => {
      completed = true;
    },
  });
  const subscription: LiveSubscription<T> = {
    results,
    get completed() {
      return completed;
    },
    get transportError() {
      return transportError;
    },
    async waitForResults(count) {
      await until(() => results.length >= count || completed || transportError !== undefined, `${count} results (have ${results.length})`);
      if (results.length < count) throw new Error(`ended with ${results.length} results, wanted ${count}: ${describe(transportError)}`);
      return results;
    },
    async waitForCompletion() {
      await until(() => completed || transportError !== undefined, 'completion');
      if (!completed) throw new Error(`transport error instead of completion: ${describe(transportError)}`);
      return results;
    },
    unsubscribe,
  };
  return subscription;
}

/** Polls `condition` every few ms until it holds; fails after a generous bound (never an assertion about time). */
export async function until(condition: () => boolean | Promise<boolean>, what: string, boundMs = 15_000): Promise<void> {
  const giveUpAt = Date.now() + boundMs;
  while (!(await condition())) {
    if (Date.now() > giveUpAt) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function describe(error: unknown): string {
  if (error === undefined) return 'none';
  if (error instanceof Error) return error.message;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}
