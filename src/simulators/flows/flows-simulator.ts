import { setTimeout as delay } from 'node:timers/promises';
import { ManualClock, SeededRandom, SimulatorServer, type SeededRandomOptions, type SimulatorClock } from '../kit/index.js';
import { isAuthorized, signJwt, type FlowsJwtClaims } from './flows-auth.js';
import {
  defaultRunningMs,
  demoExecutions,
  demoFlows,
  demoRunInputs,
  toFlowDefinition,
  type FlowInput,
} from './flows-fixtures.js';
import type { FlowBehaviour, FlowDefinition, FlowsExecutionStatus, FlowsRunOutcome, ScriptedRun, StoredExecutionData } from './flows-model.js';
import { buildSeededExecution, forceStatus, type ForcedFields, type SeedExecution } from './flows-records.js';
import { registerFlowsRoutes, requestIdHeader, type FlowsListEnvelope } from './flows-routes.js';
import { FlowRunner, type FlowRunnerOptions, type FlowsFailureMode, type FlowsTimeoutMode, type RunSettlement } from './flows-runner.js';
import { FlowsState, type FlowsListOrder } from './flows-state.js';
import { formatTimestamp } from './flows-timestamps.js';
import { toDataWire, type ExecutionDataWire, type FlowExecutionWire } from './flows-wire.js';

export interface FlowsSimulatorOptions {
  /** Default: a fresh ManualClock (tests); demo mode passes `systemClock`. */
  clock?: SimulatorClock;
  /** `fm_…` keys (more than 10 bytes) accepted as `Bearer` or `ApiKey`. */
  apiKeys?: string[];
  /** HS256 secret for `Bearer <JWT>`; default is FlowMason's own fallback when JWT_SECRET is unset. */
  jwtSecret?: string;
  /** D4, default `code`: a failed run answers an empty 500 and is not stored. */
  failureMode?: FlowsFailureMode;
  /** D3, default `code`: a run over 30 s answers an empty 408 and is not stored. */
  timeoutMode?: FlowsTimeoutMode;
  /** D5, default `code`: `{items, limit, offset, total: null}`; `docs`: a bare array. */
  listEnvelope?: FlowsListEnvelope;
  /** Default `storage` (insertion order). */
  listOrder?: FlowsListOrder;
  shuffleSeed?: number;
  /** Default true: a GET during a held POST sees the record `running`. */
  visibleWhileRunning?: boolean;
  /** Simulator-clock cap on a request (TimeoutLayer). Default 30 000. */
  requestTimeoutMs?: number;
  /** Real-time interval at which held requests re-read the clock. Default 10. */
  pollIntervalMs?: number;
  /** Seed of the generated ids and timestamps' sub-millisecond digits. */
  seed?: number;
}

export interface SeedDemoOptions {
  /** Executions to seed (default 40). */
  executions?: number;
  /** Fixture seed (default 2002): equal seeds and clocks give equal data sets. */
  seed?: number;
}

export interface StartDemoRunOptions {
  flowId?: string;
  inputPayload?: unknown;
  outcome?: FlowsRunOutcome;
  runningMs?: number;
}

export interface StartedRun {
  executionId: string;
  /** Resolves when the held request would answer (what POST /executions would send). */
  settled: Promise<RunSettlement>;
}

export interface ExecutionDataInput {
  brickIndex: number;
  brickType?: string;
  dataType?: 'intermediate' | 'fetched' | (string & {});
  dataKey?: string;
  dataValue: unknown;
  /** Epoch ms or literal text; default now. The row shows up once the clock reaches it. */
  timestamp?: number | string;
}

export interface FlowsSimulator {
  readonly server: SimulatorServer;
  readonly clock: SimulatorClock;
  /** Base URL once listening. */
  readonly url: string;
  readonly apiKeys: readonly string[];
  listen(port?: number): Promise<string>;
  close(): Promise<void>;

  addFlow(flow: FlowInput): FlowDefinition;
  setFlowBehaviour(flowId: string, behaviour: Partial<FlowBehaviour>): void;
  setFlowActive(flowId: string, active: boolean): void;
  flows(): FlowDefinition[];

