import type { Provider } from '../../src/providers/provider.js';
import { createNestedSimulator, type NestedSimulator, type NestedSimulatorOptions } from '../../src/simulators/nested/index.js';
import { startSimulatorStack, type SimulatorStack, type SimulatorStackOptions } from './simulator-stack.js';

export const nestedKey = 'zaia-upstream-secret-7c1e';
const providerName = 'zaia';

export interface NestedStack extends SimulatorStack<NestedSimulator> {
  /** The provider instance the gateway uses. */
  provider: Provider;
  providerName: string;
}

/** A Zaia simulator on a manual clock and the production gateway configured for it. */
export async function startNestedStack(options: SimulatorStackOptions<NestedSimulatorOptions> = {}): Promise<NestedStack> {
  const stack = await startSimulatorStack(
    {
      simulator: (clock) => createNestedSimulator({ clock, apiKey: nestedKey, seed: 17, ...options.simulator }),
      providers: () => [{ name: providerName, kind: 'nested', apiKey: nestedKey, timeoutMs: 400, ...options.provider }],
      polling: { intervalMs: 20, maxIntervalMs: 100 },
    },
    options,
  );
  return { ...stack, provider: stack.gateway.gateway.registry.get(providerName)!, providerName };
}
