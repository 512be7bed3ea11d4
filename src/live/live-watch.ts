import type { GatewayError } from '../errors/gateway-error.js';
import type { ExecutionRecord } from '../model/execution-record.js';
import type { WatchedExecution } from './live-hub.js';

/**
 * A consumer handed one update at a time by a watch it waits on (`nextInto`): one object for a
 * subscription's whole life, asked again after each update, so that waiting allocates nothing.
 */
export interface ValueSink<T> {
  value(value: T): void;
  end(): void;
  fail(error: unknown): void;
}

/** What a watch yields: a state, or (last) the NOT_FOUND of an execution the upstream does not know. */
export type LiveUpdate = ExecutionRecord | GatewayError;

/** How a watch lets go of an execution it follows (the hub). */
export interface WatchOwner {
  leave(watch: LiveWatch, execution: WatchedExecution): void;
}

/** Updates a slow consumer may fall behind by before intermediate ones are coalesced. */
const maxBuffered = 64;

/** A state that reached a watch of several executions before every one of them was known. */
interface EarlyUpdate {
  execution: WatchedExecution;
  update: LiveUpdate;
}

/**
 * One subscriber's view of one or more executions, and the only thing the live hub keeps per
 * subscriber: its buffer (coalesced past a bound), the consumer waiting on it, and the
 * executions it follows. First the current state of each execution (in the order given, and
 * only once every one is known), then one update per change; it ends once every execution has
 * delivered its terminal state. An unknown execution is one last update, its NOT_FOUND error.
 *
 * A consumer waits either with `next()` (a promise, as any async iterator) or with a sink
 * (`nextInto`): a subscription waits seconds for each state, and a promise chain rebuilt per
 * state outlives young-generation collections at tens of thousands of subscriptions; a sink is
 * one long-lived object, handed each update synchronously in the hub's fan-out. `return()` takes
 * effect at once, even while a consumer waits: the watch leaves its executions before the next
 * upstream answer.
 */
export class LiveWatch implements AsyncIterableIterator<LiveUpdate> {
  #owner: WatchOwner;
  #executions: readonly WatchedExecution[];
  /** Executions not yet at their terminal state for this watch. */
  #following: number;
  /** Several executions, until the first state of each is known; null after (or for one execution). */
  #early: EarlyUpdate[] | null;
  #buffer: LiveUpdate[] = [];
  #pending: { resolve: (result: IteratorResult<LiveUpdate>) => void; reject: (error: unknown) => void } | null = null;
  #waitingSink: ValueSink<LiveUpdate> | null = null;
  #state: 'open' | 'ending' | 'done' = 'open';
  #failure: { error: unknown } | null = null;
  #followed = true;
  /** Its executions are polled at the base interval while it lasts (LiveHub's WatchOptions). */
  readonly steady: boolean;

  constructor(owner: WatchOwner, executions: readonly WatchedExecution[], steady = false) {
    this.#owner = owner;
    this.steady = steady;
    this.#executions = executions;
    this.#following = executions.length;
    this.#early = executions.length > 1 ? [] : null;
  }

  /** The executions this watch was opened for. */
  get executions(): readonly WatchedExecution[] {
    return this.#executions;
  }

  /** True once nothing more will be handed to it (ended, failed, or returned by the consumer). */
  get closed(): boolean {
    return this.#state !== 'open';
  }

