import { createFlowsSimulator } from '../../../../src/simulators/flows/index.js';
import { ManualClock } from '../../../../src/simulators/kit/index.js';
import type { ConformanceDriver, ConformanceStack, StatusCase } from '../conformance-driver.js';
import { startDriverGateway } from '../driver-gateway.js';

const key = 'fm_conformance_flows_key_8830';

export const flowsDriver: ConformanceDriver = {
  kind: 'flows',
  async start(): Promise<ConformanceStack> {
    const clock = new ManualClock();
    // FlowMason documents no list order: a shuffled one makes the adapter's own sort matter.
    const simulator = createFlowsSimulator({ clock, apiKeys: [key], seed: 8, listOrder: 'shuffled' });
    await simulator.listen();
    simulator.addFlow({ id: 'text-summary-flow', behaviour: { runningMs: 0 } });
    simulator.addFlow({ id: 'résumé-flow', behaviour: { runningMs: 0 } });

    // `pending` is documented but never produced; the webhook's PascalCase forms prove the case-insensitive match.
    const statuses: [string, StatusCase['status'], boolean, boolean][] = [
      ['pending', 'PENDING', false, false],
      ['running', 'RUNNING', false, false],
      ['completed', 'SUCCEEDED', true, true],
      ['failed', 'FAILED', true, true],
      ['Completed', 'SUCCEEDED', true, true],
      ['Failed', 'FAILED', true, true],
      ['paused_by_admin', 'UNKNOWN', false, false],
      ['archived', 'UNKNOWN', true, true],
    ];
    const offsets = ['+00:00', 'Z', '+05:30'];
    const statusCases = statuses.map(([nativeStatus, status, isTerminal, ended], index) => ({
      nativeId: simulator.addExecution({
        flowId: index % 2 ? 'résumé-flow' : 'text-summary-flow',
        status: nativeStatus,
        startedAt: clock.now() - (index + 1) * 60_000,
        completedAt: ended ? clock.now() - (index + 1) * 60_000 + 1500 : null,
        timestampStyle: { offset: offsets[index % offsets.length]!, fractionDigits: ([0, 3, 6, 9] as const)[index % 4]! },
      }),
      nativeStatus,
      status,
      isTerminal,
    }));
    // Several share a start instant (FlowMason's order for ties is nobody's promise either).
    const more = Array.from({ length: 15 }, (_, index) =>
      simulator.addExecution({ flowId: 'text-summary-flow', startedAt: clock.now() - (100 + Math.floor(index / 3)) * 60_000 }),
    );

    const gatewaySide = await startDriverGateway(simulator, clock, {
      name: 'flows-main',
      kind: 'flows',
      apiKey: key,
      wrongApiKey: 'fm_not_the_key_0000',
      timeoutMs: 400,
    });

    return {
      kind: 'flows',
      ...gatewaySide,
      clock,
      statusCases,
      missingNativeId: '0badc0de-0000-4000-8000-000000000000',
      getRoute: { method: 'GET', template: '/api/v1/executions/:execution_id' },
      listedNativeIds: [...statusCases.map((entry) => entry.nativeId), ...more],
      listRoutes: [
        { method: 'GET', template: '/api/v1/executions' },
        { method: 'GET', template: '/api/v1/executions/flow/:flow_id' },
      ],
      start: { target: 'text-summary-flow', inputs: { text: 'conformance' }, route: { method: 'POST', template: '/api/v1/executions' } },
      unsupported: ['cancelExecution', 'rateExecution'],
    };
  },
};
