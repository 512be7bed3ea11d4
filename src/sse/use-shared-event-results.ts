import {
  createSourceEventStream,
  execute,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  type ExecutionArgs,
  type ExecutionResult,
  type OperationDefinitionNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { takesSinks, type SinkIterator, type ValueSink } from '../live/value-sink.js';
import type { SharedEventResults } from './shared-event-results.js';

/**
 * Where a subscription's context says that its events may be resolved once for all subscribers
 * of its scope: document, operation, variables and the client key's provider set, as one key
 * (see SharedEventResults).
 */
export const eventSharingScope = Symbol('runql.eventSharingScope');

export interface SharedEventResultsPluginOptions {
  results: SharedEventResults;
  /**
   * Makes the contexts shared resolutions run in, from a subscriber's: the same identity, but no
   * one subscriber's signal, so that a client that leaves cannot abort what the others receive.
   * What it returns should hold no more than it needs: the subscriber's own context (a few
   * kilobytes) is let go once the subscription has started.
   */
  eventContexts(subscriberContext: object): () => object;
  /** What Yoga's masked errors do to an error, with the gateway's maskError. */
  maskError(error: unknown, message: string): Error;
}

type SubscriptionResult = SinkIterator<ExecutionResult> | ExecutionResult;

/** Yoga's message for an error it masks. */
const maskedMessage = 'Unexpected error.';

/**
 * Takes over the subscribe step of operations whose context carries `eventSharingScope` (the
 * lean SSE path's): the same source stream (the field's `subscribe`), but each event is
 * executed through SharedEventResults instead of once per subscriber.
 *
 * It ends envelop's chain of subscribe hooks, so it must be the last plugin given to Yoga. The
 * hooks after it are Yoga's masked errors and its pass-through of abort errors; both are done
 * here (the same maskError), so that each subscription keeps two promise-mapping layers fewer
 * for as long as it is open, and no per-event hook machinery runs per subscriber.
 */
export function useSharedEventResults(options: SharedEventResultsPluginOptions): Plugin {
  return {
    onSubscribe({ args, setResultAndStopExecution }) {
      const scope = (args.contextValue as { [eventSharingScope]?: string } | undefined)?.[eventSharingScope];
      if (scope === undefined) return;
      // Envelop awaits a promise given here as it awaits one from a subscribe function.
      setResultAndStopExecution(subscribeSharing(args as ExecutionArgs, scope, options) as unknown as SubscriptionResult);
    },
  };
}

/** graphql-js's subscribe with a shared per-event step, and the error shapes of Yoga's executor. */
function subscribeSharing(args: ExecutionArgs, scope: string, options: SharedEventResultsPluginOptions): Promise<SubscriptionResult> {
  const operation = getOperationAST(args.document, args.operationName);
  if (operation) {
    // Yoga's executor answers variables that do not coerce with BAD_USER_INPUT and HTTP 400.
    const coerced = getVariableValues(args.schema, operation.variableDefinitions ?? [], args.variableValues ?? {}, { maxErrors: 50 });
    if (coerced.errors) return Promise.resolve(masked({ errors: coerced.errors.map(asBadRequest) }, options.maskError));
  }
  return createSourceEventStream(args).then((sourceOrResult) => {
    if (!isAsyncIterable(sourceOrResult)) return masked(sourceOrResult as ExecutionResult, options.maskError);
    return new SharedResultStream(sourceOrResult[Symbol.asyncIterator](), args, operation ?? undefined, scope, options);
  });
}

/** As Yoga's masked errors: a result with errors is a new result with each error masked; one without is left as it is. */
function masked(result: ExecutionResult, maskError: (error: unknown, message: string) => Error): ExecutionResult {
  if (result.errors == null) return result;
  return { ...result, errors: result.errors.map((error) => maskError(error, maskedMessage) as GraphQLError) };
}

/**
 * The results of one subscriber's events, each taken from SharedEventResults. A class, not
 * closures: tens of thousands of subscriptions each hold one, and its methods are shared.
 * `return()` reaches the source at once. Waited for with a sink, it waits on its source with
 * itself as the sink, and a result resolved already is handed on in the same turn.
 */
class SharedResultStream implements SinkIterator<ExecutionResult>, ValueSink<unknown> {
  #source: AsyncIterator<unknown>;
  #schema: ExecutionArgs['schema'];
  #document: ExecutionArgs['document'];
  #operationName: ExecutionArgs['operationName'];
  #variableValues: ExecutionArgs['variableValues'];
  #eventContext: () => object;
  #operation: OperationDefinitionNode | undefined;
  #scope: string;
  #options: SharedEventResultsPluginOptions;
  #sink: ValueSink<ExecutionResult> | null = null;

  /** Keeps what executing an event takes, not the subscriber's context. */
  constructor(source: AsyncIterator<unknown>, args: ExecutionArgs, operation: OperationDefinitionNode | undefined, scope: string, options: SharedEventResultsPluginOptions) {
    this.#source = source;
    this.#schema = args.schema;
    this.#document = args.document;
    this.#operationName = args.operationName;
    this.#variableValues = args.variableValues;
    this.#eventContext = options.eventContexts(args.contextValue as object);
    this.#operation = operation;
    this.#scope = scope;
    this.#options = options;
  }

  next(): Promise<IteratorResult<ExecutionResult>> {
    return this.#source.next().then(
      (result) => (result.done ? { value: undefined, done: true } : this.#resultOf(result.value)),
      (error: unknown) => Promise.reject(this.#streamError(error)),
    );
  }

  nextInto(sink: ValueSink<ExecutionResult>): void {
    if (!takesSinks(this.#source)) {
      this.next().then(
        (result) => (result.done ? sink.end() : sink.value(result.value)),
        (error: unknown) => sink.fail(error),
      );
      return;
    }
    this.#sink = sink;
    this.#source.nextInto(this);
  }

  /** An event from the source, for the sink waiting on this stream. */
  value(event: unknown): void {
    const sink = this.#sink;
    if (!sink) return;
    let result: ExecutionResult | Promise<ExecutionResult>;
    try {
      result = this.#shared(event);
    } catch (error) {
      void this.return();
      sink.fail(error);
      return;
    }
    if (!(result instanceof Promise)) {
      sink.value(masked(result, this.#options.maskError));
      return;
    }
    result.then(
      (resolved) => sink.value(masked(resolved, this.#options.maskError)),
      (error: unknown) => this.return().then(() => sink.fail(error)),
    );
  }

  end(): void {
    this.#sink?.end();
  }

  fail(error: unknown): void {
    this.#sink?.fail(this.#streamError(error));
  }

  return(): Promise<IteratorResult<ExecutionResult>> {
    return Promise.resolve(this.#source.return?.()).then(() => ({ value: undefined, done: true }));
  }

  throw(error: unknown): Promise<IteratorResult<ExecutionResult>> {
    return this.return().then(() => Promise.reject(error));
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** A failed execution closes the source, as graphql-js's own mapping does. */
  #resultOf(event: unknown): Promise<IteratorResult<ExecutionResult>> {
    return Promise.resolve()
      .then(() => this.#shared(event))
      .then(
        (value): IteratorResult<ExecutionResult> => ({ value: masked(value, this.#options.maskError), done: false }),
        (error: unknown) => this.return().then(() => Promise.reject(error)),
      );
  }

  #shared(event: unknown): ExecutionResult | Promise<ExecutionResult> {
    if (typeof event !== 'object' || event === null) return this.#execute(event);
    return this.#options.results.resultOf(this.#scope, event, () => this.#execute(event));
  }

  #execute(event: unknown): ExecutionResult | Promise<ExecutionResult> {
    return execute({
      schema: this.#schema,
      document: this.#document,
      operationName: this.#operationName,
      variableValues: this.#variableValues,
      contextValue: this.#eventContext(),
      rootValue: event,
    });
  }

  /**
   * As Yoga's executor does, an error of the stream itself becomes a GraphQL error at the
   * operation, which Yoga then masks; an abort error passes as it is.
   */
  #streamError(error: unknown): unknown {
    if (error instanceof DOMException && (error.name === 'AbortError' || error.name === 'TimeoutError')) return error;
    const located = new GraphQLError((error as Error)?.message ?? String(error), { originalError: error as Error, ...(this.#operation ? { nodes: [this.#operation] } : {}) });
    return this.#options.maskError(located, maskedMessage);
  }
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

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}
