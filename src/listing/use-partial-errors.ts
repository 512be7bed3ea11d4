import { GraphQLError, type ExecutionResult } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context.js';

/**
 * A resolver can fail a field, but it cannot answer with data *and* an error, which is what
 * `executions` must do when one provider fails and the others' executions still come back.
 * Resolvers report such errors on the context (`reportError`); this plugin appends them to the
 * operation's `errors` when it completes, each with its field's path and contract extensions.
 */
export function usePartialErrors(): Plugin<Record<string, unknown>> {
  return {
    onExecute({ args }) {
      return {
        onExecuteDone({ result, setResult }) {
          const context = args.contextValue as Partial<GatewayContext>;
          if (typeof context.takeReportedErrors !== 'function' || isAsyncIterable(result)) return;
          const reported = context.takeReportedErrors();
          if (reported.length === 0) return;
          const errors = reported.map(
            ({ error, path }) => new GraphQLError(error.message, { path, originalError: error, extensions: error.toExtensions() }),
          );
          setResult({ ...result, errors: [...(result.errors ?? []), ...errors] } satisfies ExecutionResult);
        },
      };
    },
  };
}
