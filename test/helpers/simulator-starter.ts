import { afterEach } from 'vitest';
import { ManualClock } from '../../src/simulators/kit/index.js';

export interface StartableSimulator {
  listen(): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * For a test file that starts simulators directly: each starts on its own manual clock and
 * listens, and every one is closed after each test, so that a test failing half-way leaves no
 * port open. Call it at the top level of the file (it registers an `afterEach`).
 */
export function simulatorStarter<Simulator extends StartableSimulator>(): (
  create: (clock: ManualClock) => Simulator,
) => Promise<{ simulator: Simulator; clock: ManualClock }> {
  const started: Simulator[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((simulator) => simulator.close()));
  });
  return async (create) => {
    const clock = new ManualClock();
    const simulator = create(clock);
    started.push(simulator);
    await simulator.listen();
    return { simulator, clock };
  };
}
