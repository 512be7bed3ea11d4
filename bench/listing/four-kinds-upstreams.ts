import { parseConfig } from '../../src/config/parse-config.js';
import { createGateway, type Gateway } from '../../src/gateway.js';
import { silentLogger } from '../../src/log/logger.js';
import { executionGlobalId } from '../../src/model/global-id.js';
import { createAiropsSimulator, type AiropsSimulator } from '../../src/simulators/airops/index.js';
import { createFlowsSimulator, type FlowsSimulator } from '../../src/simulators/flows/index.js';
import { ManualClock, type SimulatorServer } from '../../src/simulators/kit/index.js';
import { createNestedSimulator, type NestedSimulator } from '../../src/simulators/nested/index.js';
import { createWorkflowRunsSimulator, type WorkflowRunsSimulator } from '../../src/simulators/workflow-runs/index.js';
import { startServer, type RunningServer } from '../../src/server.js';

const keys = { airops: 'bench-listing-airops-key', flows: 'fm_bench_listing_flows_key', nested: 'bench-listing-zaia-key', runs: 'bench-listing-cortex-key' };
const workflows = ['wf_1', 'wf-summarize'];
const flowIds = ['bench-flow-a', 'bench-flow-b'];

/** The four upstream simulators on one frozen clock (statuses hold still while measuring), seeded. */
export interface FourKindsUpstreams {
  airops: AiropsSimulator;
  flows: FlowsSimulator;
  nested: NestedSimulator;
  runs: WorkflowRunsSimulator;
  servers: SimulatorServer[];
  /** Provider entries of a gateway config pointing at the simulators. */
  providers: Record<string, unknown>[];
  /** Global ids of some executions of every kind, finished ones first. */
  sampleIds: string[];
  upstreamCalls(): number;
  resetCounters(): void;
  /** Every upstream answers `ms` later (loopback answers in well under a millisecond; real ones do not). */
  setLatency(ms: number): void;
  close(): Promise<void>;
}

export async function startFourKindsUpstreams(perKind: number): Promise<FourKindsUpstreams> {
  const clock = new ManualClock();
  const airops = createAiropsSimulator({ clock, apiKeys: [keys.airops], seed: 41 });
  const flows = createFlowsSimulator({ clock, apiKeys: [keys.flows], seed: 42 });
  const nested = createNestedSimulator({ clock, apiKey: keys.nested, seed: 43 });
  const runs = createWorkflowRunsSimulator({ clock, apiKey: keys.runs, seed: 44, dateFormats: 'iso' });
  await Promise.all([airops.listen(), flows.listen(), nested.listen(), runs.listen()]);
  const base = clock.now() - 3_600_000;
  const at = (slot: number) => base - slot * 20_000;
  const apps = [airops.addApp({ name: 'bench-a' }), airops.addApp({ name: 'bench-b' })];
  for (const flowId of flowIds) flows.addFlow({ id: flowId, behaviour: { runningMs: 0 } });
  runs.seedWorkflows();
  const byKind: string[][] = [[], [], [], []];
  for (let index = 0; index < perKind; index++) {
    const running = index % 3 === 2;
    byKind[0]!.push(executionGlobalId('airops', airops.addExecution({ app: apps[index % 2]!.id, createdAt: at(index), status: running ? 'running' : 'success' }).uuid));
    byKind[1]!.push(executionGlobalId('flows', flows.addExecution({ flowId: flowIds[index % 2]!, startedAt: at(index), status: running ? 'running' : 'completed' })));
    const workflowId = workflows[index % 2]!;
    byKind[2]!.push(executionGlobalId('runs', `${workflowId}/${runs.addRun({ workflowId, createdAt: at(index), status: running ? 'RUNNING' : 'COMPLETED' })}`));
  }
  for (let index = 0; index < Math.ceil(perKind / 3); index++) {
    // Zaia trees: a root and two children; every third tree is still running.
    const lifecycle = index % 3 === 2 ? { pendingMs: 0, runningMs: 86_400_000 } : { pendingMs: 0, runningMs: 1000 };
    const tree = nested.addExecutionTree({ createdAt: at(index * 3), lifecycle, children: [{ spawnDelayMs: 100 }, { spawnDelayMs: 200 }] });
    byKind[3]!.push(...tree.ids.map((id) => executionGlobalId('nested', id)));
  }
  // Interleaved, so any prefix holds every kind.
  const ids = Array.from({ length: perKind }, (_, index) => byKind.map((kind) => kind[index]).filter((id): id is string => id !== undefined)).flat();
  const servers = [airops.server, flows.server, nested.server, runs.server];
  return {
    airops,
    flows,
    nested,
    runs,
    servers,
    providers: [
      { name: 'airops', kind: 'airops', baseUrl: airops.url, apiKey: keys.airops, apps: apps.map((app) => app.uuid) },
      { name: 'flows', kind: 'flows', baseUrl: flows.url, apiKey: keys.flows },
      { name: 'nested', kind: 'nested', baseUrl: nested.url, apiKey: keys.nested },
      { name: 'runs', kind: 'workflow-runs', baseUrl: runs.url, apiKey: keys.runs, appId: runs.appId, workflows },
    ],
    sampleIds: ids,
    upstreamCalls: () => servers.reduce((sum, server) => sum + server.counters.total(), 0),
    resetCounters: () => servers.forEach((server) => server.counters.reset()),
    setLatency: (ms) => {
      for (const server of servers) {
        server.faults.clear();
        if (ms > 0) server.faults.inject({ kind: 'delay', ms }, { times: 1_000_000_000 });
      }
    },
    close: async () => {
      await Promise.all([airops.close(), flows.close(), nested.close(), runs.close()]);
    },
  };
}

export interface BenchGateway {
  gateway: Gateway;
  server: RunningServer;
  url: string;
  close(): Promise<void>;
}

/** The production gateway in this process, over the simulators, with the given finished-execution TTL. */
export async function startBenchGateway(upstreams: FourKindsUpstreams, finishedTtlMs: number): Promise<BenchGateway> {
  const config = parseConfig({ port: 0, providers: upstreams.providers, cache: { finishedTtlMs } }, {});
  const gateway = createGateway(config, { logger: silentLogger });
  const server = await startServer(gateway, { port: 0, host: '127.0.0.1' });
  return {
    gateway,
    server,
    url: `${server.origin}/graphql`,
    close: async () => {
      await server.close();
      await gateway.close();
    },
  };
}
