import { createHash } from 'node:crypto';
import { GraphQLError, type ExecutionArgs } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { maxRequestBodyBytes } from '../http-body-limit.js';
import { BoundedMap } from '../util/bounded-map.js';

export interface PersistedQueryLimits {
  /** Documents kept at most; beyond it the oldest go first. */
  maxDocuments: number;
  /** A document larger than this (UTF-8 bytes) runs but is not kept. */
  maxDocumentBytes: number;
  /** Bytes stored before the store starts over (clients resend what they miss). */
  maxTotalBytes: number;
}

export const defaultPersistedQueryLimits: PersistedQueryLimits = {
  maxDocuments: 10_000,
  maxDocumentBytes: Math.min(256 * 1024, maxRequestBodyBytes),
  maxTotalBytes: 64 * 1024 * 1024,
};

/**
 * The documents clients registered by their SHA-256 (lower-case hex), bounded in count and in
 * bytes. The byte count is of what was stored since the last start-over (entries the count
 * bound evicted still count), so it over-estimates: the bound holds, the store just starts
 * over a little early under churn.
 */
export class PersistedQueryStore {
  readonly #documents: BoundedMap<string, string>;
  readonly #limits: PersistedQueryLimits;
  #storedBytes = 0;

  constructor(limits: PersistedQueryLimits = defaultPersistedQueryLimits) {
    this.#limits = limits;
    this.#documents = new BoundedMap({ maxEntries: limits.maxDocuments });
  }

  get(hash: string): string | undefined {
    return this.#documents.get(hash);
  }

  /** Keeps `query` under `hash` (already checked to be its SHA-256) unless it is too large. */
  set(hash: string, query: string): void {
    if (this.#documents.get(hash) !== undefined) return;
    const bytes = Buffer.byteLength(query, 'utf8');
    if (bytes > this.#limits.maxDocumentBytes) return;
    if (this.#storedBytes + bytes > this.#limits.maxTotalBytes) {
      this.#documents.clear();
      this.#storedBytes = 0;
    }
    this.#documents.set(hash, query);
    this.#storedBytes += bytes;
  }

  get size(): number {
    return this.#documents.size;
  }
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

interface RequestParams {
  query?: string | undefined;
  extensions?: Record<string, unknown> | undefined;
}

/** What a request's `extensions.persistedQuery` resolves to. */
export type PersistedQueryResolution =
  /** Run this query; `register` is the hash to store it under once it has been accepted. */
  | { query: string; register: string | undefined }
  | { error: GraphQLError };

const hashPattern = /^[0-9a-f]{64}$/;

/**
 * The Apollo APQ protocol for one request that carries `extensions.persistedQuery` (the caller
 * checks that it does): a known hash without a query gives its document; an unknown one
 * PERSISTED_QUERY_NOT_FOUND (answered with 200, so that clients read it and resend the document);
 * a query with its hash is checked against it and, when they match, may be registered.
 */
export function resolvePersistedQuery(store: PersistedQueryStore, persistedQuery: unknown, query: unknown): PersistedQueryResolution {
  if (typeof persistedQuery !== 'object' || persistedQuery === null || Array.isArray(persistedQuery)) {
    return { error: badUserInput('extensions.persistedQuery must be an object { version: 1, sha256Hash }') };
  }
  const { version, sha256Hash } = persistedQuery as { version?: unknown; sha256Hash?: unknown };
  if (version !== 1) return { error: badUserInput('Unsupported persisted query version: only version 1 is supported') };
  if (typeof sha256Hash !== 'string' || !hashPattern.test(sha256Hash)) {
    return { error: badUserInput('extensions.persistedQuery.sha256Hash must be a SHA-256 in lower-case hex (64 characters)') };
  }
  if (query === undefined || query === null || query === '') {
    const stored = store.get(sha256Hash);
    if (stored === undefined) {
      return { error: new GraphQLError('PersistedQueryNotFound', { extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 200 } } }) };
    }
    return { query: stored, register: undefined };
  }
  if (typeof query !== 'string') return { error: badUserInput('"query" must be a string') };
  if (sha256Hex(query) !== sha256Hash) {
    return { error: badUserInput('extensions.persistedQuery.sha256Hash does not match the SHA-256 of the query') };
  }
  return { query, register: sha256Hash };
}

function badUserInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
}

/**
 * Automatic persisted queries over HTTP (POST and GET; Yoga's own SSE path too). A request
 * without `extensions.persistedQuery` pays one property check. Errors are answered as results
 * (not thrown), so error masking leaves their codes alone. A document is stored only once it
 * has been authenticated, parsed and validated (at execute or subscribe), so a client without
 * a key, or with a document the schema refuses, cannot fill the store.
 */
export function useAutomaticPersistedQueries(store = new PersistedQueryStore()): Plugin {
  // Params whose query matched its hash, waiting to be stored once the operation runs.
  const pending = new WeakMap<object, string>();
  const register = (args: ExecutionArgs): void => {
    const params = (args.contextValue as { params?: object } | null)?.params;
    if (params === undefined) return;
    const hash = pending.get(params);
    if (hash === undefined) return;
    pending.delete(params);
    store.set(hash, (params as RequestParams).query!);
  };
  return {
    onParams({ params, setParams, setResult }) {
      const persistedQuery = (params as RequestParams).extensions?.persistedQuery;
      if (persistedQuery === undefined) return;
      const resolution = resolvePersistedQuery(store, persistedQuery, params.query);
      if ('error' in resolution) {
        setResult({ errors: [resolution.error] });
        // Yoga runs the later onParams hooks even so, and its own check refuses a request without
        // a query ("Must provide query string."): an empty one passes it, and the result above
        // is answered without running anything.
        if (typeof params.query !== 'string') setParams({ ...params, query: '' });
        return;
      }
      if (resolution.register === undefined) {
        setParams({ ...params, query: resolution.query });
        return;
      }
      pending.set(params, resolution.register);
    },
    onExecute({ args }) {
      register(args);
    },
    onSubscribe({ args }) {
      register(args);
    },
  };
}
