import { ManualClock } from '../../src/simulators/kit/index.js';
import { createFlowsSimulator, type FlowsSimulator, type FlowsSimulatorOptions } from '../../src/simulators/flows/index.js';
import { startGatewayHarness, type GatewayHarness, type HarnessOptions } from '../helpers/gateway-harness.js';

export const flowsKey = 'fm_flows_upstream_secret_7d21';

export interface FlowsStack {
  simulator: FlowsSimulator;
  clock: ManualClock;
  gateway: GatewayHarness;
  close(): Promise<void>;
}

/** A FlowMason simulator on a manual clock and the production gateway configured for it. */
export async function startFlowsStack(
  options: { simulator?: Partial<FlowsSimulatorOptions>; provider?: Record<string, unknown>; config?: Record<string, unknown>; harness?: HarnessOptions } = {},
): Promise<FlowsStack> {
  const clock = new ManualClock();
  const simulator = createFlowsSimulator({ clock, apiKeys: [flowsKey], seed: 23, ...options.simulator });
  await simulator.listen();
  const gateway = await startGatewayHarness(
    {
      providers: [{ name: 'flows', kind: 'flows', baseUrl: simulator.url, apiKey: flowsKey, timeoutMs: 600, ...options.provider }],
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
