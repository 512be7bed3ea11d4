import { randomBytes } from 'node:crypto';
import { createAiropsSimulator } from './airops/index.js';
import { createFlowsSimulator } from './flows/index.js';
import { systemClock } from './kit/index.js';
import { createNestedSimulator } from './nested/index.js';
import { createWorkflowRunsSimulator } from './workflow-runs/index.js';

/** A provider entry as a GATEWAY_CONFIG document spells it (plain JSON). */
export type ProviderDocument = Record<string, unknown> & { name: string; kind: string; baseUrl: string; apiKey: string };

export interface SimulatedUpstreams {
  /** The `providers` of a GATEWAY_CONFIG document pointing at the simulators. */
  providers: ProviderDocument[];
  /** Starts one new execution, at each upstream in turn. */
  startRun(): void;
  close(): Promise<void>;
}

/**
 * The four upstream simulators on the system clock, seeded with realistic data, each with a
 * fresh key (nothing a stranger could know in advance). Demo mode and `npm run simulators`
 * both start exactly this.
 */
export async function startSimulatedUpstreams(options: { portBase?: number } = {}): Promise<SimulatedUpstreams> {
  const port = (offset: number) => (options.portBase ? options.portBase + offset : 0);
  const key = (prefix: string) => `${prefix}${randomBytes(12).toString('hex')}`;

  const airopsKey = key('sim-');
  const airops = createAiropsSimulator({ clock: systemClock, apiKeys: [airopsKey], seed: 7 });
  const flowsKey = key('fm_sim_');
  const flows = createFlowsSimulator({ clock: systemClock, apiKeys: [flowsKey] });
  const nestedKey = key('sim-');
  const nested = createNestedSimulator({ clock: systemClock, apiKey: nestedKey });
  const runsKey = key('sim-');
  const runs = createWorkflowRunsSimulator({ clock: systemClock, apiKey: runsKey });
  await Promise.all([airops.listen(port(0)), flows.listen(port(1)), nested.listen(port(2)), runs.listen(port(3))]);

  const airopsSeed = airops.seedDemo();
  flows.seedDemo();
  nested.seedDemo();
  const runsSeed = runs.seedDemo();

  const starters = [() => airops.startDemoRun(), () => flows.startDemoRun(), () => nested.startDemoRun(), () => runs.startDemoRun()];
  let turn = 0;
  return {
    providers: [
      { name: 'airops', kind: 'airops', baseUrl: airops.url, apiKey: airopsKey, apps: airopsSeed.apps.map((app) => app.uuid) },
      { name: 'flows', kind: 'flows', baseUrl: flows.url, apiKey: flowsKey },
      { name: 'nested', kind: 'nested', baseUrl: nested.url, apiKey: nestedKey },
      { name: 'runs', kind: 'workflow-runs', baseUrl: runs.url, apiKey: runsKey, appId: runsSeed.appId, workflows: runsSeed.workflowIds },
    ],
    startRun() {
      starters[turn % starters.length]!();
      turn += 1;
    },
    close: async () => {
      await Promise.all([airops.close(), flows.close(), nested.close(), runs.close()]);
    },
  };
}
