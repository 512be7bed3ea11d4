import { ManualClock, SeededRandom, SimulatorServer, type SimRequest, type SimResponse, type SimulatorClock } from '../kit/index.js';
import { demoRunSpec, seedDemoData, type NestedDemoSeed } from './nested-demo.js';
import { zaiaErrorResponse } from './nested-errors.js';
import type { NestedCanonicalStatus, NestedLifecycle } from './nested-lifecycle.js';
import { defaultWorkspaceId, nestedResponders } from './nested-responders.js';
import { registerNestedRoutes } from './nested-routes.js';
import { NestedState } from './nested-state.js';
import type {
  NestedExecutionSpec,
  NestedExecutionWire,
  NestedNestingWire,
  NestedResponder,
  NestedSetStatusOptions,
  NestedSimulatorOptions,
  NestedTreeHandle,
} from './nested-types.js';

export interface NestedSimulator {
  readonly server: SimulatorServer;
  readonly clock: SimulatorClock;
  /** Base URL once listening. */
  readonly url: string;
  /** The first accepted key, and all of them. */
  readonly apiKey: string;
  readonly apiKeys: readonly string[];
  readonly workspaceId: string;
  readonly responders: readonly NestedResponder[];
  listen(port?: number): Promise<string>;
  close(): Promise<void>;

  /** Adds an execution and its subtree; children appear when their parent starts running. */
  addExecutionTree(spec: NestedExecutionSpec): NestedTreeHandle;
  /** A chain `depth` executions deep (ids top-down), for the gateway's depth cap. */
  addExecutionChain(depth: number, spec?: Omit<NestedExecutionSpec, 'children'>): string[];
  /** Lifecycles for the next executions added without one (including demo runs), in preorder. */
  scriptNextRuns(lifecycles: readonly NestedLifecycle[]): void;
  /** Forces a status from now on (the rest of its timeline is dropped). */
  setStatus(id: string, status: string, options?: NestedSetStatusOptions): NestedExecutionWire;
  purge(id: string, options?: { cascade?: boolean }): void;
  /** The execution and its subtree vanish (reads answer 404). */
  remove(id: string): void;
  /** Corruption fixture: nestings also lists `childId` (an ancestor, say) under `parentId`. */
  corruptNestings(parentId: string, childId: string, options?: { repeats?: number }): void;

  /** The wire form at the clock's current time, or undefined where the API answers 404. */
  getExecution(id: string): NestedExecutionWire | undefined;
  getNesting(id: string): NestedNestingWire | undefined;
  /** Every visible execution, newest first (the list endpoint's order). */
  listExecutions(responderIds?: readonly string[]): NestedExecutionWire[];

  seedDemo(): NestedDemoSeed;
  startDemoRun(): NestedTreeHandle;
}

const defaultStatusNames: Record<NestedCanonicalStatus, string> = {
  pending: 'pending',
  running: 'running',
  completed: 'completed',
  failed: 'failed',
  cancelled: 'cancelled',
};

