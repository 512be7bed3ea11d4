import { GraphQLError } from 'graphql';

// Errors refused before execution, for the transports that drive EnvelopedOperation outside Yoga's HTTP handler (graphql-ws, graphql-sse's single connection mode).

/**
 * A GraphQL error for a client from anything refused before execution, masked like the rest; the
 * `http` extension (status and headers Yoga answers HTTP with) is left out, as Yoga leaves it
 * out of an HTTP body.
 */
export function toClientError(error: unknown, maskError: (error: unknown, message: string) => Error): GraphQLError {
  const masked = maskError(error, 'Unexpected error.');
  if (!(masked instanceof GraphQLError)) return new GraphQLError(masked.message, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  if (masked.extensions.http === undefined) return masked;
  const { http: _http, ...extensions } = masked.extensions;
  return new GraphQLError(masked.message, {
    ...(masked.nodes ? { nodes: masked.nodes } : {}),
    ...(masked.source ? { source: masked.source } : {}),
    ...(masked.positions ? { positions: masked.positions } : {}),
    ...(masked.path ? { path: masked.path } : {}),
    extensions,
  });
}

/**
 * A parse error gets GRAPHQL_PARSE_FAILED as Yoga gives it over HTTP. Yoga's own parse hook does
 * this only for requests that have a fetch Request (a socket has none), and Yoga caches the error
 * object: tagging it here, in place and as Yoga would, also keeps a later HTTP request for the same
 * document from getting the cached error bare.
 */
export function tagParseError(error: unknown): unknown {
  if (error instanceof GraphQLError) {
    const extensions = error.extensions as Record<string, unknown>;
    extensions.code ??= 'GRAPHQL_PARSE_FAILED';
    const http = (extensions.http ??= {}) as { spec?: boolean; status?: number };
    http.spec ??= true;
    http.status ??= 400;
  }
  return error;
}