  /** Writes a record with explicit fields and lifecycle; returns its execution_id. */
  addExecution(seed: SeedExecution): string;
  /** From now on the record reads `status` (any string), stored even if it was dropped or running. */
  forceStatus(executionId: string, status: FlowsExecutionStatus, fields?: ForcedFields): void;
  /** What GET /executions/:id answers now (undefined = 404). */
  getExecution(executionId: string): FlowExecutionWire | undefined;
  /** Every visible record in listing order, optionally of one flow. */
  listExecutions(flowId?: string): FlowExecutionWire[];
  removeExecution(executionId: string): boolean;
  addExecutionData(executionId: string, rows: ExecutionDataInput[]): void;
  getExecutionData(executionId: string): ExecutionDataWire[];

  /** Outcomes and durations of the next runs started through the API, in order. */
  scriptNextRuns(runs: ScriptedRun[]): void;
  /** Execution ids whose POST (or webhook) is being held right now. */
  inFlightRuns(): string[];
  /** Resolves once at least `count` requests are held (polls in real time; rejects after `timeoutMs`). */
  waitForInFlightRuns(count?: number, timeoutMs?: number): Promise<string[]>;
  setListEnvelope(envelope: FlowsListEnvelope): void;
  setListOrder(order: FlowsListOrder): void;
  setFailureMode(mode: FlowsFailureMode): void;
  setTimeoutMode(mode: FlowsTimeoutMode): void;

  /** A JWT this simulator accepts (HS256, claims sub/email/iat/exp on the simulator clock). */
  issueJwt(claims?: Partial<FlowsJwtClaims> & { expiresInSeconds?: number }): string;

  /** Demo flows plus ~40 varied settled executions. */
  seedDemo(options?: SeedDemoOptions): { flowIds: string[]; executionIds: string[] };
  /** One run through the same runner as POST /executions: `running`, then settled. */
  startDemoRun(options?: StartDemoRunOptions): StartedRun;
}

const defaultApiKeys = ['fm_runql_demo_key_0001'];
const defaultJwtSecret = 'your-secret-key-change-in-production';
/** Flows fixture ids were recorded with one byte per draw; keep them. */
const flowsRandomOptions: SeededRandomOptions = { uuidDrawing: 'byte-per-draw' };

