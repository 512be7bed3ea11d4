import { ManualClock, SimulatorServer, type SimulatorClock } from '../kit/index.js';
import { errorEnvelope } from './workflow-runs-errors.js';
import { seedCatalog, seedDemo, startDemoRun, type DemoSeedSummary } from './workflow-runs-fixtures.js';
import { WorkflowRunsRenderer, type RunWire } from './workflow-runs-render.js';
import { bearerKey, registerWorkflowRunsRoutes } from './workflow-runs-routes.js';
import { resolveSettings, type WorkflowRunsSettings, type WorkflowRunsSimulatorOptions } from './workflow-runs-settings.js';
import { WorkflowRunsState, type SeedRunInput } from './workflow-runs-state.js';
import type { SeedWorkflowInput } from './workflow-runs-workflows.js';
import type { RunScript } from './workflow-runs-types.js';

export interface WorkflowRunsSimulator {
  readonly server: SimulatorServer;
  readonly clock: SimulatorClock;
  /** The resolved options (defaults filled in). */
  readonly settings: WorkflowRunsSettings;
  /** The main key and the app it belongs to. */
  readonly apiKey: string;
  readonly appId: string;
  /** Every accepted key with its app. */
  readonly apiKeys: ReadonlyArray<{ key: string; appId: string }>;
  /** Base URL once listening. */
  readonly url: string;
  listen(port?: number): Promise<string>;
  close(): Promise<void>;

  /** Adds a workflow (2 versions and a draft by default); returns its id. */
  addWorkflow(input: SeedWorkflowInput): string;
  /** Adds a run with explicit fields and lifecycle; returns its id. Child runs are created for `workflow` steps. */
  addRun(input: SeedRunInput): string;
  /** Queues what the next executions started through the API (runs and replays) do, in order. */
  scriptNextRuns(scripts: RunScript[]): void;
  /** Scripts not consumed yet. */
  pendingScripts(): number;
  /** Shows `status` (any string) from now on and freezes the run there. */
  forceStatus(runId: string, status: string, options?: { endedAt?: number | null }): void;
  /** The run's RunSchema as the API would send it now (or at `at`); undefined when it does not exist (yet). */
  readRun(runId: string, options?: { verbose?: boolean; at?: number }): RunWire | undefined;
  /** Ids of existing runs (optionally of one workflow), newest first. */
  runIds(filter?: { workflowId?: string }): string[];
  /** Ids of the child runs a run's `workflow` steps have started so far (replays keep earlier children). */
  childRunIds(runId: string): string[];
  /** The step keys a run executes, in order (replay targets). */
  stepKeys(runId: string): string[];
  /** The catalog of workflows (idempotent); returns their ids. */
  seedWorkflows(): string[];
  seedDemo(options?: { runs?: number }): DemoSeedSummary;
  /** Starts a background run of one of the main app's workflows; returns its id. */
  startDemoRun(options?: { workflowId?: string }): { runId: string; workflowId: string };
}

/** Creates the simulator of Cortex's workflow-runs API (provider kind `workflow-runs`). */
export function createWorkflowRunsSimulator(options: WorkflowRunsSimulatorOptions = {}): WorkflowRunsSimulator {
  const clock = options.clock ?? new ManualClock();
  const settings = resolveSettings(options);
  const state = new WorkflowRunsState(clock, settings);
  const renderer = new WorkflowRunsRenderer(state);
  let closed = false;
  const server = new SimulatorServer({
    name: 'workflow-runs',
    clock,
    authenticate: (request) => {
      const key = bearerKey(request);
      return key !== undefined && state.appOfKey(key) !== undefined;
    },
    unauthorized: () => errorEnvelope(401, 'Unauthorized: check that the API key is correct'),
    errorResponse: (status, message) => errorEnvelope(status, message),
  });
  registerWorkflowRunsRoutes(server, { state, renderer, isClosed: () => closed });

  const requireRun = (runId: string) => {
    const run = state.runs.get(runId);
    if (!run) throw new Error(`unknown run ${runId}`);
    return run;
  };

  return {
    server,
    clock,
    settings,
    apiKey: settings.apiKey,
    appId: settings.appId,
    get apiKeys() {
      return state.keys();
    },
    get url() {
      return server.url;
    },
    listen: (port) => {
      closed = false;
      return server.listen(port);
    },
    close: async () => {
      closed = true;
      await server.close();
    },
    addWorkflow: (input) => state.addWorkflow(input).id,
    addRun: (input) => state.addRun(input).id,
    scriptNextRuns: (scripts) => state.scriptNextRuns(scripts),
    pendingScripts: () => state.pendingScripts(),
    forceStatus: (runId, status, forceOptions) => state.forceStatus(requireRun(runId), status, forceOptions),
    readRun: (runId, readOptions = {}) => {
      const run = state.runs.get(runId);
      const at = readOptions.at ?? clock.now();
      if (!run || !state.isVisible(run, at)) return undefined;
      return renderer.run(run, at, { verbose: readOptions.verbose ?? true });
    },
    runIds: (filter = {}) => {
      const now = clock.now();
      const workflowIds = filter.workflowId !== undefined ? [filter.workflowId] : [...state.workflows.keys()];
      return workflowIds
        .flatMap((workflowId) => state.listRuns(workflowId, now))
        .sort((a, b) => b.createdAt - a.createdAt)
        .map((run) => run.id);
    },
    childRunIds: (runId) =>
      requireRun(runId).childRunIds.filter((id) => {
        const child = state.runs.get(id);
        return child !== undefined && state.isVisible(child, clock.now());
      }),
    stepKeys: (runId) => state.executableSteps(requireRun(runId)).map((step) => step.key),
    seedWorkflows: () => seedCatalog(state).map((workflow) => workflow.id),
    seedDemo: (demoOptions) => seedDemo(state, demoOptions),
    startDemoRun: (demoOptions) => {
      const run = startDemoRun(state, demoOptions);
      return { runId: run.id, workflowId: run.workflowId };
    },
  };
}
