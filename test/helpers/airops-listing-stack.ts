import { createAiropsSimulator, type AiropsSimulator } from '../../src/simulators/airops/index.js';
import type { HarnessOptions } from './gateway-harness.js';
import { startSimulatorStack, type SimulatorStack } from './simulator-stack.js';

export const listingAirOpsKey = 'airops-listing-secret-5d1e';

export type AirOpsListingStack = SimulatorStack<AiropsSimulator>;

export interface AirOpsListingOptions {
  /** Seeds the simulator before the gateway starts; returns the providers to configure (their `baseUrl` and `apiKey` are filled in). */
  seed(simulator: AiropsSimulator): Record<string, unknown>[];
  config?: Record<string, unknown>;
  harness?: HarnessOptions;
}

/**
 * An AirOps simulator on a manual clock, seeded first, and a gateway whose AirOps providers
 * list the apps the seed chose (listing needs them in the config, so they exist beforehand).
 */
export function startAirOpsListing(options: AirOpsListingOptions): Promise<AirOpsListingStack> {
  return startSimulatorStack(
    {
      simulator: (clock) => createAiropsSimulator({ clock, apiKeys: [listingAirOpsKey], seed: 5 }),
      providers: (simulator) => options.seed(simulator).map((provider) => ({ kind: 'airops', apiKey: listingAirOpsKey, timeoutMs: 1000, ...provider })),
    },
    options,
  );
}
