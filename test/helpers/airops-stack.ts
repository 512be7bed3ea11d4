import { createAiropsSimulator, type AiropsSimulator, type AiropsSimulatorOptions } from '../../src/simulators/airops/index.js';
import { startSimulatorStack, type SimulatorStack, type SimulatorStackOptions } from './simulator-stack.js';

export const airopsKey = 'airops-upstream-secret-9f3c';

export type AirOpsStack = SimulatorStack<AiropsSimulator>;

export interface AirOpsStackOptions extends SimulatorStackOptions<AiropsSimulatorOptions> {
  /** Providers configured over the one simulator, each with the same entry (default: one, `airops`). */
  providerNames?: readonly string[];
}

/** An AirOps simulator on a manual clock and a gateway configured for it. */
export function startAirOpsStack(options: AirOpsStackOptions = {}): Promise<AirOpsStack> {
  return startSimulatorStack(
    {
      simulator: (clock) => createAiropsSimulator({ clock, apiKeys: [airopsKey], seed: 11, ...options.simulator }),
      providers: () => (options.providerNames ?? ['airops']).map((name) => ({ name, kind: 'airops', apiKey: airopsKey, timeoutMs: 600, ...options.provider })),
    },
    options,
  );
}
