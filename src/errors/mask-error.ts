import { GraphQLError } from 'graphql';
import { errorCodes } from './error-code.js';
import { GatewayError } from './gateway-error.js';
import type { UnexpectedErrorLog } from './unexpected-error-log.js';

/**
 * The one place where errors become what a client sees (Yoga's maskedErrors.maskError):
 * a GatewayError keeps its message and contract extensions; GraphQL's own request errors
 * keep theirs (BAD_USER_INPUT added where graphql-js gives none, e.g. variable coercion);
 * anything else is masked as INTERNAL_SERVER_ERROR with no detail and logged (a bug, or a
 * client that went away: see UnexpectedErrorLog).
 */
export function createMaskError(errorLog: UnexpectedErrorLog): (error: unknown, message: string) => Error {
  return function maskError(error: unknown, message: string): Error {
    const graphQLError = error instanceof GraphQLError ? error : undefined;
    const original = graphQLError ? graphQLError.originalError : error;

    if (GatewayError.is(original)) {
      return located(new GraphQLError(original.message, { ...locationOf(graphQLError), extensions: httpExtensions(original) }), graphQLError);
    }
    if (graphQLError && isOwnGraphQLError(graphQLError)) {
      // graphql-jit's errors may have no extensions object at all.
      const code = graphQLError.extensions?.code;
      if (typeof code === 'string' && passThroughCodes.has(code)) return graphQLError;
      // Yoga's own request errors (BAD_REQUEST, OPERATION_RESOLUTION_FAILURE ...) are the client's
      // mistakes; they keep their HTTP status and headers (405's Allow) but not their extras (e.g.
      // an echo of the body).
      if (typeof code === 'string') {
        const http = httpOf(graphQLError);
        return located(
          new GraphQLError(graphQLError.message, {
            ...locationOf(graphQLError),
            extensions: { code: 'BAD_USER_INPUT', ...(http ? { http } : {}) },
          }),
          graphQLError,
        );
      }
      // Errors with a path arise while resolving fields: graphql-js only makes those from our own values.
      if (graphQLError.path === undefined) {
        return located(
          new GraphQLError(graphQLError.message, {
            ...locationOf(graphQLError),
            extensions: { ...graphQLError.extensions, code: 'BAD_USER_INPUT' },
          }),
          graphQLError,
        );
      }
    }
    const cause = original instanceof Error ? original : graphQLError;
    errorLog.report(cause ?? error);
    return located(new GraphQLError(message, { ...locationOf(graphQLError), extensions: { code: 'INTERNAL_SERVER_ERROR' } }), graphQLError);
  };
}

/** Codes a client may see as they are: the contract's, and GraphQL's own document rejections. */
const passThroughCodes: ReadonlySet<string> = new Set([...errorCodes, 'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'INTERNAL_SERVER_ERROR']);

/** A GraphQLError graphql-js or Yoga raised itself (not wrapping a thrown error). */
function isOwnGraphQLError(error: GraphQLError): boolean {
  let current: unknown = error;
  while (current instanceof GraphQLError) {
    if (!current.originalError) return true;
    current = current.originalError;
  }
  return false;
}

/**
 * graphql-jit (see use-compiled-execution.ts) gives its errors `locations` without the nodes or
 * positions they come from in graphql-js: the masked error keeps them all the same.
 */
function located(masked: GraphQLError, error: GraphQLError | undefined): GraphQLError {
  if (masked.locations === undefined && error?.locations !== undefined && error.locations.length > 0) {
    (masked as { locations: GraphQLError['locations'] }).locations = error.locations;
  }
  return masked;
}

function locationOf(error: GraphQLError | undefined): { nodes?: GraphQLError['nodes']; source?: GraphQLError['source']; positions?: readonly number[]; path?: readonly (string | number)[] } {
  if (!error) return {};
  return {
    ...(error.nodes ? { nodes: error.nodes } : {}),
    ...(error.source ? { source: error.source } : {}),
    ...(error.positions ? { positions: error.positions } : {}),
    ...(error.path ? { path: error.path } : {}),
  };
}

/**
 * The HTTP status and response headers Yoga attached to one of its request errors (Yoga reads
 * them to answer, and leaves them out of the body); not `spec`, so the status always applies.
 */
function httpOf(error: GraphQLError): { status?: number; headers?: Record<string, string> } | undefined {
  const http = error.extensions.http as { status?: unknown; headers?: unknown } | undefined;
  const status = typeof http?.status === 'number' ? http.status : undefined;
  const headers = typeof http?.headers === 'object' && http.headers !== null ? stringHeaders(http.headers as Record<string, unknown>) : undefined;
  if (status === undefined && headers === undefined) return undefined;
  return { ...(status !== undefined ? { status } : {}), ...(headers !== undefined ? { headers } : {}) };
}

function stringHeaders(headers: Record<string, unknown>): Record<string, string> | undefined {
  const entries = Object.entries(headers).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** Contract extensions, plus the HTTP status Yoga should answer for client-level failures. */
function httpExtensions(error: GatewayError): Record<string, unknown> {
  const extensions = error.toExtensions();
  if (error.code === 'UNAUTHENTICATED') extensions.http = { status: 401 };
  return extensions;
}
