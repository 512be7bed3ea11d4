import { createAiropsSimulator, type AiropsApp, type AiropsSimulator } from '../../src/simulators/airops/index.js';
import { createFlowsSimulator, type FlowsSimulator } from '../../src/simulators/flows/index.js';
import { ManualClock } from '../../src/simulators/kit/index.js';
import { createNestedSimulator, type NestedSimulator } from '../../src/simulators/nested/index.js';
import { createWorkflowRunsSimulator, type WireDateFormat, type WorkflowRunsSimulator } from '../../src/simulators/workflow-runs/index.js';
import { executionGlobalId } from '../../src/model/global-id.js';
import { startGatewayHarness, type GatewayHarness, type HarnessOptions } from './gateway-harness.js';
import { testPolling } from './simulator-stack.js';

const keys = {
  airops: 'airops-four-kinds-key-1c2d',
  flows: 'fm_four_kinds_flows_key_77',
  nested: 'zaia-four-kinds-key-9e8f',
  runs: 'cortex-four-kinds-key-3a4b',
};

/** Workflows listed: one that calls the other as a child run, so runs have children. */
export const listedWorkflows = ['wf_1', 'wf-summarize'];
/** Cortex sends plain dates too; those read as midnight and would not be newest first within a stream. */
const isoDates: WireDateFormat = { kind: 'date-time', offsetMinutes: 0, fractionDigits: 3, zulu: true };
const flowIds = ['text-summary-flow', 'résumé-flow'];
const minute = 60_000;

export interface FourKindsStack {
  clock: ManualClock;
  airops: AiropsSimulator;
  flows: FlowsSimulator;
  nested: NestedSimulator;
  runs: WorkflowRunsSimulator;
  airopsApps: AiropsApp[];
  gateway: GatewayHarness;
  /** Global ids of every execution the gateway lists now, straight from the simulators. */
  listedIds(): string[];
  /** Adds one execution of each kind created now (it heads the listing). */
  addNewest(): void;
  close(): Promise<void>;
}

/**
 * All four upstream simulators on one manual clock, seeded with executions of every kind on a
 * shared grid of instants (so executions of different kinds tie on createdAt), and the
 * production gateway configured for all of them.
 */
export async function startFourKinds(
  options: { config?: Record<string, unknown>; harness?: HarnessOptions; perKind?: number; /** Where the manual clock starts (default: a fixed instant). */ clockStartMs?: number } = {},
): Promise<FourKindsStack> {
  const clock = new ManualClock(options.clockStartMs);
  const airops = createAiropsSimulator({ clock, apiKeys: [keys.airops], seed: 21 });
  const flows = createFlowsSimulator({ clock, apiKeys: [keys.flows], seed: 22 });
  const nested = createNestedSimulator({ clock, apiKey: keys.nested, seed: 23 });
  // Child runs too carry full date-times (a plain date reads as midnight, out of the stream's order).
  const runs = createWorkflowRunsSimulator({ clock, apiKey: keys.runs, seed: 24, dateFormats: 'iso' });
  await Promise.all([airops.listen(), flows.listen(), nested.listen(), runs.listen()]);

  const base = clock.now() - 60 * minute;
  /** Grid instant `slot`: every kind uses the same instants, so ties across kinds are common. */
  const at = (slot: number) => base - slot * 30_000;
  const count = options.perKind ?? 14;
  const airopsApps = [airops.addApp({ name: 'four-kinds-a' }), airops.addApp({ name: 'four-kinds-b' })];
  for (const flowId of flowIds) flows.addFlow({ id: flowId, behaviour: { runningMs: 0 } });
  runs.seedWorkflows();
  const airopsStatuses = ['success', 'error', 'running', 'cancelled'];
  const flowStatuses = ['completed', 'failed', 'running'];
  const runStatuses = ['COMPLETED', 'FAILED', 'RUNNING', 'CANCELLED'];
  for (let index = 0; index < count; index++) {
    airops.addExecution({ app: airopsApps[index % 2]!.id, createdAt: at(index), status: airopsStatuses[index % 4]!, timestampStyle: { offset: 'Z', fractionDigits: 3 } });
    flows.addExecution({ flowId: flowIds[index % 2]!, startedAt: at(index + 1), status: flowStatuses[index % 3]!, timestampStyle: { offset: 'Z', fractionDigits: 3 } });
    // wf_1 runs have no children; wf-summarize runs start a wf_1 child run.
    runs.addRun({ workflowId: listedWorkflows[index % 2]!, createdAt: at(index + 2), status: runStatuses[index % 4]!, dateFormat: isoDates });
  }
  // Zaia trees: a root with two children each, the children created right after the root.
  for (let index = 0; index < Math.ceil(count / 3); index++) {
    nested.addExecutionTree({ createdAt: at(index * 3), lifecycle: { pendingMs: 0, runningMs: 1000 }, children: [{ spawnDelayMs: 0 }, { spawnDelayMs: 500 }] });
  }

  const gateway = await startGatewayHarness(
    {
      providers: [
        { name: 'airops', kind: 'airops', baseUrl: airops.url, apiKey: keys.airops, timeoutMs: 1000, apps: airopsApps.map((app) => app.uuid) },
        { name: 'flows', kind: 'flows', baseUrl: flows.url, apiKey: keys.flows, timeoutMs: 1000 },
        { name: 'nested', kind: 'nested', baseUrl: nested.url, apiKey: keys.nested, timeoutMs: 1000 },
        { name: 'runs', kind: 'workflow-runs', baseUrl: runs.url, apiKey: keys.runs, timeoutMs: 1000, appId: runs.appId, workflows: listedWorkflows },
      ],
      polling: testPolling,
      ...options.config,
    },
    options.harness,
  );

  return {
    clock,
    airops,
    flows,
    nested,
    runs,
    airopsApps,
    gateway,
    listedIds: () => [
      ...airopsApps.flatMap((app) => airops.executionUuids(app.id)).map((uuid) => executionGlobalId('airops', uuid)),
      ...flows.listExecutions().map((execution) => executionGlobalId('flows', execution.execution_id)),
      ...nested.listExecutions().map((execution) => executionGlobalId('nested', execution.id)),
      ...listedWorkflows.flatMap((workflowId) => runs.runIds({ workflowId }).map((runId) => executionGlobalId('runs', `${workflowId}/${runId}`))),
    ],
    addNewest: () => {
      clock.advance(1000);
      airops.addExecution({ app: airopsApps[0]!.id, status: 'running' });
      flows.addExecution({ flowId: flowIds[0]!, status: 'running' });
      nested.addExecutionTree({ lifecycle: { pendingMs: 0, runningMs: 60_000 } });
      runs.addRun({ workflowId: 'wf_1', status: 'RUNNING', dateFormat: isoDates });
    },
    close: async () => {
      await gateway.close();
      await Promise.all([airops.close(), flows.close(), nested.close(), runs.close()]);
    },
  };
}
