import { startFlowsStack } from './flows-stack.js';
import { startWorkflowRunsStack } from './workflow-runs-stack.js';
import { startNestedStack } from './nested-stack.js';
import type { ManualClock, RequestCounters } from '../../src/simulators/kit/index.js';
import { startAirOpsStack } from './airops-stack.js';
import type { GatewayHarness } from './gateway-harness.js';

/** One execution that moves on at each of two clock steps, from `first` to the terminal `last`. */
export interface LifecycleExecution {
  nativeId: string;
  first: string;
  last: string;
}

/** One upstream kind, for the live tests that every kind must pass. */
export interface LiveKindStack {
  provider: string;
  gateway: GatewayHarness;
  clock: ManualClock;
  counters: RequestCounters;
  /** How long each of the two steps of `lifecycle()` lasts on the simulator clock. */
  stepMs: number;
  lifecycle(): LifecycleExecution;
  /** Executions of one list scope (app, flow, responder, workflow) that stay unfinished. */
  scoped(count: number): string[];
  /** Simulator route templates of a read by id and of the scope's list. */
  getTemplate: string;
  listTemplate: string;
  close(): Promise<void>;
}

export interface LiveKind {
  kind: string;
  start(polling: { intervalMs: number; maxIntervalMs: number }): Promise<LiveKindStack>;
}

const longMs = 24 * 3_600_000;

export const liveKinds: LiveKind[] = [
  {
    kind: 'airops',
    start: async (polling) => {
      const stack = await startAirOpsStack({ config: { polling } });
      const app = stack.simulator.addApp({ name: 'live kinds', inputNames: ['topic'] });
      return {
        provider: 'airops',
        gateway: stack.gateway,
        clock: stack.clock,
        counters: stack.simulator.server.counters,
        stepMs: 1000,
        lifecycle: () => {
          const wire = stack.simulator.addExecution({ app: app.id, run: { outcome: 'success', pendingMs: 1000, runningMs: 1000, output: { done: true } } });
          return { nativeId: wire.uuid, first: 'PENDING', last: 'SUCCEEDED' };
        },
        // The app of an execution is known to runql when it started it (AirOps payloads do not say).
        scoped: () => {
          throw new Error('AirOps batching is covered in test/live/shared-poller.test.ts (its executions must be started through runql)');
        },
        getTemplate: '/public_api/airops_apps/executions/:execution_uuid',
        listTemplate: '/public_api/airops_apps/:airops_app_id/executions',
        close: () => stack.close(),
      };
    },
  },
  {
    kind: 'flows',
    start: async (polling) => {
      const stack = await startFlowsStack({ config: { polling } });
      let sequence = 0;
      return {
        provider: 'flows',
        gateway: stack.gateway,
        clock: stack.clock,
        counters: stack.simulator.server.counters,
        stepMs: 1000,
        // FlowMason runs inside its POST, so a stored run reads `running` at most while seeded so.
        lifecycle: () => {
          const nativeId = stack.simulator.addExecution({ flowId: 'flow-live', status: 'completed', runningMs: 1000, outputPayload: { done: true } });
          return { nativeId, first: 'RUNNING', last: 'SUCCEEDED' };
        },
        scoped: (count) => {
          sequence += 1;
          const flowId = `flow-batch-${sequence}`;
          return Array.from({ length: count }, () => stack.simulator.addExecution({ flowId, status: 'completed', runningMs: longMs }));
        },
        getTemplate: '/api/v1/executions/:execution_id',
        listTemplate: '/api/v1/executions/flow/:flow_id',
        close: () => stack.close(),
      };
    },
  },
  {
    kind: 'nested',
    start: async (polling) => {
      const stack = await startNestedStack({ config: { polling } });
      let responder = 0;
      return {
        provider: stack.providerName,
        gateway: stack.gateway,
        clock: stack.clock,
        counters: stack.simulator.server.counters,
        stepMs: 1000,
        lifecycle: () => {
          const { id } = stack.simulator.addExecutionTree({ lifecycle: { pendingMs: 1000, runningMs: 1000, outcome: 'completed' } });
          return { nativeId: id, first: 'PENDING', last: 'SUCCEEDED' };
        },
        scoped: (count) => {
          const responderId = stack.simulator.responders[responder++ % stack.simulator.responders.length]!.id;
          return Array.from({ length: count }, () => stack.simulator.addExecutionTree({ responderId, lifecycle: { pendingMs: longMs, runningMs: longMs } }).id);
        },
        getTemplate: '/api/v1/executions/:id',
        listTemplate: '/api/v1/executions',
        close: () => stack.close(),
      };
    },
  },
  {
    kind: 'workflow-runs',
    start: async (polling) => {
      const stack = await startWorkflowRunsStack({ config: { polling } });
      stack.simulator.seedWorkflows();
      // Workflows of the configured app (another app's discoverable workflow cannot be listed).
      const workflows = ['wf-summarize', 'wf.v2.ingest'];
      let workflow = 0;
      return {
        provider: 'cortex',
        gateway: stack.gateway,
        clock: stack.clock,
        counters: stack.simulator.server.counters,
        stepMs: 1000,
        lifecycle: () => {
          const runId = stack.simulator.addRun({ workflowId: 'wf_1', script: { outcome: 'success', pendingMs: 1000, runningMs: 1000 } });
          return { nativeId: `wf_1/${runId}`, first: 'PENDING', last: 'SUCCEEDED' };
        },
        scoped: (count) => {
          const workflowId = workflows[workflow++ % workflows.length]!;
          return Array.from({ length: count }, () => `${workflowId}/${stack.simulator.addRun({ workflowId, status: 'RUNNING', frozen: true })}`);
        },
        getTemplate: '/apps/:app_id/workflows/:workflow_id/runs/:run_id',
        listTemplate: '/apps/:app_id/workflows/:workflow_id/runs',
        close: () => stack.close(),
      };
    },
  },
];
