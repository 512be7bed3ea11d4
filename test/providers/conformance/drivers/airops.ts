import { createAiropsSimulator } from '../../../../src/simulators/airops/index.js';
import { ManualClock } from '../../../../src/simulators/kit/index.js';
import type { ConformanceDriver, ConformanceStack, StatusCase } from '../conformance-driver.js';
import { startDriverGateway } from '../driver-gateway.js';

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

    const gatewaySide = await startDriverGateway(simulator, clock, {
      name: 'airops-main',
      kind: 'airops',
      apiKey: key,
      wrongApiKey: 'not-the-key',
      timeoutMs: 400,
      apps: [listed.uuid],
    });

    return {
      kind: 'airops',
      ...gatewaySide,
      clock,
      statusCases,
      missingNativeId: '0badc0de-0000-4000-8000-000000000000',
      getRoute: { method: 'GET', template: '/public_api/airops_apps/executions/:execution_uuid' },
      listedNativeIds: [...statusCases.map((entry) => entry.nativeId), ...more],
      listRoutes: [{ method: 'GET', template: '/public_api/airops_apps/:airops_app_id/executions' }],
      start: { target: listed.uuid, inputs: { topic: 'conformance' }, route: { method: 'POST', template: '/public_api/airops_apps/:app_uuid/async_execute' } },
      unsupported: [],
    };
  },
};
