import { getOperationAST, type ExecutionArgs } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { GatewayMetrics } from './gateway-metrics.js';

/**
 * Counts every operation that reaches execute or subscribe, by type and outcome (`error` when
 * its result carries errors), and the SSE subscriptions that envelop itself streams (Yoga's
 * own SSE answer, graphql-sse's single connection mode) while they are open. The lean SSE
 * route and graphql-ws count their open subscriptions themselves (read at scrape time), so
 * that no wrapper sits in their streams. The hooks are made once: an operation costs a type
 * lookup and an addition.
 */
export function useOperationMetrics(metrics: GatewayMetrics): Plugin {
  const streamEnd = {
    onEnd(): void {
      metrics.streamedSseSubscriptions -= 1;
    },
  };
  const executeHooks = {
    onExecuteDone({ args, result }: { args: ExecutionArgs; result: unknown }): void {
      metrics.operationEnded(getOperationAST(args.document, args.operationName)?.operation, hasErrors(result));
    },
  };
  const subscribeHooks = {
    onSubscribeResult({ args, result }: { args: ExecutionArgs; result: unknown }): typeof streamEnd | undefined {
      const streamed = isAsyncIterable(result);
      metrics.operationEnded(getOperationAST(args.document, args.operationName)?.operation, !streamed && hasErrors(result));
      if (!streamed || !isHttpEventStream(args.contextValue)) return undefined;
      metrics.streamedSseSubscriptions += 1;
      return streamEnd;
    },
  };
  return {
    onExecute: () => executeHooks,
    onSubscribe: () => subscribeHooks,
  };
}

function hasErrors(result: unknown): boolean {
  const errors = (result as { errors?: readonly unknown[] } | null | undefined)?.errors;
  return errors !== undefined && errors.length > 0;
}

/**
 * A subscription streamed over HTTP: the single connection mode's context carries an
 * `eventStreamRequest`; Yoga's has the fetch Request, which asked for an event stream. (A
 * graphql-ws context has neither.)
 */
function isHttpEventStream(contextValue: unknown): boolean {
  const context = contextValue as { eventStreamRequest?: unknown; request?: { headers?: { get?(name: string): string | null } } } | undefined;
  if (context?.eventStreamRequest !== undefined) return true;
  const accept = context?.request?.headers?.get?.('accept');
  return typeof accept === 'string' && accept.includes('text/event-stream');
}