export function createFlowsSimulator(options: FlowsSimulatorOptions = {}): FlowsSimulator {
  const clock = options.clock ?? new ManualClock();
  const apiKeys = [...(options.apiKeys ?? defaultApiKeys)];
  const jwtSecret = options.jwtSecret ?? defaultJwtSecret;
  const random = new SeededRandom(options.seed ?? 0x5eed_f10e, flowsRandomOptions);
  const state = new FlowsState({
    clock,
    listOrder: options.listOrder ?? 'storage',
    shuffleSeed: options.shuffleSeed ?? 7,
  });
  const runnerOptions: FlowRunnerOptions = {
    state,
    clock,
    random,
    failureMode: options.failureMode ?? 'code',
    timeoutMode: options.timeoutMode ?? 'code',
    requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
    pollIntervalMs: options.pollIntervalMs ?? 10,
    visibleWhileRunning: options.visibleWhileRunning ?? true,
  };
  // The runner reads its options at each start, so mode setters below mutate them in place.
  const runner = new FlowRunner(runnerOptions);
  let listEnvelope: FlowsListEnvelope = options.listEnvelope ?? 'code';
  let demoRunCount = 0;

  const server = new SimulatorServer({
    name: 'flows',
    clock,
    authenticate: (request) => isAuthorized(request.headers.authorization, { apiKeys, jwtSecret }, clock.now()),
    // The auth middleware rejects with a bare StatusCode: no body at all.
    unauthorized: (request) => ({ status: 401, headers: requestIdHeader(request) }),
    // Faults and unmatched routes: FlowMason's StatusCode errors (404, 429, 5xx) carry no body.
    errorResponse: (status) => ({ status, headers: requestIdHeader(undefined) }),
  });
  registerFlowsRoutes(server, { state, runner, listEnvelope: () => listEnvelope });

  function requireFlow(flowId: string): FlowDefinition {
    const flow = state.flow(flowId);
    if (!flow) throw new Error(`unknown flow ${flowId}`);
    return flow;
  }

  function stamp(value: number | string | undefined): { text: string; ms: number } {
    const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : clock.now();
    const text =
      typeof value === 'string' ? value : formatTimestamp({ ms, subMillisecondNanos: random.integer(0, 999_999) });
    return { text, ms: Number.isNaN(ms) ? clock.now() : ms };
  }

  const simulator: FlowsSimulator = {
    server,
    clock,
    apiKeys,
    get url() {
      return server.url;
    },
    async listen(port = 0) {
      runner.resume();
      return server.listen(port);
    },
    async close() {
      runner.stop();
      await server.close();
    },

    addFlow(flow) {
      const definition = toFlowDefinition(flow);
      state.putFlow(definition);
      return definition;
    },
    setFlowBehaviour(flowId, behaviour) {
      const flow = requireFlow(flowId);
      flow.behaviour = { ...flow.behaviour, ...behaviour };
    },
    setFlowActive(flowId, active) {
      requireFlow(flowId).active = active;
    },
    flows: () => state.flows(),

    addExecution(seed) {
      const record = buildSeededExecution(seed, { clock, random, sequence: state.nextSequence() });
      state.insertExecution(record);
      return record.executionId;
    },
    forceStatus(executionId, status, fields = {}) {
      const record = state.storedExecution(executionId);
      if (!record) throw new Error(`unknown execution ${executionId}`);
      forceStatus(record, state.phaseOf(record), status, fields, { clock, random });
    },
    getExecution: (executionId) => state.visibleExecution(executionId),
    listExecutions: (flowId) => state.visibleExecutions(flowId),
    removeExecution: (executionId) => state.removeExecution(executionId),
    addExecutionData(executionId, rows) {
      state.addData(
        rows.map((row): StoredExecutionData => {
          const { text, ms } = stamp(row.timestamp);
          const dataType = row.dataType ?? 'intermediate';
          return {
            id: random.uuid(),
            executionId,
            brickIndex: row.brickIndex,
            brickType: row.brickType ?? 'FieldMapping',
            dataType,
            dataKey: row.dataKey ?? `${dataType === 'fetched' ? 'fetched' : 'brick'}_${row.brickIndex}`,
            dataValue: row.dataValue,
            timestamp: text,
            visibleFromMs: ms,
            sequence: state.nextSequence(),
          };
        }),
      );
    },
    getExecutionData: (executionId) => state.visibleData(executionId).map(toDataWire),

    scriptNextRuns: (runs) => state.enqueueScripts(runs),
    inFlightRuns: () => runner.inFlight(),
    async waitForInFlightRuns(count = 1, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (runner.inFlight().length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} held runs, have ${runner.inFlight().length}`);
        await delay(2);
      }
      return runner.inFlight();
    },
    setListEnvelope(envelope) {
      listEnvelope = envelope;
    },
    setListOrder: (order) => state.setListOrder(order),
    setFailureMode(mode) {
      // Held runs keep the mode they started with: their timelines are already written.
      runnerOptions.failureMode = mode;
    },
    setTimeoutMode(mode) {
      runnerOptions.timeoutMode = mode;
    },

    issueJwt(claims = {}) {
      const { expiresInSeconds = 24 * 60 * 60, ...rest } = claims;
      const iat = Math.floor(clock.now() / 1000);
      return signJwt({ sub: 'user-1', email: 'demo@flowmason.local', iat, exp: iat + expiresInSeconds, ...rest }, jwtSecret);
    },

    seedDemo(demoOptions = {}) {
      const flowIds = demoFlows.map((flow) => {
        if (!state.flow(flow.id)) state.putFlow(toFlowDefinition(flow));
        return flow.id;
      });
      const fixtureRandom = new SeededRandom(demoOptions.seed ?? 2002, flowsRandomOptions);
      const executionIds = demoExecutions(clock.now(), fixtureRandom, demoOptions.executions ?? 40).map((seed) =>
        simulator.addExecution(seed),
      );
      return { flowIds, executionIds };
    },
    startDemoRun(runOptions = {}) {
      const active = state.flows().filter((flow) => flow.active);
      const flow = runOptions.flowId !== undefined ? requireFlow(runOptions.flowId) : active[demoRunCount % Math.max(1, active.length)];
      if (!flow) throw new Error('no active flow to run: call seedDemo() or addFlow() first');
      demoRunCount += 1;
      const handle = runner.start(flow, runOptions.inputPayload ?? demoRunInputs[demoRunCount % demoRunInputs.length], {
        outcome: runOptions.outcome ?? (random.next() < 0.2 ? 'failed' : 'completed'),
        runningMs: runOptions.runningMs ?? random.integer(defaultRunningMs - 500, defaultRunningMs + 2500),
      });
      return { executionId: handle.executionId, settled: handle.settled };
    },
  };
  return simulator;
}
