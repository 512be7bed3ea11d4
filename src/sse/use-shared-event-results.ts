import { createSourceEventStream, getOperationAST, getVariableValues, GraphQLError, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { EventStreamSubscription, type SharedResolution } from './event-stream-subscription.js';
import { maskResult } from './result-encoding.js';

/**
 * Where a subscription's context says that its events may be resolved once for all subscribers
 * of its scope: document, operation, variables and the client key's provider set, as one key
 * (see SharedEventResults).
 */
export const eventSharingScope = Symbol('runql.eventSharingScope');

/** What the lean path's `enveloped.subscribe` answers: a subscription to start, or a result (errors). */
export type SharedSubscribeResult = EventStreamSubscription | ExecutionResult;

/**
 * Takes over the subscribe step of operations whose context carries `eventSharingScope` (the
 * lean SSE path's): the same source stream (the field's `subscribe`), but each event is
 * executed through SharedEventResults instead of once per subscriber, by the subscription's
 * EventStreamSubscription.
 *
 * It ends envelop's chain of subscribe hooks, so it must be the last plugin given to Yoga. The
 * hooks after it are Yoga's masked errors and its pass-through of abort errors; both are done
 * by the subscription (the same maskError), so that each one keeps no promise-mapping layers
 * for as long as it is open, and no per-event hook machinery runs per subscriber.
 */
export function useSharedEventResults(shared: SharedResolution): Plugin {
  return {
    onSubscribe({ args, setResultAndStopExecution }) {
      const scope = (args.contextValue as { [eventSharingScope]?: string } | undefined)?.[eventSharingScope];
      if (scope === undefined) return;
      // Envelop awaits a promise given here as it awaits one from a subscribe function.
      setResultAndStopExecution(subscribeSharing(args as ExecutionArgs, scope, shared) as never);
    },
  };
}

/** graphql-js's subscribe with a shared per-event step, and the error shapes of Yoga's executor. */
function subscribeSharing(args: ExecutionArgs, scope: string, shared: SharedResolution): Promise<SharedSubscribeResult> {
  const operation = getOperationAST(args.document, args.operationName);
  if (operation) {
    // Yoga's executor answers variables that do not coerce with BAD_USER_INPUT and HTTP 400.
    const coerced = getVariableValues(args.schema, operation.variableDefinitions ?? [], args.variableValues ?? {}, { maxErrors: 50 });
    if (coerced.errors) return Promise.resolve(maskResult({ errors: coerced.errors.map(asBadRequest) }, shared.maskError));
  }
  return createSourceEventStream(args).then((sourceOrResult) => {
    if (!isAsyncIterable(sourceOrResult)) return maskResult(sourceOrResult as ExecutionResult, shared.maskError);
    return new EventStreamSubscription(sourceOrResult[Symbol.asyncIterator](), args, operation ?? undefined, scope, shared);
  });
}

function asBadRequest(error: GraphQLError): GraphQLError {
  const http = (error.extensions.http ?? {}) as Record<string, unknown>;
  return new GraphQLError(error.message, {
    ...(error.nodes ? { nodes: error.nodes } : {}),
    ...(error.source ? { source: error.source } : {}),
    ...(error.positions ? { positions: error.positions } : {}),
    ...(error.path ? { path: error.path } : {}),
    ...(error.originalError ? { originalError: error.originalError } : {}),
    extensions: { ...error.extensions, http: { ...http, status: 400 }, code: 'BAD_USER_INPUT' },
  });
}