export function createNestedSimulator(options: NestedSimulatorOptions = {}): NestedSimulator {
  const clock = options.clock ?? new ManualClock();
  const apiKeys = options.apiKey === undefined ? ['zaia-sim-key'] : typeof options.apiKey === 'string' ? [options.apiKey] : [...options.apiKey];
  if (apiKeys.length === 0 || apiKeys.some((key) => key.length === 0)) throw new Error('the nested simulator needs non-empty api keys');
  const workspaceId = options.workspaceId ?? defaultWorkspaceId;
  const supportUrl = options.supportUrl ?? 'https://zaia.app/suporte';
  const errorBodies = options.errorBodies ?? 'envelope';
  // Nested fixture ids were recorded with one byte per draw; keep them.
  const random = new SeededRandom(options.seed ?? 3, { uuidDrawing: 'byte-per-draw' });

  const state = new NestedState({
    clock,
    random,
    workspaceId,
    defaultResponderId: nestedResponders[0]!.id,
    statusNames: { ...defaultStatusNames, ...options.statusNames },
    tieOrder: options.tieOrder ?? 'id-desc',
    purgedDetail: options.purgedDetail ?? 'empty-object',
    leafChildren: options.leafChildren ?? 'empty-array',
  });

  const server = new SimulatorServer({
    name: 'nested',
    clock,
    authenticate: (request) => {
      const key = presentedKey(request, options.acceptBearer ?? false);
      return key !== undefined && apiKeys.includes(key);
    },
    unauthorized: (request) => zaiaErrorResponse(401, unauthorizedMessage(request), supportUrl),
    errorResponse: (status, message) => zaiaErrorResponse(status, message, supportUrl),
  });
  registerNestedRoutes(server, {
    state,
    clientError: (status, message): SimResponse =>
      errorBodies === 'empty' ? { status } : zaiaErrorResponse(status, message, supportUrl),
    uuidVersion: options.uuidVersion ?? 'v4',
    listShape: options.listShape ?? 'bare-array',
    nestingsWithBothParameters: options.nestingsWithBothParameters ?? 'reject',
  });

  const demoHost = () => ({
    random,
    now: clock.now(),
    addTree: (spec: NestedExecutionSpec) => state.addTree(spec),
    scriptedRemaining: () => state.scriptedRemaining(),
  });

  return {
    server,
    clock,
    get url() {
      return server.url;
    },
    apiKey: apiKeys[0]!,
    apiKeys,
    workspaceId,
    responders: nestedResponders,
    listen: (port = 0) => server.listen(port),
    close: () => server.close(),
    addExecutionTree: (spec) => state.addTree(spec),
    addExecutionChain: (depth, spec = {}) => {
      if (!Number.isInteger(depth) || depth < 1) throw new RangeError(`depth must be a positive integer, got ${depth}`);
      // Only the root may carry the root-only fields and a given id; the rest share the spec.
      const { createdAt, parentId, id, ...shared } = spec;
      let chain: NestedExecutionSpec = { ...shared };
      for (let level = 1; level < depth; level++) chain = { ...shared, children: [chain] };
      const root: NestedExecutionSpec = {
        ...chain,
        ...(createdAt !== undefined ? { createdAt } : {}),
        ...(parentId !== undefined ? { parentId } : {}),
        ...(id !== undefined ? { id } : {}),
      };
      return collectChain(state.addTree(root));
    },
    scriptNextRuns: (lifecycles) => state.scriptNextRuns(lifecycles),
    setStatus: (id, status, setOptions) => state.setStatus(id, status, setOptions),
    purge: (id, purgeOptions) => state.purge(id, purgeOptions),
    remove: (id) => state.remove(id),
    corruptNestings: (parentId, childId, corruptOptions = {}) => state.corruptNestings(parentId, childId, corruptOptions.repeats ?? 1),
    getExecution: (id) => {
      const record = state.find(id);
      return record ? state.render(record) : undefined;
    },
    getNesting: (id) => {
      const record = state.find(id);
      return record ? state.renderNesting(record) : undefined;
    },
    listExecutions: (responderIds = []) =>
      state.list(new Set(responderIds.map((value) => value.toLowerCase()))).map((record) => state.render(record)),
    seedDemo: () => seedDemoData(demoHost()),
    startDemoRun: () => state.addTree(demoRunSpec(demoHost())),
  };
}

/** The raw key (A23). `Bearer <key>` is only unwrapped when the alternative is switched on. */
function presentedKey(request: SimRequest, acceptBearer: boolean): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string' || header.length === 0) return undefined;
  if (acceptBearer && /^bearer\s+/i.test(header)) return header.replace(/^bearer\s+/i, '');
  return header;
}

function unauthorizedMessage(request: SimRequest): string {
  const header = request.headers.authorization;
  if (typeof header !== 'string' || header.length === 0) return 'Missing API key in the authorization header';
  return 'Invalid API key';
}

function collectChain(handle: NestedTreeHandle): string[] {
  const ids: string[] = [];
  let current: NestedTreeHandle | undefined = handle;
  while (current) {
    ids.push(current.id);
    current = current.children[0];
  }
  return ids;
}
