import { createFlowsSimulator, type FlowsSimulator, type FlowsSimulatorOptions } from '../../src/simulators/flows/index.js';
import { startSimulatorStack, type SimulatorStack, type SimulatorStackOptions } from './simulator-stack.js';

export const flowsKey = 'fm_flows_upstream_secret_7d21';

export type FlowsStack = SimulatorStack<FlowsSimulator>;

/** A FlowMason simulator on a manual clock and the production gateway configured for it. */
export function startFlowsStack(options: SimulatorStackOptions<FlowsSimulatorOptions> = {}): Promise<FlowsStack> {
  return startSimulatorStack(
    {
      simulator: (clock) => createFlowsSimulator({ clock, apiKeys: [flowsKey], seed: 23, ...options.simulator }),
      providers: () => [{ name: 'flows', kind: 'flows', apiKey: flowsKey, timeoutMs: 600, ...options.provider }],
    },
    options,
  );
}
