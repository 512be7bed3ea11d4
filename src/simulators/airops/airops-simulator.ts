import { SeededRandom, SimulatorServer, type SimulatorClock } from '../kit/index.js';
import { registerExecuteRoutes } from './airops-execute-routes.js';
import { registerExecutionRoutes } from './airops-execution-routes.js';
import { demoInputs, demoRunScript, seedDemo, type DemoSeed, type DemoSeedOptions } from './airops-fixtures.js';
import { builtInRunDefaults } from './airops-lifecycle.js';
import { bearerKey, errorBody, isAcceptedKey, unauthorized, type RouteContext, type RouteSettings } from './airops-route-context.js';
import { AiropsState, airopsRandomOptions, type ExecutionRecord } from './airops-state.js';
import { SyncWaiter } from './airops-sync-waiter.js';
import type {
  AiropsApp,
  AiropsAppSeed,
  AiropsExecutionSeed,
  AiropsExecutionWire,
  AiropsPhase,
  AiropsRunScript,
  EnvelopeMode,
  IdStyle,
} from './airops-types.js';

export interface AiropsSimulatorOptions {
  /** Default: a ManualClock (tests). Demo mode passes `systemClock`. */
  clock?: SimulatorClock;
  /** Workspace API keys accepted as `Authorization: Bearer <key>` and as the webhook's `auth_token`. */
  apiKeys?: string[];
  workspaceId?: number;
  /** Seed of every pseudo-random choice (uuids, fixtures, demo runs). */
  seed?: number;
  /** D1: `wrapped` (`{airops_app_execution}`, the OpenAPI) by default; `bare` (the docs example); `alternate` per call. */
  envelope?: EnvelopeMode;
  /** Wire type of `id`: `mixed` (default) sends most as integers and every fourth as a string. */
  idStyle?: IdStyle;
  /** A4: start at capacity. */
  atCapacity?: boolean;
  /** A4: the `error_code` of a sync execute refused at capacity (default `capacity_exceeded`). */
  capacityErrorCode?: string;
  /** A2 (default true): numeric app ids are accepted wherever an app uuid is. */
  acceptNumericAppIds?: boolean;
  /** A3 (default 400). */
  unpublishedAppStatus?: number;
  /** A5 (default true): a webhook body without `inputs` becomes the app's first input; false: 400. */
  webhookWrapsBody?: boolean;
  /** A6 (default 400): status of cancel/feedback precondition failures. */
  preconditionStatus?: number;
  /** A7 (default 20). */
  defaultItems?: number;
  /** A7 (default `reject`: 400 outside 1..100). */
  itemsOutOfRange?: 'reject' | 'clamp';
  /** A1 (default `json`: `{"error":"Not found"}`). */
  notFoundBody?: 'json' | 'empty';
  /** Simulator-clock limit of a sync execute (default 10 minutes), after which the run fails. */
  syncTimeoutMs?: number;
  /** Real ms between two looks at the clock while a sync execute waits (default 10). */
  syncPollIntervalMs?: number;
  /** Durations of a run nobody scripted (default pending 500 ms, running 1500 ms). */
  runDefaults?: { pendingMs?: number; runningMs?: number };
  /** API-created runs cycle through timestamp formats too (default false: `…sssZ` like the docs). */
  varyTimestamps?: boolean;
}

export interface AiropsSimulator {
  readonly server: SimulatorServer;
  readonly clock: SimulatorClock;
  /** The first accepted key. */
  readonly apiKey: string;
  readonly apiKeys: readonly string[];
  readonly workspaceId: number;
  /** Base URL once listening. */
  readonly url: string;
  listen(port?: number): Promise<string>;
  close(): Promise<void>;

  addApp(seed?: AiropsAppSeed): AiropsApp;
  apps(): AiropsApp[];
  /** By uuid or numeric id. */
  app(reference: number | string): AiropsApp | undefined;

  addExecution(seed: AiropsExecutionSeed): AiropsExecutionWire;
  /** Lifecycles of the next runs started through the API (execute*, webhook, retry), in order. */
  scriptNextRuns(scripts: AiropsRunScript[]): void;
  clearScriptedRuns(): void;
  /** The execution as GET would answer now; undefined for an unknown uuid. */
  wireExecution(uuid: string): AiropsExecutionWire | undefined;
  statusOf(uuid: string): string;
  /** Execution uuids, newest first, optionally of one app (uuid or numeric id). */
  executionUuids(app?: number | string): string[];
  /** The app an execution belongs to (the payload does not say). */
  appOfExecution(uuid: string): AiropsApp;
  /** Moves the execution to `status` now (any string), keeping or overriding its other fields. */
  forceStatus(uuid: string, status: string, fields?: Partial<Omit<AiropsPhase, 'status'>>): void;
  /** A17: review_needed → running → the script's `afterReview` outcome (default success). */
  approveReview(uuid: string): void;
  setEnvelope(mode: EnvelopeMode): void;
  /** A4: on → sync execute answers status `error`, async runs wait in `pending`; off → queued runs start now. */
  setAtCapacity(atCapacity: boolean): void;
  /** Behaviour switches, readable and writable at any time. */
  readonly settings: RouteSettings;

