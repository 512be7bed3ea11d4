import { execute, GraphQLError, type ExecutionArgs, type ExecutionResult, type OperationDefinitionNode } from 'graphql';
import { isAbortError } from '../errors/abort-error.js';
import { LiveWatch, type ValueSink } from '../live/live-watch.js';
import type { EventStream, StreamListener } from './event-stream.js';
import { clientErrors, encodeFrame, maskResult, maskedMessage, type MaskError } from './result-encoding.js';
import type { SharedEventResults } from './shared-event-results.js';

/** What every subscription of the lean path shares: the resolutions, and how errors are masked. */
export interface SharedResolution {
  results: SharedEventResults;
  /**
   * The contexts shared resolutions run in: the same identity as a subscriber's, but no one
   * subscriber's signal, so that a client that leaves cannot abort what the others receive.
   * `eventContextSeed` takes what a context is made from out of a subscriber's context (kept
   * instead of that context, a few kilobytes, which is let go once the subscription has
   * started); `eventContext` makes one from it, per event.
   */
  eventContextSeed(subscriberContext: object): unknown;
  eventContext(seed: unknown): object;
  /** What Yoga's masked errors do to an error, with the gateway's maskError. */
  maskError: MaskError;
}

/** Told when a subscription's stream has ended, however it ended. */
export interface SubscriptionOwner {
  ended(subscription: EventStreamSubscription): void;
}

/**
 * One GraphQL-over-SSE subscription, from its source stream (the live watch) to its event
 * stream, and all that the lean path keeps per subscriber besides the EventStream itself. It is
 * the sink it waits on its watch with: an event is resolved through SharedEventResults (once
 * for every subscriber of its scope), its frame written (the same bytes to all of them), and
 * the next event asked for only once the client keeps up, so a slow client leaves its watch
 * coalescing states instead of this process buffering frames. A client that leaves returns the
 * watch at once. A class, not closures: tens of thousands are open at once.
 */
export class EventStreamSubscription implements ValueSink<unknown>, StreamListener {
  #source: AsyncIterator<unknown>;
  #schema: ExecutionArgs['schema'];
  #document: ExecutionArgs['document'];
  #operationName: ExecutionArgs['operationName'];
  #variableValues: ExecutionArgs['variableValues'];
  #eventContextSeed: unknown;
  #operation: OperationDefinitionNode | undefined;
  #scope: string;
  #shared: SharedResolution;
  #stream: EventStream | null = null;
  #owner: SubscriptionOwner | null = null;
  #ended = false;

  /** Keeps what executing an event takes, not the subscriber's context. */
  constructor(source: AsyncIterator<unknown>, args: ExecutionArgs, operation: OperationDefinitionNode | undefined, scope: string, shared: SharedResolution) {
    this.#source = source;
    this.#schema = args.schema;
    this.#document = args.document;
    this.#operationName = args.operationName;
    this.#variableValues = args.variableValues;
    this.#eventContextSeed = shared.eventContextSeed(args.contextValue as object);
    this.#operation = operation;
    this.#scope = scope;
    this.#shared = shared;
  }

  /** Starts moving events into `stream` (already open, or gone). */
  start(stream: EventStream, owner: SubscriptionOwner): void {
    this.#stream = stream;
    this.#owner = owner;
    stream.onGone(this);
    if (!this.#ended) this.#pull();
  }

  /** The client went away: nothing more is written, and the watch is returned. */
  clientGone(): void {
    this.#end();
    void this.#source.return?.();
  }

  /** Completes the stream now, whatever is still to come (shutdown). */
  stop(): void {
    if (this.#ended) return;
    this.#end();
    void this.#source.return?.();
    this.#stream?.complete();
  }

  /** The client caught up after falling behind. */
  drained(): void {
    if (!this.#ended) this.#pull();
  }

  /** An event from the source: its shared result, written as soon as it is resolved (in this turn when it already is). */
  value(event: unknown): void {
    if (this.#ended) return;
    let result: ExecutionResult | Promise<ExecutionResult>;
    try {
      result = this.#resultOf(event);
    } catch (error) {
      this.#failExecution(error);
      return;
    }
    if (!(result instanceof Promise)) {
      this.#write(result);
      return;
    }
    result.then(
      (resolved) => this.#write(resolved),
      (error: unknown) => this.#failExecution(error),
    );
  }

  end(): void {
    if (!this.#ended) this.#complete();
  }

  /** The source stream failed: as Yoga's executor, one last event with the error at the operation. */
  fail(error: unknown): void {
    this.#sendFailure(this.#streamError(error));
  }

  #pull(): void {
    // The live watch takes this object as its sink; any other source is asked with next().
    if (this.#source instanceof LiveWatch) {
      this.#source.nextInto(this);
      return;
    }
    this.#source.next().then(
      (result) => (result.done ? this.end() : this.value(result.value)),
      (error: unknown) => this.fail(error),
    );
  }

  #write(result: ExecutionResult): void {
    if (this.#ended) return;
    const stream = this.#stream!;
    // Masked inside the encoder: a result with errors is one frame for all its subscribers too.
    const keptUp = stream.send(this.#shared.results.frameOf(result, (shared) => encodeFrame(maskResult(shared, this.#shared.maskError))));
    if (keptUp) this.#pull();
    else stream.afterDrain(this);
  }

  /** A failed execution closes the source, as graphql-js's own mapping does. */
  #failExecution(error: unknown): void {
    void this.#source.return?.();
    this.#sendFailure(error);
  }

  #sendFailure(error: unknown): void {
    if (this.#ended) return;
    this.#stream!.send(encodeFrame({ errors: clientErrors(error, this.#shared.maskError) }));
    this.#complete();
  }

  #resultOf(event: unknown): ExecutionResult | Promise<ExecutionResult> {
    if (typeof event !== 'object' || event === null) return this.#execute(event);
    return this.#shared.results.resultOf(this.#scope, event, () => this.#execute(event));
  }

  #execute(event: unknown): ExecutionResult | Promise<ExecutionResult> {
    return execute({
      schema: this.#schema,
      document: this.#document,
      operationName: this.#operationName,
      variableValues: this.#variableValues,
      contextValue: this.#shared.eventContext(this.#eventContextSeed),
      rootValue: event,
    });
  }

  /**
   * As Yoga's executor does, an error of the stream itself becomes a GraphQL error at the
   * operation, which Yoga then masks; an abort error passes as it is.
   */
  #streamError(error: unknown): unknown {
    if (isAbortError(error)) return error;
    const located = new GraphQLError((error as Error)?.message ?? String(error), { originalError: error as Error, ...(this.#operation ? { nodes: [this.#operation] } : {}) });
    return this.#shared.maskError(located, maskedMessage);
  }

  #complete(): void {
    this.#end();
    this.#stream!.complete();
  }

  #end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#owner?.ended(this);
  }
}
