import { ManualClock } from '../../../../src/simulators/kit/index.js';
import { createNestedSimulator } from '../../../../src/simulators/nested/index.js';
import { nestedKey } from '../../../helpers/nested-stack.js';
import type { ConformanceDriver, ConformanceStack, StatusCase } from '../conformance-driver.js';
import { startDriverGateway } from '../driver-gateway.js';

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
    // The simulator the nested gateway tests use (test/helpers/nested-stack.ts): same key and seed.
    const clock = new ManualClock();
    const simulator = createNestedSimulator({ clock, apiKey: nestedKey, seed: 17 });
    await simulator.listen();
    const gatewaySide = await startDriverGateway(simulator, clock, {
      name: 'zaia',
      kind: 'nested',
      apiKey: nestedKey,
      wrongApiKey: 'not-the-zaia-key',
      timeoutMs: 400,
    });
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

    return {
      kind: 'nested',
      ...gatewaySide,
      clock,
      statusCases,
      missingNativeId: '0badc0de-0000-4000-8000-000000000000',
      getRoute: { method: 'GET', template: '/api/v1/executions/:id' },
      listedNativeIds: [...statusCases.map((entry) => entry.nativeId), ...tree.ids, ...more],
      listRoutes: [{ method: 'GET', template: '/api/v1/executions' }],
      unsupported: ['startExecution', 'cancelExecution', 'retryExecution', 'rateExecution'],
    };
  },
};
