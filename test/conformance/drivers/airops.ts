import { createAiropsSimulator } from '../../../src/simulators/airops/index.js';
import { ManualClock } from '../../../src/simulators/kit/index.js';
import { startGatewayHarness } from '../../helpers/gateway-harness.js';
import type { ConformanceDriver, ConformanceStack, StatusCase } from '../conformance-driver.js';

const key = 'conformance-airops-key-5521';

export const airopsDriver: ConformanceDriver = {
  kind: 'airops',
  async start(): Promise<ConformanceStack> {
    const clock = new ManualClock();
    const simulator = createAiropsSimulator({ clock, apiKeys: [key], seed: 5 });
    await simulator.listen();
    const listed = simulator.addApp({ name: 'listed' });
    const other = simulator.addApp({ name: 'other' });

    const statuses: [string, StatusCase['status'], boolean][] = [
      ['pending', 'PENDING', false],
      ['running', 'RUNNING', false],
      ['review_needed', 'NEEDS_REVIEW', false],
      ['success', 'SUCCEEDED', true],
      ['error', 'FAILED', true],
      ['cancelled', 'CANCELLED', true],
      ['Success', 'SUCCEEDED', true],
      ['archived_by_admin', 'UNKNOWN', false],
    ];
    const statusCases = statuses.map(([nativeStatus, status, isTerminal], index) => ({
      nativeId: simulator.addExecution({
        app: listed.id,
        status: nativeStatus,
        createdAt: clock.now() - (index + 1) * 60_000,
        timestampStyle: { offset: index % 2 ? '+05:30' : 'Z', fractionDigits: index },
      }).uuid,
      nativeStatus,
      status,
      isTerminal,
    }));
    const more = Array.from({ length: 13 }, (_, index) =>
      simulator.addExecution({ app: listed.id, status: 'success', createdAt: clock.now() - (100 + index) * 60_000 }).uuid,
    );
    simulator.addExecution({ app: other.id, status: 'success' });

    const document = (apiKey: string) => ({
      providers: [{ name: 'airops-main', kind: 'airops', baseUrl: simulator.url, apiKey, timeoutMs: 400, apps: [listed.uuid] }],
      polling: { intervalMs: 20, maxIntervalMs: 100 },
    });
    const gateway = await startGatewayHarness(document(key));
    const wrongKeyGateways: { close(): Promise<void> }[] = [];

    return {
      kind: 'airops',
      providerName: 'airops-main',
      gateway,
      provider: gateway.gateway.registry.get('airops-main')!,
      server: simulator.server,
      clock,
      statusCases,
      missingNativeId: '0badc0de-0000-4000-8000-000000000000',
      getRoute: { method: 'GET', template: '/public_api/airops_apps/executions/:execution_uuid' },
      listedNativeIds: [...statusCases.map((entry) => entry.nativeId), ...more],
      listRoutes: [{ method: 'GET', template: '/public_api/airops_apps/:airops_app_id/executions' }],
      start: { target: listed.uuid, inputs: { topic: 'conformance' }, route: { method: 'POST', template: '/public_api/airops_apps/:app_uuid/async_execute' } },
      unsupported: [],
      async gatewayWithWrongKey() {
        const wrong = await startGatewayHarness(document('not-the-key'));
        wrongKeyGateways.push(wrong);
        return wrong;
      },
      async close() {
        await Promise.all(wrongKeyGateways.map((entry) => entry.close()));
        await gateway.close();
        await simulator.close();
      },
    };
  },
};
