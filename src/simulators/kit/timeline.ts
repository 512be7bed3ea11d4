/**
 * A status lifecycle as a list of (time, state) steps. The state at time t is the last step
 * at or before t, so a record read at any moment shows where its lifecycle has got to without
 * any timer running inside the simulator.
 */
export interface TimelineStep<S> {
  at: number;
  state: S;
}

export class Timeline<S> {
  #steps: TimelineStep<S>[] = [];

  constructor(steps: TimelineStep<S>[]) {
    if (steps.length === 0) throw new Error('a timeline needs at least one step');
    this.#steps = [...steps].sort((a, b) => a.at - b.at);
  }

  /** The step in force at `now` (the first step if `now` is before it). */
  stepAt(now: number): TimelineStep<S> {
    let current = this.#steps[0]!;
    for (const step of this.#steps) {
      if (step.at <= now) current = step;
      else break;
    }
    return current;
  }

  stateAt(now: number): S {
    return this.stepAt(now).state;
  }

  /** Drops every step after `now` and appends `steps`: used when a write changes the future. */
  rewriteFrom(now: number, steps: TimelineStep<S>[]): void {
    const kept = this.#steps.filter((step) => step.at <= now);
    this.#steps = [...kept, ...steps].sort((a, b) => a.at - b.at);
  }

  steps(): readonly TimelineStep<S>[] {
    return this.#steps;
  }
}
