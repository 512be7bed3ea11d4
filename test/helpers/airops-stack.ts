import { createAiropsSimulator, type AiropsSimulator, type AiropsSimulatorOptions } from '../../src/simulators/airops/index.js';
import { startSimulatorStack, type SimulatorStack, type SimulatorStackOptions } from './simulator-stack.js';

export const airopsKey = 'airops-upstream-secret-9f3c';

export type AirOpsStack = SimulatorStack<AiropsSimulator>;

/** An AirOps simulator on a manual clock and a gateway configured for it. */
export function startAirOpsStack(options: SimulatorStackOptions<AiropsSimulatorOptions> = {}): Promise<AirOpsStack> {
  return startSimulatorStack(
    {
      simulator: (clock) => createAiropsSimulator({ clock, apiKeys: [airopsKey], seed: 11, ...options.simulator }),
      providers: () => [{ name: 'airops', kind: 'airops', apiKey: airopsKey, timeoutMs: 600, ...options.provider }],
    },
    options,
  );
}
