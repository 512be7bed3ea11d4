import type { ExecutionArgs, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { GatewayError } from '../errors/gateway-error.js';
import type { UnexpectedErrorLog } from '../errors/unexpected-error-log.js';
import { assignedRequestId } from './request-id.js';

/**
 * Logs, with the request's id, the errors of an operation that no GatewayError explains (a
 * bug, or the client going away mid-request) before Yoga's masking does it without one. An
 * operation without errors costs one property check.
 */
export function useRequestLog(errorLog: UnexpectedErrorLog): Plugin {
  const hooks = {
    onExecuteDone({ args, result }: { args: ExecutionArgs; result: unknown }): void {
      const errors = (result as { errors?: readonly GraphQLError[] } | null)?.errors;
      if (errors === undefined || errors.length === 0) return;
      let requestId: string | undefined;
      for (const error of errors) {
        const cause = error.originalError;
        if (cause === undefined || cause === null || GatewayError.is(cause) || cause.name === 'GraphQLError') continue;
        requestId ??= assignedRequestId((args.contextValue as { req?: Parameters<typeof assignedRequestId>[0] } | undefined)?.req);
        errorLog.report(cause, { requestId });
      }
    },
  };
  return { onExecute: () => hooks };
}
