import { AbortEmitter } from '../util/abort-emitter.js';

/** What ends a whole call: the caller's AbortSignal (a write), or the shared call's AbortEmitter (a read). */
export type CallAbort = AbortSignal | AbortEmitter;

/** The reason an attempt is aborted with at its deadline, so that undici's rejection carries it. */
export class DeadlineReached extends Error {}

/**
 * What undici listens to for one attempt of an upstream call: it aborts when the attempt's
 * deadline passes or when its call is aborted, and `deadlineReached` tells which. undici's own
 * timers tick at about a second, too coarse for a deadline. An attempt costs this object, its
 * timer and one listener on the call; `finish` must follow every attempt, so that neither the
 * timer nor the listener outlives it.
 */
export class AttemptDeadline extends AbortEmitter {
  #timer: NodeJS.Timeout;
  #call: CallAbort | undefined;
  #deadlineReached = false;
  #followCall = (): void => this.abort(this.#call?.reason);

  constructor(timeoutMs: number, call: CallAbort | undefined) {
    super();
    this.#call = call;
    this.#timer = setTimeout(AttemptDeadline.#expire, timeoutMs, this);
    if (call === undefined) return;
    if (call.aborted) {
      this.abort(call.reason);
    } else if (call instanceof AbortEmitter) {
      call.on('abort', this.#followCall);
    } else {
      call.addEventListener('abort', this.#followCall, { once: true });
    }
  }

  /** True when the attempt was aborted because its deadline passed, not because its call was. */
  get deadlineReached(): boolean {
    return this.#deadlineReached;
  }

  /** Stops the deadline's timer and stops listening to the call. */
  finish(): void {
    clearTimeout(this.#timer);
    const call = this.#call;
    if (call === undefined) return;
    this.#call = undefined;
    if (call instanceof AbortEmitter) call.removeListener('abort', this.#followCall);
    else call.removeEventListener('abort', this.#followCall);
  }

  // Static, with the attempt as the timer's argument: no closure per attempt for the timer.
  static #expire(attempt: AttemptDeadline): void {
    if (attempt.aborted) return;
    attempt.#deadlineReached = true;
    attempt.abort(new DeadlineReached());
  }
}