  /** A state of one of its executions, from the hub; true when it was taken (not after the end). */
  receive(execution: WatchedExecution, update: LiveUpdate): boolean {
    if (this.#state !== 'open') return false;
    if (!isRecord(update)) {
      // An unknown execution ends the whole watch, before anything else when it is a first state.
      this.#early = null;
      this.#push(update);
      this.end();
      return true;
    }
    if (update.isTerminal) this.#finished(execution);
    if (this.#early === null) {
      this.#push(update);
    } else {
      this.#early.push({ execution, update });
      if (this.#executions.every((candidate) => this.#early!.some((early) => early.execution === candidate))) this.#flushEarly();
    }
    if (this.#following === 0 && this.#early === null) this.end();
    return true;
  }

  /** No more updates: the consumer drains the buffer, then sees the end. */
  end(): void {
    if (this.#state !== 'open') return;
    this.#state = 'ending';
    this.#unfollow();
    this.#settleWaiting();
  }

  /** The consumer drains the buffer, then `next()` rejects with `error` (a bug, not an upstream answer). */
  fail(error: unknown): void {
    if (this.#state !== 'open') return;
    this.#failure = { error };
    this.end();
  }

  next(): Promise<IteratorResult<LiveUpdate>> {
    if (this.#buffer.length > 0) return Promise.resolve({ value: this.#buffer.shift()!, done: false });
    if (this.#state === 'open') {
      if (this.#pending || this.#waitingSink) return Promise.reject(new Error('a live watch supports one pending next() at a time'));
      return new Promise((resolve, reject) => {
        this.#pending = { resolve, reject };
      });
    }
    this.#state = 'done';
    const failure = this.#takeFailure();
    return failure ? Promise.reject(failure.error) : Promise.resolve({ value: undefined, done: true });
  }

  /** Like `next()`, but the update goes to `sink`: exactly one of its methods is called once, now or later. */
  nextInto(sink: ValueSink<LiveUpdate>): void {
    if (this.#buffer.length > 0) {
      this.#hand(sink, this.#buffer.shift()!);
      return;
    }
    if (this.#state === 'open') {
      if (this.#pending || this.#waitingSink) {
        sink.fail(new Error('a live watch supports one pending next() at a time'));
        return;
      }
      this.#waitingSink = sink;
      return;
    }
    this.#finish(sink);
  }

  return(): Promise<IteratorResult<LiveUpdate>> {
    this.#buffer = [];
    this.#failure = null;
    this.#state = 'done';
    this.#unfollow();
    this.#settleWaiting();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<LiveUpdate>> {
    void this.return();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  #push(update: LiveUpdate): void {
    if (this.#waitingSink) {
      const sink = this.#waitingSink;
      this.#waitingSink = null;
      this.#hand(sink, update);
      return;
    }
    if (this.#pending) {
      const pending = this.#pending;
      this.#pending = null;
      pending.resolve({ value: update, done: false });
      return;
    }
    // The first update (the current state) is kept; later ones are replaced by newer ones.
    if (this.#buffer.length >= maxBuffered) this.#buffer[this.#buffer.length - 1] = update;
    else this.#buffer.push(update);
  }

  /** Every execution is known: the first state of each in the given order, then the rest as they came. */
  #flushEarly(): void {
    const early = this.#early!;
    this.#early = null;
    for (const execution of this.#executions) {
      const index = early.findIndex((entry) => entry.execution === execution);
      this.#push(early[index]!.update);
      early.splice(index, 1);
    }
    for (const entry of early) this.#push(entry.update);
  }

  /** Its terminal state arrived: the execution is let go at once, the others still followed. */
  #finished(execution: WatchedExecution): void {
    this.#following -= 1;
    this.#owner.leave(this, execution);
  }

  #unfollow(): void {
    if (!this.#followed) return;
    this.#followed = false;
    for (const execution of this.#executions) this.#owner.leave(this, execution);
  }

  #takeFailure(): { error: unknown } | null {
    const failure = this.#failure;
    this.#failure = null;
    return failure;
  }

  #settleWaiting(): void {
    const sink = this.#waitingSink;
    if (sink) {
      this.#waitingSink = null;
      this.#finish(sink);
    }
    const pending = this.#pending;
    if (!pending) return;
    this.#pending = null;
    this.#state = 'done';
    const failure = this.#takeFailure();
    if (failure) pending.reject(failure.error);
    else pending.resolve({ value: undefined, done: true });
  }

  #finish(sink: ValueSink<LiveUpdate>): void {
    this.#state = 'done';
    const failure = this.#takeFailure();
    if (failure) sink.fail(failure.error);
    else sink.end();
  }

  /**
   * Hands an update over synchronously, inside the hub's fan-out loop: a consumer that throws
   * (a bug) is dropped, told why, and cannot break the delivery to the others.
   */
  #hand(sink: ValueSink<LiveUpdate>, update: LiveUpdate): void {
    try {
      sink.value(update);
    } catch (error) {
      this.#waitingSink = null;
      void this.return();
      try {
        sink.fail(error);
      } catch {
        // Nothing more to tell a consumer that fails at being told.
      }
    }
  }
}

function isRecord(update: LiveUpdate): update is ExecutionRecord {
  return !(update instanceof Error);
}
