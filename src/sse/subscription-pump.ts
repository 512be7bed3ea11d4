import type { ExecutionResult } from 'graphql';
import { takesSinks, type ValueSink } from '../live/value-sink.js';
import type { EventStream } from './event-stream.js';

/** How a pump turns results and failures into frames, and what it does when it stops. */
export interface PumpOwner {
  frameOf(result: ExecutionResult): Buffer;
  failureFrame(error: unknown): Buffer;
  ended(pump: SubscriptionPump): void;
}

/**
 * Moves one subscription's results into its event stream, one at a time and only while the
 * client keeps up: a slow client leaves the next result unasked for, so its watch coalesces
 * states instead of this process buffering frames. A client that leaves returns the iterator at
 * once (the watch, and its poller, let go). A class, not closures, because tens of thousands of
 * them are open at once.
 */
export class SubscriptionPump implements ValueSink<ExecutionResult> {
  readonly stream: EventStream;
  #iterator: AsyncIterator<ExecutionResult>;
  #owner: PumpOwner;
  #ended = false;

  constructor(stream: EventStream, iterator: AsyncIterator<ExecutionResult>, owner: PumpOwner) {
    this.stream = stream;
    this.#iterator = iterator;
    this.#owner = owner;
  }

  start(): void {
    this.stream.onGone(this);
    if (!this.#ended) this.#pull();
  }

  /** The client went away: nothing more is written, and the iterator is returned. */
  clientGone(): void {
    this.#end();
    void this.#iterator.return?.();
  }

  /** Completes the stream now, whatever is still to come (shutdown). */
  stop(): void {
    if (this.#ended) return;
    this.#end();
    void this.#iterator.return?.();
    this.stream.complete();
  }

  /** The client caught up after falling behind. */
  drained(): void {
    if (!this.#ended) this.#pull();
  }

  /** A result, handed over by the iterator (see ValueSink). */
  value(result: ExecutionResult): void {
    if (this.#ended) return;
    const keptUp = result == null || this.stream.send(this.#owner.frameOf(result));
    if (keptUp) this.#pull();
    else this.stream.afterDrain(this);
  }

  end(): void {
    if (!this.#ended) this.#complete();
  }

  fail(error: unknown): void {
    if (this.#ended) return;
    this.stream.send(this.#owner.failureFrame(error));
    this.#complete();
  }

  #pull(): void {
    if (takesSinks(this.#iterator)) {
      this.#iterator.nextInto(this);
      return;
    }
    this.#iterator.next().then(
      (result) => (result.done ? this.end() : this.value(result.value)),
      (error: unknown) => this.fail(error),
    );
  }

  #complete(): void {
    this.#end();
    this.stream.complete();
  }

  #end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#owner.ended(this);
  }
}
