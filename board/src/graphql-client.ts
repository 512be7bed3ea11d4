import { createClient, type Client } from 'graphql-sse';
import type { TypedDocumentString } from './gql/graphql.js';

const endpoint = '/graphql';
const keyStorage = 'runql.board.apiKey';

export interface GraphQLErrorShape {
  message: string;
  extensions?: { code?: string; provider?: string } & Record<string, unknown>;
}

/** A GraphQL answer that carries errors (an upstream failing, a refused action, a refused key). */
export class OperationError extends Error {
  readonly errors: GraphQLErrorShape[];

  constructor(errors: GraphQLErrorShape[]) {
    super(errors.map((error) => error.message).join('; '));
    this.errors = errors;
  }

  get code(): string | undefined {
    return this.errors[0]?.extensions?.code;
  }
}

export function isRefusedKey(error: unknown): boolean {
  return error instanceof OperationError && error.code === 'UNAUTHENTICATED';
}

/** The client key, kept for this tab only. */
export const clientKey = {
  get(): string | null {
    return sessionStorage.getItem(keyStorage);
  },
  set(key: string): void {
    sessionStorage.setItem(keyStorage, key);
  },
  clear(): void {
    sessionStorage.removeItem(keyStorage);
  },
};

function authorization(): Record<string, string> {
  const key = clientKey.get();
  return key ? { Authorization: `Bearer ${key}` } : {};
}

export interface Answer<T> {
  data: T | null;
  /** Errors that came with data (a provider missing from a listing). */
  errors: GraphQLErrorShape[];
}

/** A query or mutation over POST; errors without data throw an OperationError. */
export async function request<T, V>(document: TypedDocumentString<T, V>, variables: V): Promise<Answer<T>> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...authorization() },
    body: JSON.stringify({ query: document.toString(), variables }),
  });
  let body: { data?: T | null; errors?: GraphQLErrorShape[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new OperationError([{ message: `The gateway answered HTTP ${response.status}` }]);
  }
  const errors = body.errors ?? [];
  if (body.data === undefined || body.data === null) throw new OperationError(errors.length > 0 ? errors : [{ message: 'No data' }]);
  return { data: body.data, errors };
}

let sseClient: Client | null = null;

/** GraphQL-over-SSE with fetch (so the key travels as a header), every subscription on its own stream. */
function subscriptionClient(): Client {
  sseClient ??= createClient({ url: endpoint, headers: authorization, retryAttempts: 5 });
  return sseClient;
}

/** Subscribes until the returned function is called; `onError` hears transport and GraphQL errors. */
export function subscribe<T, V>(
  document: TypedDocumentString<T, V>,
  variables: V,
  handlers: { next(data: T): void; error(error: unknown): void; complete?(): void },
): () => void {
  return subscriptionClient().subscribe<T>(
    { query: document.toString(), variables: variables as Record<string, unknown> },
    {
      next: (result) => {
        if (result.errors && result.errors.length > 0) handlers.error(new OperationError([...result.errors] as unknown as GraphQLErrorShape[]));
        else if (result.data) handlers.next(result.data);
      },
      error: (error) => handlers.error(Array.isArray(error) ? new OperationError(error as GraphQLErrorShape[]) : error),
      complete: () => handlers.complete?.(),
    },
  );
}

/** After a key change: new streams carry the new key. */
export function resetSubscriptions(): void {
  sseClient?.dispose();
  sseClient = null;
}
