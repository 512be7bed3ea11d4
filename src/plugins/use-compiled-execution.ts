import { GraphQLError, getOperationAST, locatedError, type ExecutionArgs, type ExecutionResult, type OperationDefinitionNode } from 'graphql';
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
 * the document (a WeakMap of its operation nodes), one per operation the document has.
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
  // Keyed by the operation's node, not by the name the client sent: made-up names for a cached
  // document (graphql-ws asks nothing of them before execute) add nothing here.
  const compilations = new WeakMap<OperationDefinitionNode, Compilation>();
  const compiled = (args: ExecutionArgs): CompiledQuery | undefined => {
    const operation = getOperationAST(args.document, args.operationName);
    if (!operation) return undefined;
    const known = compilations.get(operation);
    if (known === undefined) compilations.set(operation, 'seen once');
    if (known === undefined || known === 'not compilable') return undefined;
    if (known !== 'seen once') return known;
    const compilation = compileQuery(args.schema, args.document, operation.name?.value);
    compilations.set(operation, isCompiledQuery(compilation) ? compilation : 'not compilable');
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
