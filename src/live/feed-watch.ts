import type { ExecutionRecord } from '../model/execution-record.js';

/** How a feed watch lets go of its scopes (the live feed). */
export interface FeedWatchOwner {
  leave(watch: FeedWatch): void;
}

/** Which executions of which scopes one feed wants (see resolveFeedSelection). */
export interface FeedMatcher {
  matches(record: ExecutionRecord, scope: string): boolean;
}

/**
 * Executions a slow consumer may have pending. States of one execution are coalesced (the
 * latest replaces an undelivered one), so this bounds the executions, not the changes.
 */
const maxPending = 10_000;

/**
 * One feed subscriber: the executions that appear or change in its scopes and match its filter,
 * each as its current state. It never ends by itself; `return()` (the client leaving) or the
 * gateway closing ends it, and it lets go of its scopes at once.
 */
export class FeedWatch implements AsyncIterableIterator<ExecutionRecord> {
  /** Set by the live feed once the first readings of its scopes are in. */
  opened = false;
  #owner: FeedWatchOwner;
  #scopes: string[];
  #matcher: FeedMatcher;
  /** Undelivered states by execution, in the order they first became pending. */
  #pending = new Map<string, ExecutionRecord>();
  #waiting: ((result: IteratorResult<ExecutionRecord>) => void) | null = null;
  #state: 'open' | 'ending' | 'done' = 'open';

  constructor(owner: FeedWatchOwner, scopes: readonly string[], matcher: FeedMatcher) {
    this.#owner = owner;
    this.#scopes = [...scopes];
    this.#matcher = matcher;
  }

  get scopes(): readonly string[] {
    return this.#scopes;
  }

  /** A scope resolved after the feed opened (its provider's upstream failed then); false when the watch has it or is closed. */
  addScope(scope: string): boolean {
    if (this.#state !== 'open' || this.#scopes.includes(scope)) return false;
    this.#scopes.push(scope);
    return true;
  }

  get closed(): boolean {
    return this.#state !== 'open';
  }

  /** A new or changed execution of one of its scopes, from the live feed. */
  offer(record: ExecutionRecord, scope: string): void {
    if (this.#state !== 'open' || !this.#matcher.matches(record, scope)) return;
    const waiting = this.#waiting;
    if (waiting) {
      this.#waiting = null;
      waiting({ value: record, done: false });
      return;
    }
    const key = `${record.provider}:${record.nativeId}`;
    if (!this.#pending.has(key) && this.#pending.size >= maxPending) {
      const oldest = this.#pending.keys().next().value;
      if (oldest !== undefined) this.#pending.delete(oldest);
    }
    this.#pending.set(key, record);
  }

  /** The gateway is closing: what is pending is delivered, then the end. */
  end(): void {
    if (this.#state !== 'open') return;
    this.#state = 'ending';
    this.#owner.leave(this);
    this.#settleWaiting();
  }

  next(): Promise<IteratorResult<ExecutionRecord>> {
    const first = this.#pending.entries().next();
    if (!first.done) {
      this.#pending.delete(first.value[0]);
      return Promise.resolve({ value: first.value[1], done: false });
    }
    if (this.#state === 'open') {
      if (this.#waiting) return Promise.reject(new Error('a feed watch supports one pending next() at a time'));
      return new Promise((resolve) => {
        this.#waiting = resolve;
      });
    }
    this.#state = 'done';
    return Promise.resolve({ value: undefined, done: true });
  }

  return(): Promise<IteratorResult<ExecutionRecord>> {
    const wasOpen = this.#state === 'open';
    this.#state = 'done';
    this.#pending.clear();
    if (wasOpen) this.#owner.leave(this);
    this.#settleWaiting();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<ExecutionRecord>> {
    void this.return();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  #settleWaiting(): void {
    const waiting = this.#waiting;
    if (!waiting) return;
    this.#waiting = null;
    this.#state = 'done';
    waiting({ value: undefined, done: true });
  }
}
