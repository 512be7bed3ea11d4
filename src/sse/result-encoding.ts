import { GraphQLError, type ExecutionResult } from 'graphql';
import { isAbortError } from '../errors/abort-error.js';

/** The gateway's maskError as Yoga's masked errors apply it: what a client may see of an error. */
export type MaskError = (error: unknown, message: string) => Error;

/** Yoga's message for an error it masks. */
export const maskedMessage = 'Unexpected error.';

/** The `event: next` frame of one result. */
export function encodeFrame(result: ExecutionResult): Buffer {
  return Buffer.from(`event: next\ndata: ${encodeResult(result)}\n\n`);
}

/** As Yoga's masked errors: a result with errors is a new result with each error masked; one without is left as it is. */
export function maskResult(result: ExecutionResult, maskError: MaskError): ExecutionResult {
  if (result.errors == null) return result;
  return { ...result, errors: result.errors.map((error) => maskError(error, maskedMessage) as GraphQLError) };
}

/** As Yoga's handleError: every error of an aggregate, each masked; an abort is no error for the client. */
export function clientErrors(error: unknown, maskError: MaskError): GraphQLError[] {
  if (typeof error === 'object' && error !== null && Array.isArray((error as { errors?: unknown }).errors)) {
    return (error as { errors: unknown[] }).errors.flatMap((inner) => clientErrors(inner, maskError));
  }
  if (isAbortError(error)) return [];
  const masked = maskError(error, maskedMessage);
  return [masked instanceof GraphQLError ? masked : new GraphQLError(masked.message, { originalError: masked })];
}

/**
 * A result as Yoga writes it into an event: error extensions lose `http` and `unexpected`
 * (how the gateway chose the HTTP status, not something a client reads), and an extension
 * object left empty is dropped.
 */
export function encodeResult(result: ExecutionResult): string {
  if (!result.errors?.length && !result.extensions?.http) return JSON.stringify(result);
  const { http: _http, ...extensions } = result.extensions ?? {};
  return JSON.stringify({
    ...result,
    ...(result.errors ? { errors: result.errors.map(clientFacing) } : {}),
    ...(result.extensions ? { extensions: Object.keys(extensions).length > 0 ? extensions : undefined } : {}),
  });
}

/**
 * The HTTP status Yoga answers a single result with (its getResponseInitByRespectingErrors, for
 * a stream): the highest `extensions.http.status` of the errors, skipping those marked `spec`
 * (GraphQL-over-HTTP leaves those at 200); 500 when an error that did not come from GraphQL
 * itself stands alone without data; 200 otherwise. Headers an error asks for are added.
 */
export function responseStatus(result: ExecutionResult, headers: Record<string, string>): number {
  let status: number | undefined;
  let unexpected = false;
  const http = result.extensions?.http as HttpExtension | undefined;
  if (http?.headers) Object.assign(headers, http.headers);
  if (http?.status) status = http.status;
  if (!result.errors?.length) return status ?? 200;
  for (const error of result.errors) {
    const errorHttp = error.extensions?.http as HttpExtension | undefined;
    if (errorHttp) {
      if (errorHttp.headers) Object.assign(headers, errorHttp.headers);
      if (errorHttp.spec) continue;
      if (errorHttp.status && (!status || errorHttp.status > status)) status = errorHttp.status;
    } else if (!fromGraphQL(error) || error.extensions?.unexpected) {
      unexpected = true;
    }
  }
  return status ?? (unexpected && !('data' in result) ? 500 : 200);
}

interface HttpExtension {
  status?: number;
  spec?: boolean;
  headers?: Record<string, string>;
}

function clientFacing(error: GraphQLError): unknown {
  if (!(error instanceof GraphQLError)) return error;
  const { http: _http, unexpected: _unexpected, ...extensions } = error.toJSON().extensions ?? {};
  return {
    message: error.message,
    ...(error.locations ? { locations: error.locations } : {}),
    ...(error.path ? { path: error.path } : {}),
    ...(Object.keys(extensions).length > 0 ? { extensions } : {}),
  };
}

/** A GraphQLError raised by GraphQL itself, not wrapping anything thrown. */
function fromGraphQL(error: unknown): boolean {
  let current = error;
  while (current instanceof GraphQLError) {
    if (current.originalError == null) return true;
    current = current.originalError;
  }
  return false;
}
