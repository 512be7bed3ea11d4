import type { ManualClock, SimulatorServer } from '../../../src/simulators/kit/index.js';
import { startGatewayHarness, type GatewayHarness } from '../../helpers/gateway-harness.js';
import { attachGateway } from '../../helpers/simulator-stack.js';
import type { ConformanceStack } from './conformance-driver.js';

/** The simulator a driver has started and seeded. */
export interface SeededSimulator {
  readonly url: string;
  readonly server: SimulatorServer;
  listen(): Promise<unknown>;
  close(): Promise<void>;
}

/** The provider entry of the driver's gateway; `baseUrl` is the simulator's. */
export interface DriverProvider extends Record<string, unknown> {
  name: string;
  kind: string;
  apiKey: string;
  /** The key `gatewayWithWrongKey` configures instead (the upstream answers 401). */
  wrongApiKey: string;
}

const conformancePolling = { intervalMs: 20, maxIntervalMs: 100 };

/**
 * The gateway side of a conformance stack, the same for every kind: the simulator's stack
 * (test/helpers/simulator-stack.ts) with one provider, gateways with a wrong key on demand, and
 * one close that closes those gateways, then the stack.
 */
export async function startDriverGateway(
  simulator: SeededSimulator,
  clock: ManualClock,
  { wrongApiKey, ...provider }: DriverProvider,
): Promise<Pick<ConformanceStack, 'providerName' | 'gateway' | 'provider' | 'server' | 'clock' | 'gatewayWithWrongKey' | 'close'>> {
  const stack = await attachGateway(simulator, clock, { providers: () => [provider], polling: conformancePolling });
  const wrongKeyGateways: GatewayHarness[] = [];
  return {
    providerName: provider.name,
    gateway: stack.gateway,
    provider: stack.gateway.gateway.registry.get(provider.name)!,
    server: simulator.server,
    clock,
    async gatewayWithWrongKey() {
      const wrong = await startGatewayHarness({ providers: [{ ...provider, baseUrl: simulator.url, apiKey: wrongApiKey }], polling: conformancePolling });
      wrongKeyGateways.push(wrong);
      return wrong;
    },
    async close() {
      await Promise.all(wrongKeyGateways.map((entry) => entry.close()));
      await stack.close();
    },
  };
}
