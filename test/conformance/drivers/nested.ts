import type { Provider } from '../../../src/providers/provider.js';
import { ManualClock } from '../../../src/simulators/kit/index.js';
import { createNestedSimulator, type NestedSimulator, type NestedSimulatorOptions } from '../../../src/simulators/nested/index.js';
import { startGatewayHarness, type GatewayHarness, type HarnessOptions } from '../../helpers/gateway-harness.js';
import type { ConformanceDriver, ConformanceStack, StatusCase } from '../conformance-driver.js';

export const nestedKey = 'zaia-upstream-secret-7c1e';

export interface NestedStack {
  simulator: NestedSimulator;
  clock: ManualClock;
  gateway: GatewayHarness;
  /** The provider instance the gateway uses. */
  provider: Provider;
  providerName: string;
  close(): Promise<void>;
}

/**
 * A Zaia simulator on a manual clock and the production gateway configured for it. Also used
 * by the nested gateway tests (test/gateway/nested-*.test.ts).
 */
export async function startNestedStack(
  options: { simulator?: Partial<NestedSimulatorOptions>; provider?: Record<string, unknown>; config?: Record<string, unknown>; harness?: HarnessOptions } = {},
): Promise<NestedStack> {
  const clock = new ManualClock();
  const simulator = createNestedSimulator({ clock, apiKey: nestedKey, seed: 17, ...options.simulator });
  await simulator.listen();
  const providerName = 'zaia';
  const gateway = await startGatewayHarness(
    {
      providers: [{ name: providerName, kind: 'nested', baseUrl: simulator.url, apiKey: nestedKey, timeoutMs: 400, ...options.provider }],
      polling: { intervalMs: 20, maxIntervalMs: 100 },
      ...options.config,
    },
    options.harness,
  );
  return {
    simulator,
    clock,
    gateway,
    provider: gateway.gateway.registry.get(providerName)!,
    providerName,
    close: async () => {
      await gateway.close();
      await simulator.close();
    },
  };
}

/** Every spelling of UPSTREAMS.md §4.1 (Zaia column), one case-variant, and unknown ones with and without an end time. */
const statuses: [nativeStatus: string, status: StatusCase['status'], isTerminal: boolean][] = [
  ['pending', 'PENDING', false],
  ['queued', 'PENDING', false],
  ['running', 'RUNNING', false],
  ['processing', 'RUNNING', false],
  ['waiting_for_input', 'NEEDS_REVIEW', false],
  ['awaitingApproval', 'NEEDS_REVIEW', false],
  ['completed', 'SUCCEEDED', true],
  ['success', 'SUCCEEDED', true],
  ['succeeded', 'SUCCEEDED', true],
  ['finished', 'SUCCEEDED', true],
  ['failed', 'FAILED', true],
  ['error', 'FAILED', true],
  ['timeout', 'FAILED', true],
  ['cancelled', 'CANCELLED', true],
  ['canceled', 'CANCELLED', true],
  ['aborted', 'CANCELLED', true],
  ['stopped', 'CANCELLED', true],
  ['Completed', 'SUCCEEDED', true],
  ['archived_by_policy', 'UNKNOWN', true],
  ['on_hold', 'UNKNOWN', false],
];

const offsets = ['Z', '+00:00', '+05:30', '-08:00'];

export const nestedDriver: ConformanceDriver = {
  kind: 'nested',
  async start(): Promise<ConformanceStack> {
    const stack = await startNestedStack();
    const { simulator, clock } = stack;
    const now = clock.now();

    const statusCases = statuses.map(([nativeStatus, status, isTerminal], index) => {
      const { id } = simulator.addExecutionTree({
        createdAt: now - (index + 1) * 60_000,
        lifecycle: { pendingMs: 0, runningMs: Infinity },
        timeFormat: { offset: offsets[index % offsets.length]!, fractionDigits: index % 10 },
      });
      // Unknown spellings keep whatever end time they had: give the "ended" one an end time.
      simulator.setStatus(id, nativeStatus, isTerminal && status === 'UNKNOWN' ? { endedAt: now - 1000 } : {});
      return { nativeId: id, nativeStatus, status, isTerminal };
    });
    const tree = simulator.addExecutionTree({
      createdAt: now - 3 * 3_600_000,
      lifecycle: { pendingMs: 0, runningMs: 1000 },
      children: [{ lifecycle: { pendingMs: 0 } }, { lifecycle: { pendingMs: 0 }, children: [{}] }],
    });
    const more = Array.from({ length: 9 }, (_, index) => simulator.addExecutionTree({ createdAt: now - (200 + index) * 60_000 }).id);

    const wrongKeyGateways: GatewayHarness[] = [];
    return {
      kind: 'nested',
      providerName: stack.providerName,
      gateway: stack.gateway,
      provider: stack.provider,
      server: simulator.server,
      clock,
      statusCases,
      missingNativeId: '0badc0de-0000-4000-8000-000000000000',
      getRoute: { method: 'GET', template: '/api/v1/executions/:id' },
      listedNativeIds: [...statusCases.map((entry) => entry.nativeId), ...tree.ids, ...more],
      listRoutes: [{ method: 'GET', template: '/api/v1/executions' }],
      unsupported: ['startExecution', 'cancelExecution', 'retryExecution', 'rateExecution'],
      async gatewayWithWrongKey() {
        const wrong = await startGatewayHarness({
          providers: [{ name: stack.providerName, kind: 'nested', baseUrl: simulator.url, apiKey: 'not-the-zaia-key', timeoutMs: 400 }],
        });
        wrongKeyGateways.push(wrong);
        return wrong;
      },
      async close() {
        await Promise.all(wrongKeyGateways.map((entry) => entry.close()));
        await stack.close();
      },
    };
  },
};
