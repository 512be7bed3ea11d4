import { createAiropsSimulator, type AiropsSimulator } from '../../src/simulators/airops/index.js';
import { ManualClock } from '../../src/simulators/kit/index.js';
import { startGatewayHarness, type GatewayHarness, type HarnessOptions } from './gateway-harness.js';

export const listingAirOpsKey = 'airops-listing-secret-5d1e';

export interface AirOpsListingStack {
  simulator: AiropsSimulator;
  clock: ManualClock;
  gateway: GatewayHarness;
  close(): Promise<void>;
}

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
export async function startAirOpsListing(options: AirOpsListingOptions): Promise<AirOpsListingStack> {
  const clock = new ManualClock();
  const simulator = createAiropsSimulator({ clock, apiKeys: [listingAirOpsKey], seed: 5 });
  await simulator.listen();
  const providers = options.seed(simulator).map((provider) => ({ kind: 'airops', baseUrl: simulator.url, apiKey: listingAirOpsKey, timeoutMs: 1000, ...provider }));
  const gateway = await startGatewayHarness({ providers, polling: { intervalMs: 20, maxIntervalMs: 200 }, ...options.config }, options.harness);
  return {
    simulator,
    clock,
    gateway,
    close: async () => {
      await gateway.close();
      await simulator.close();
    },
  };
}
