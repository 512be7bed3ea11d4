import { ManualClock } from '../../../../src/simulators/kit/index.js';
import { createWorkflowRunsSimulator, type WireDateFormat } from '../../../../src/simulators/workflow-runs/index.js';
import type { ConformanceDriver, ConformanceStack, StatusCase } from '../conformance-driver.js';
import { startDriverGateway } from '../driver-gateway.js';

const key = 'conformance-cortex-key-7730';
const workflowId = 'wf_1';

/**
 * Date-time forms only: the shared suite checks that a stream is newest first by createdAt,
 * and a plain date (which Cortex also sends, covered by the kind's own tests) reads as midnight.
 */
const dateFormats: WireDateFormat[] = [
  { kind: 'date-time', offsetMinutes: 0, fractionDigits: 3, zulu: true },
  { kind: 'date-time', offsetMinutes: 330, fractionDigits: 9, zulu: false },
  { kind: 'date-time', offsetMinutes: -480, fractionDigits: 0, zulu: false },
  { kind: 'date-time', offsetMinutes: 0, fractionDigits: 6, zulu: false },
];

export const workflowRunsDriver: ConformanceDriver = {
  kind: 'workflow-runs',
  async start(): Promise<ConformanceStack> {
    const clock = new ManualClock();
    const simulator = createWorkflowRunsSimulator({ clock, apiKey: key, seed: 9 });
    await simulator.listen();
    simulator.seedWorkflows();

    const statuses: [string, StatusCase['status'], boolean][] = [
      ['PENDING', 'PENDING', false],
      ['RUNNING', 'RUNNING', false],
      ['COMPLETED', 'SUCCEEDED', true],
      ['FAILED', 'FAILED', true],
      ['CANCELLED', 'CANCELLED', true],
      ['SKIPPED', 'SKIPPED', true],
      ['completed', 'SUCCEEDED', true],
      ['ARCHIVED', 'UNKNOWN', true],
      ['PAUSED_BY_ADMIN', 'UNKNOWN', false],
    ];
    const statusCases = statuses.map(([nativeStatus, status, isTerminal], index) => {
      const createdAt = clock.now() - (index + 1) * 60_000;
      const dateFormat = dateFormats[index % dateFormats.length]!;
      let runId: string;
      if (nativeStatus === 'PAUSED_BY_ADMIN') {
        // An unknown status with no end time: not terminal.
        runId = simulator.addRun({ workflowId, status: 'RUNNING', frozen: true, createdAt, dateFormat });
        simulator.forceStatus(runId, nativeStatus);
      } else {
        runId = simulator.addRun({ workflowId, status: nativeStatus, createdAt, dateFormat });
      }
      return { nativeId: `${workflowId}/${runId}`, nativeStatus, status, isTerminal };
    });
    const more = Array.from({ length: 13 }, (_, index) =>
      simulator.addRun({ workflowId, status: 'COMPLETED', createdAt: clock.now() - (100 + index) * 60_000, dateFormat: dateFormats[index % dateFormats.length]! }),
    ).map((runId) => `${workflowId}/${runId}`);
    // A run of a workflow that is not listed (and calls no other workflow, so no child lands in wf_1).
    simulator.addRun({ workflowId: 'wf_翻訳-ünï', status: 'COMPLETED', dateFormat: dateFormats[0]! });

    const gatewaySide = await startDriverGateway(simulator, clock, {
      name: 'cortex-main',
      kind: 'workflow-runs',
      apiKey: key,
      wrongApiKey: 'not-the-cortex-key',
      timeoutMs: 400,
      workflows: [workflowId],
    });
    const runsRoute = '/apps/:app_id/workflows/:workflow_id/runs';

    return {
      kind: 'workflow-runs',
      ...gatewaySide,
      clock,
      statusCases,
      missingNativeId: `${workflowId}/run_doesnotexist0000000000`,
      getRoute: { method: 'GET', template: `${runsRoute}/:run_id` },
      listedNativeIds: [...statusCases.map((entry) => entry.nativeId), ...more],
      listRoutes: [{ method: 'GET', template: runsRoute }],
      start: { target: workflowId, inputs: { text: 'conformance' }, route: { method: 'POST', template: runsRoute } },
      unsupported: ['rateExecution'],
    };
  },
};
