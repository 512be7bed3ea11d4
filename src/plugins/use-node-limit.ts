import { GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { countDocumentNodes } from './document-nodes.js';

/** What a request's initial context says about its variables, where the transport puts them there. */
interface InitialParams {
  params?: { variables?: unknown; operationName?: unknown } | undefined;
}

/**
 * At most `allowed` nodes per document (countDocumentNodes: connection `first`s multiplied along
 * each path, summed over paths).
 *
 * Counted twice, because validation does not always know the variables:
 * - at validation (after the other rules pass), with the variables of the request's initial
 *   context: Yoga's HTTP handler and the WebSocket path put the request's params there, so the
 *   count is exact and the refusal is a validation error (HTTP 400, graphql-ws `error` message).
 *   The lean SSE path validates before it has them (its context has no variables): variables then
 *   count as their defaults, or absent (the schema's default for the argument, or 20); when that
 *   refuses, the SSE path hands the request to Yoga, which validates again with the variables.
 *   Yoga caches validation per document, so the count runs in the hook, not in a cached rule,
 *   and a cached refusal from an earlier request of the same document is counted again.
 * - at execute and subscribe, with the operation's actual variables, so that no path (whatever it
 *   put in its context) runs a document over the limit: the same error as the only result.
 */
export function useNodeLimit(allowed: number): Plugin {
  return {
    onValidate({ context, params }) {
      const initial = (context as InitialParams | undefined)?.params;
      return ({ valid, result, setResult }) => {
        // Yoga's validation cache (after this plugin) keeps the result of a document's first
        // validation, a node limit error included: a result of only those was valid otherwise.
        if (!valid && !result.every((error) => nodeLimitErrors.has(error))) return;
        const error = overLimit(allowed, params.schema, params.documentAST, nameOf(initial?.operationName), variablesOf(initial?.variables));
        if (error) setResult([error]);
        else if (!valid) setResult([]);
      };
    },
    onExecute({ args, setResultAndStopExecution }) {
      const error = overLimit(allowed, args.schema, args.document, args.operationName, args.variableValues);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const error = overLimit(allowed, args.schema, args.document, args.operationName, args.variableValues);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}

function overLimit(
  allowed: number,
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Readonly<Record<string, unknown>> | null | undefined,
): GraphQLError | undefined {
  const requested = countDocumentNodes(schema, document, operationName, variables);
  return requested > allowed ? nodeLimitError(requested, allowed) : undefined;
}

/** The errors nodeLimitError made (validation results hold them; Yoga may add to their extensions). */
const nodeLimitErrors = new WeakSet<object>();

/** The refusal: BAD_USER_INPUT, HTTP 400, and what was asked and allowed. */
export function nodeLimitError(requested: number, allowed: number): GraphQLError {
  const asked = Number.isSafeInteger(requested) ? requested.toLocaleString('en-US') : 'more than 2^53';
  const error = new GraphQLError(
    `Too many nodes requested: this document asks for up to ${asked} nodes (the \`first\` of nested connections multiply), at most ${allowed.toLocaleString('en-US')} are allowed. Ask for smaller pages or fewer nested connections.`,
    { extensions: { code: 'BAD_USER_INPUT', limit: 'nodes', requested: Number.isSafeInteger(requested) ? requested : Number.MAX_SAFE_INTEGER, allowed, http: { status: 400 } } },
  );
  nodeLimitErrors.add(error);
  return error;
}

function nameOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function variablesOf(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
