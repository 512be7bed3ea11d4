export interface AdaptiveIntervalOptions {
  /** The interval while things change (config polling.intervalMs): one tick. */
  baseMs: number;
  /** The ceiling while nothing changes or the upstream fails (config polling.maxIntervalMs). */
  maxMs: number;
  random?: () => number;
}

/**
 * Unchanged polls tolerated at the base interval before backing off: a running execution
 * often looks the same for a few ticks before it moves, and should not pay a longer delay.
 */
const quietPollsBeforeBackoff = 3;
const quietGrowth = 1.5;
const failureGrowth = 2;
/** ± this fraction of a backed-off interval, so groups that failed together do not retry together. */
const jitter = 0.1;

/**
 * The delay between two polls of one poll group. It starts at one tick, grows towards the
 * ceiling while nothing changes (an AirOps review can last days) or while the upstream fails,
 * and snaps back to one tick on any change.
 */
export class AdaptiveInterval {
  #baseMs: number;
  #maxMs: number;
  #random: () => number;
  #currentMs: number;
  #quietPolls = 0;

  constructor(options: AdaptiveIntervalOptions) {
    this.#baseMs = options.baseMs;
    this.#maxMs = Math.max(options.baseMs, options.maxMs);
    this.#random = options.random ?? Math.random;
    this.#currentMs = this.#baseMs;
  }

  get currentMs(): number {
    return this.#currentMs;
  }

  changed(): void {
    this.#currentMs = this.#baseMs;
    this.#quietPolls = 0;
  }

  unchanged(): void {
    this.#quietPolls += 1;
    if (this.#quietPolls > quietPollsBeforeBackoff) this.#currentMs = Math.min(this.#maxMs, this.#currentMs * quietGrowth);
  }

  failed(): void {
    this.#currentMs = Math.min(this.#maxMs, this.#currentMs * failureGrowth);
  }

  /**
   * From the start of one poll to the start of the next. At the base rate this is exactly one
   * tick, so a change waits at most a tick; a backed-off interval is jittered.
   */
  nextDelayMs(): number {
    if (this.#currentMs <= this.#baseMs) return this.#baseMs;
    const factor = 1 - jitter + 2 * jitter * this.#random();
    return Math.min(this.#maxMs, Math.max(this.#baseMs, Math.round(this.#currentMs * factor)));
  }

  /** A random point within the first tick: executions watched at one moment then poll out of step. */
  firstPhaseMs(): number {
    return Math.max(1, Math.round(this.#baseMs * (0.5 + 0.5 * this.#random())));
  }
}
