import { createAiropsSimulator, type AiropsSimulator, type AiropsSimulatorOptions } from '../../src/simulators/airops/index.js';
import { ManualClock } from '../../src/simulators/kit/index.js';
import { startGatewayHarness, type GatewayHarness, type HarnessOptions } from './gateway-harness.js';

export const airopsKey = 'airops-upstream-secret-9f3c';

export interface AirOpsStack {
  simulator: AiropsSimulator;
  clock: ManualClock;
  gateway: GatewayHarness;
  close(): Promise<void>;
}

/** An AirOps simulator on a manual clock and a gateway configured for it. */
export async function startAirOpsStack(
  options: { simulator?: Partial<AiropsSimulatorOptions>; provider?: Record<string, unknown>; config?: Record<string, unknown>; harness?: HarnessOptions } = {},
): Promise<AirOpsStack> {
  const clock = new ManualClock();
  const simulator = createAiropsSimulator({ clock, apiKeys: [airopsKey], seed: 11, ...options.simulator });
  await simulator.listen();
  const gateway = await startGatewayHarness(
    {
      providers: [{ name: 'airops', kind: 'airops', baseUrl: simulator.url, apiKey: airopsKey, timeoutMs: 600, ...options.provider }],
      polling: { intervalMs: 20, maxIntervalMs: 200 },
      ...options.config,
    },
    options.harness,
  );
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