  seedDemo(options?: DemoSeedOptions): DemoSeed;
  /** Starts one async execution on a random published app, as the demo does every few seconds. */
  startDemoRun(): AiropsExecutionWire;
}

export function createAiropsSimulator(options: AiropsSimulatorOptions = {}): AiropsSimulator {
  const apiKeys = options.apiKeys ?? ['airops-sim-key'];
  if (apiKeys.length === 0) throw new Error('the AirOps simulator needs at least one API key');
  const seed = options.seed ?? 0x41_52_4f_50;
  const workspaceId = options.workspaceId ?? 1207;
  const settings: RouteSettings = {
    apiKeys,
    envelope: options.envelope ?? 'wrapped',
    atCapacity: options.atCapacity ?? false,
    acceptNumericAppIds: options.acceptNumericAppIds ?? true,
    unpublishedAppStatus: options.unpublishedAppStatus ?? 400,
    webhookWrapsBody: options.webhookWrapsBody ?? true,
    preconditionStatus: options.preconditionStatus ?? 400,
    items: { defaultItems: options.defaultItems ?? 20, outOfRange: options.itemsOutOfRange ?? 'reject' },
    notFoundBody: options.notFoundBody ?? 'json',
    syncTimeoutMs: options.syncTimeoutMs ?? 10 * 60_000,
    syncPollIntervalMs: options.syncPollIntervalMs ?? 10,
  };
  const state = new AiropsState({
    workspaceId,
    idStyle: options.idStyle ?? 'mixed',
    runDefaults: { ...builtInRunDefaults, ...options.runDefaults },
    varyTimestamps: options.varyTimestamps ?? false,
    capacityErrorCode: options.capacityErrorCode ?? 'capacity_exceeded',
    seed,
  });
  const server = new SimulatorServer({
    name: 'airops',
    ...(options.clock ? { clock: options.clock } : {}),
    authenticate: (request) => isAcceptedKey(settings, bearerKey(request)),
    unauthorized: () => unauthorized,
    errorResponse: (status, message) => errorBody(status, message),
  });
  const clock = server.clock;
  const waiter = new SyncWaiter();
  const context: RouteContext = { state, clock, settings, waiter };
  registerExecutionRoutes(server, context);
  registerExecuteRoutes(server, context);
  const demoRandom = new SeededRandom(seed ^ 0xd3e0, airopsRandomOptions);

  const record = (uuid: string): ExecutionRecord => {
    const found = state.find(uuid);
    if (!found) throw new Error(`unknown AirOps execution ${uuid}`);
    return found;
  };
  const wire = (found: ExecutionRecord): AiropsExecutionWire => state.wire(found, clock.now());

  return {
    server,
    clock,
    apiKey: apiKeys[0]!,
    apiKeys,
    workspaceId,
    settings,
    get url() {
      return server.url;
    },
    listen: (port?: number) => {
      waiter.restart();
      return server.listen(port);
    },
    close: async () => {
      waiter.stop();
      await server.close();
    },

    addApp: (appSeed = {}) => state.addApp(appSeed, clock.now()),
    apps: () => state.apps(),
    app: (reference) => state.findApp(reference),

    addExecution: (executionSeed) => wire(state.addExecution(executionSeed, clock.now())),
    scriptNextRuns: (scripts) => state.scriptNextRuns(scripts),
    clearScriptedRuns: () => state.clearScripts(),
    wireExecution: (uuid) => {
      const found = state.find(uuid);
      return found ? wire(found) : undefined;
    },
    statusOf: (uuid) => state.phase(record(uuid), clock.now()).status,
    executionUuids: (app) => {
      const appId = app === undefined ? undefined : state.findApp(app)?.id ?? Number.NaN;
      return state
        .executions(appId)
        .sort((left, right) => right.createdAt - left.createdAt || right.sequence - left.sequence)
        .map((found) => found.uuid);
    },
    appOfExecution: (uuid) => state.findApp(record(uuid).appId)!,
    forceStatus: (uuid, status, fields = {}) => state.force(record(uuid), status, fields, clock.now()),
    approveReview: (uuid) => {
      const found = record(uuid);
      const status = state.phase(found, clock.now()).status;
      if (status !== 'review_needed') throw new Error(`execution ${uuid} is ${status}, not review_needed`);
      state.approveReview(found, clock.now());
    },
    setEnvelope: (mode) => {
      settings.envelope = mode;
    },
    setAtCapacity: (atCapacity) => {
      settings.atCapacity = atCapacity;
      if (!atCapacity) state.releaseQueued(clock.now());
    },

    seedDemo: (demoOptions) => seedDemo(state, clock.now(), demoOptions),
    startDemoRun: () => {
      const published = state.apps().filter((app) => app.published);
      if (published.length === 0) throw new Error('startDemoRun needs a published app: call seedDemo() first');
      const app = demoRandom.pick(published);
      const started = state.startRun(
        {
          app,
          inputs: demoInputs(app, demoRandom),
          source: 'api',
          script: demoRunScript(demoRandom),
          ...(settings.atCapacity ? { atCapacity: 'queue' as const } : {}),
        },
        clock.now(),
      );
      return wire(started);
    },
  };
}
