import type { ExecutionResult } from 'graphql';

/**
 * Subscribers that get one event within this window share its resolution. Those waiting for
 * the event get it in one synchronous fan-out, so the window only has to cover subscribers that
 * were behind by a few writes; kept short, remembered results die young instead of piling up
 * as old-generation garbage.
 */
const defaultReuseWindowMs = 250;
/** At most this many resolved events are remembered, whatever the window. */
const defaultMaxEntries = 4096;

interface ResolvedEvent {
  result: ExecutionResult | Promise<ExecutionResult>;
  resolvedAt: number;
}

export interface SharedEventResultsOptions {
  reuseWindowMs?: number;
  maxEntries?: number;
  now?: () => number;
}

/**
 * The results of subscription events, resolved once per (subscription scope, event) and handed to
 * every subscriber of that scope. A scope is the document, operation, variables and the client
 * key's provider set: only subscribers equal in all of these would compute the same result. The
 * event is the object the live hub hands to every watch of one published state (the poller
 * publishes a new record only when it changes), so it identifies that state. Results that stay
 * unchanged on their way to the client (no error to mask) are serialized once, and the same
 * bytes go to every subscriber.
 *
 * Bounded twice: a result is reused only within a short window (a subscriber that joins later,
 * or lags, resolves afresh, so nested fields are never older than that), and only so many are
 * remembered.
 */
export class SharedEventResults {
  #reuseWindowMs: number;
  #maxEntries: number;
  #now: () => number;
  /** Insertion order is resolution order, so the oldest entries are first. */
  #entries = new Map<string, ResolvedEvent>();
  #eventNumbers = new WeakMap<object, number>();
  #nextEventNumber = 1;
  #shared = new WeakMap<ExecutionResult, Buffer | null>();
  #sweep: NodeJS.Timeout | null = null;
  #resolutions = 0;
  #reuses = 0;

  constructor(options: SharedEventResultsOptions = {}) {
    this.#reuseWindowMs = options.reuseWindowMs ?? defaultReuseWindowMs;
    this.#maxEntries = options.maxEntries ?? defaultMaxEntries;
    this.#now = options.now ?? Date.now;
  }

  /** Events resolved, and events handed on from an earlier resolution, since start-up. */
  stats(): { resolutions: number; reuses: number; remembered: number } {
    return { resolutions: this.#resolutions, reuses: this.#reuses, remembered: this.#entries.size };
  }

  /** The result of `event` for subscribers of `scope`: resolved by `resolve` unless a subscriber of the scope just did. */
  resultOf(scope: string, event: object, resolve: () => ExecutionResult | Promise<ExecutionResult>): ExecutionResult | Promise<ExecutionResult> {
    const key = `${scope}\u0000${this.#eventNumber(event)}`;
    const now = this.#now();
    const known = this.#entries.get(key);
    if (known && now - known.resolvedAt <= this.#reuseWindowMs) {
      this.#reuses += 1;
      return known.result;
    }
    this.#resolutions += 1;
    const resolved = resolve();
    const entry: ResolvedEvent = { result: resolved, resolvedAt: now };
    if (resolved instanceof Promise) {
      // Once resolved, later subscribers are handed the result itself, in the same turn.
      entry.result = resolved.then((value) => (entry.result = this.#remember(value)));
    } else {
      this.#remember(resolved);
    }
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    this.#evict(now);
    return entry.result;
  }

  /** The serialized frame of `result`: encoded once if it is a shared result, on every call otherwise. */
  frameOf(result: ExecutionResult, encode: (result: ExecutionResult) => Buffer): Buffer {
    const frame = this.#shared.get(result);
    if (frame) return frame;
    const encoded = encode(result);
    if (frame === null) this.#shared.set(result, encoded);
    return encoded;
  }

  #remember(result: ExecutionResult): ExecutionResult {
    this.#shared.set(result, null);
    return result;
  }

  #eventNumber(event: object): number {
    let number = this.#eventNumbers.get(event);
    if (number === undefined) {
      number = this.#nextEventNumber++;
      this.#eventNumbers.set(event, number);
    }
    return number;
  }

  #evict(now: number): void {
    for (const [key, entry] of this.#entries) {
      if (this.#entries.size <= this.#maxEntries && now - entry.resolvedAt <= this.#reuseWindowMs) break;
      this.#entries.delete(key);
    }
    // Nothing else would let go of the last results (and the events they hold) once events stop.
    if (this.#sweep === null && this.#entries.size > 0) {
      this.#sweep = setTimeout(() => {
        this.#sweep = null;
        this.#evict(this.#now());
      }, this.#reuseWindowMs + 1);
      this.#sweep.unref();
    }
  }
}
