import { createWorkflowRunsSimulator, type WorkflowRunsSimulator, type WorkflowRunsSimulatorOptions } from '../../src/simulators/workflow-runs/index.js';
import { startRecordingProxy, type RecordingProxy } from './recording-proxy.js';
import { startSimulatorStack, type SimulatorStack, type SimulatorStackOptions } from './simulator-stack.js';

export const cortexKey = 'cortex-upstream-secret-3b8e41';

export interface WorkflowRunsStack extends SimulatorStack<WorkflowRunsSimulator> {
  /** Between the gateway and the simulator: tests assert what was pushed down into query strings and bodies. */
  proxy: RecordingProxy;
}

/** A Cortex simulator on a manual clock, a recording proxy, and the production gateway configured for them. */
export async function startWorkflowRunsStack(options: SimulatorStackOptions<WorkflowRunsSimulatorOptions> = {}): Promise<WorkflowRunsStack> {
  let proxy: RecordingProxy | undefined;
  const stack = await startSimulatorStack(
    {
      simulator: (clock) => createWorkflowRunsSimulator({ clock, apiKey: cortexKey, seed: 31, ...options.simulator }),
      front: async (simulatorUrl) => (proxy = await startRecordingProxy(simulatorUrl)),
      providers: () => [{ name: 'cortex', kind: 'workflow-runs', apiKey: cortexKey, timeoutMs: 800, ...options.provider }],
    },
    options,
  );
  return { ...stack, proxy: proxy! };
}
