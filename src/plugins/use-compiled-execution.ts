import { GraphQLError, locatedError, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { Plugin } from 'graphql-yoga';
import { fieldNodesAt } from './field-nodes-at.js';

/** An operation seen once (compiled when it comes again), or one graphql-jit cannot compile: graphql-js runs it. */
type Compilation = CompiledQuery | 'seen once' | 'not compilable';

type Execute = (args: ExecutionArgs) => unknown;

/**
 * Queries and mutations run by graphql-jit: a document is compiled once into a function that
 * resolves it, faster than graphql-js walking the document on every request (the hot path is a
 * handful of documents sent over and over). Compiling costs far more than one execution, so a
 * document is compiled from its second execution on: one-off documents (and documents made up
 * to load the server) never pay for it. Compilations live as long as Yoga's parser cache keeps
 * the document (a WeakMap), one per operation name.
 *
 * What clients see stays graphql-js's:
 * - a request error (variables refused: a result without `data`) means nothing ran, and
 *   graphql-jit words and locates those differently: graphql-js runs the request again and
 *   answers it;
 * - graphql-jit's field errors carry `locations` but not the nodes they come from, and error
 *   masking and Yoga's serializer rebuild errors from nodes: each is located at its field nodes
 *   again, as graphql-js locates it.
 *
 * Subscriptions keep graphql-js: their events are resolved by the shared-event plugin and
 * envelop's subscribe, not here.
 */
export function useCompiledExecution(): Plugin {
  const compilations = new WeakMap<DocumentNode, Map<string, Compilation>>();
  const compiled = (args: ExecutionArgs): CompiledQuery | undefined => {
    let byOperation = compilations.get(args.document);
    if (byOperation === undefined) compilations.set(args.document, (byOperation = new Map()));
    const name = args.operationName ?? '';
    const known = byOperation.get(name);
    if (known === undefined) byOperation.set(name, 'seen once');
    if (known === undefined || known === 'not compilable') return undefined;
    if (known !== 'seen once') return known;
    const compilation = compileQuery(args.schema, args.document, args.operationName ?? undefined);
    byOperation.set(name, isCompiledQuery(compilation) ? compilation : 'not compilable');
    return isCompiledQuery(compilation) ? compilation : undefined;
  };
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const compilation = compiled(args);
      if (compilation === undefined) return;
      const graphqlJs = executeFn as Execute;
      setExecuteFn(((executeArgs: ExecutionArgs) => {
        const settle = (result: ExecutionResult): unknown => (!('data' in result) ? graphqlJs(executeArgs) : relocated(result, executeArgs));
        const result = compilation.query(executeArgs.rootValue, executeArgs.contextValue, executeArgs.variableValues);
        return result instanceof Promise ? result.then(settle) : settle(result);
      }) as typeof executeFn);
    },
  };
}

function relocated(result: ExecutionResult, args: ExecutionArgs): ExecutionResult {
  if (!result.errors?.some((error) => error.nodes === undefined && error.path !== undefined)) return result;
  return { ...result, errors: result.errors.map((error) => locatedAgain(error, args)) };
}

function locatedAgain(error: GraphQLError, args: ExecutionArgs): GraphQLError {
  if (error.nodes !== undefined || error.path === undefined) return error;
  const nodes = fieldNodesAt(args.document, args.operationName, error.path);
  if (nodes.length === 0) return error;
  return locatedError(error.originalError ?? new GraphQLError(error.message, { extensions: error.extensions }), nodes, error.path);
}
