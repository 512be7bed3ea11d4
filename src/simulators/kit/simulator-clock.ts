/**
 * Time source of a simulator. Status lifecycles are computed from `now()` at read time, so a
 * test that owns a ManualClock decides exactly when an execution moves on; demo mode uses
 * the system clock and executions progress in real time.
 */
export interface SimulatorClock {
  now(): number;
}

export const systemClock: SimulatorClock = { now: () => Date.now() };

export class ManualClock implements SimulatorClock {
  #now: number;

  constructor(startMs: number = Date.parse('2026-01-15T12:00:00.000Z')) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`cannot advance a clock by ${ms} ms`);
    this.#now += ms;
  }

  set(ms: number): void {
    this.#now = ms;
  }
}
