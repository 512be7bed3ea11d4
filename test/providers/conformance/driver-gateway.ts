import type { SimulatorServer } from '../../../src/simulators/kit/index.js';
import { startGatewayHarness, type GatewayHarness } from '../../helpers/gateway-harness.js';
import type { ConformanceStack } from './conformance-driver.js';

/** The simulator a driver has started and seeded. */
export interface SeededSimulator {
  readonly url: string;
  readonly server: SimulatorServer;
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

/**
 * The gateway side of a conformance stack, the same for every kind: the production gateway with
 * one provider for the seeded simulator, gateways with a wrong key on demand, and one close that
 * closes those gateways, then the gateway, then the simulator.
 */
export async function startDriverGateway(
  simulator: SeededSimulator,
  { wrongApiKey, ...provider }: DriverProvider,
): Promise<Pick<ConformanceStack, 'providerName' | 'gateway' | 'provider' | 'server' | 'gatewayWithWrongKey' | 'close'>> {
  const document = (apiKey: string) => ({
    providers: [{ ...provider, baseUrl: simulator.url, apiKey }],
    polling: { intervalMs: 20, maxIntervalMs: 100 },
  });
  const gateway = await startGatewayHarness(document(provider.apiKey));
  const wrongKeyGateways: GatewayHarness[] = [];
  return {
    providerName: provider.name,
    gateway,
    provider: gateway.gateway.registry.get(provider.name)!,
    server: simulator.server,
    async gatewayWithWrongKey() {
      const wrong = await startGatewayHarness(document(wrongApiKey));
      wrongKeyGateways.push(wrong);
      return wrong;
    },
    async close() {
      await Promise.all(wrongKeyGateways.map((entry) => entry.close()));
      await gateway.close();
      await simulator.close();
    },
  };
}
