import type { RouteHandler, SimRequest, SimResponse, SimulatorServer } from '../kit/index.js';
import { errorEnvelope, issues, notFound, preconditionFailed, validationError } from './workflow-runs-errors.js';
import type { WorkflowRunsRenderer } from './workflow-runs-render.js';
import { RequestReader } from './workflow-runs-requests.js';
import type { WorkflowRunsState } from './workflow-runs-state.js';
import { runEventStream } from './workflow-runs-stream.js';
import { runOrigins, runStatuses, type RunRecord, type WorkflowRecord } from './workflow-runs-types.js';
import { contentOf, findVersion, resolveVersionSelector } from './workflow-runs-workflows.js';

export interface RouteContext {
  state: WorkflowRunsState;
  renderer: WorkflowRunsRenderer;
  /** True once the simulator is closing: held synchronous requests stop waiting. */
  isClosed: () => boolean;
}

/** The bearer key of a request, if any. */
export function bearerKey(request: SimRequest): string | undefined {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(.+)$/i.exec(header.trim()) : null;
  return match?.[1];
}

const syncPollMs = 10;

/**
 * Every endpoint of UPSTREAMS.md §2.2. `discover` routes are registered first: the kit matches
 * in registration order and `/workflows/discover` would otherwise read as a workflow id.
 */
export function registerWorkflowRunsRoutes(server: SimulatorServer, context: RouteContext): void {
  const base = '/apps/:app_id/workflows';
  const scoped = appScoped(context);
  server
    .route('GET', `${base}/discover`, scoped((request, appId) => listWorkflows(context, request, appId, 'discover')))
    .route('GET', `${base}/discover/:workflow_id`, scoped((request, appId) => withWorkflow(context, request, appId, 'discover', (workflow) => ({ status: 200, json: context.renderer.workflow(workflow) }))))
    .route('GET', `${base}/discover/:workflow_id/versions/:version_id_or_version_number`, scoped((request, appId) => getVersion(context, request, appId, 'discover')))
    .route('POST', `${base}/discover/:workflow_id/runs`, scoped((request, appId) => createRun(context, request, appId, 'discover')))
    .route('POST', `${base}/discover/:workflow_id/runs/:run_id/cancel`, scoped((request, appId) => cancelRun(context, request, appId, 'discover')))
    .route('GET', base, scoped((request, appId) => listWorkflows(context, request, appId, 'plain')))
    .route('GET', `${base}/:workflow_id`, scoped((request, appId) => withWorkflow(context, request, appId, 'plain', (workflow) => ({ status: 200, json: context.renderer.workflow(workflow) }))))
    .route('GET', `${base}/:workflow_id/runs`, scoped((request, appId) => listRuns(context, request, appId)))
    .route('POST', `${base}/:workflow_id/runs`, scoped((request, appId) => createRun(context, request, appId, 'plain')))
    .route('GET', `${base}/:workflow_id/runs/:run_id`, scoped((request, appId) => getRun(context, request, appId)))
    .route('POST', `${base}/:workflow_id/runs/:run_id/replay`, scoped((request, appId) => replayRun(context, request, appId)))
    .route('POST', `${base}/:workflow_id/runs/:run_id/cancel`, scoped((request, appId) => cancelRun(context, request, appId, 'plain')))
    .route('PATCH', `${base}/:workflow_id/runs/:run_id/retention`, scoped((request, appId) => patchRetention(context, request, appId)))
    .route('GET', `${base}/:workflow_id/versions`, scoped((request, appId) => listVersions(context, request, appId)))
    .route('GET', `${base}/:workflow_id/versions/:version_id_or_version_number`, scoped((request, appId) => getVersion(context, request, appId, 'plain')));
}

type AppHandler = (request: SimRequest, appId: string) => SimResponse | Promise<SimResponse>;

/**
 * Resolves `{app_id}` (`c` = the key's app; another app's id is not found) and applies the
 * optional per-minute limit on the simulator clock.
 */
function appScoped(context: RouteContext): (handler: AppHandler) => RouteHandler {
  let windowStart = Number.NEGATIVE_INFINITY;
  let used = 0;
  return (handler) => (request) => {
    const limit = context.state.settings.rateLimitPerMinute;
    if (limit !== undefined) {
      const now = context.state.clock.now();
      if (now >= windowStart + 60_000) {
        windowStart = now;
        used = 0;
      }
      used += 1;
      if (used > limit) {
        const answer = errorEnvelope(429, 'Rate limit exceeded');
        return { ...answer, headers: { 'retry-after': String(Math.max(1, Math.ceil((windowStart + 60_000 - now) / 1000))) } };
      }
    }
    const key = bearerKey(request);
    const keyApp = key !== undefined ? context.state.appOfKey(key) : undefined;
    const pathApp = request.params.app_id;
    if (keyApp === undefined) return errorEnvelope(401, 'Unauthorized');
    if (pathApp !== 'c' && pathApp !== keyApp) return notFound('App');
    return handler(request, keyApp);
  };
}

type Family = 'plain' | 'discover';

/** Plain routes see the app's own workflows; discover routes see every PUBLIC one. */
function findWorkflow(context: RouteContext, workflowId: string | undefined, appId: string, family: Family): WorkflowRecord | undefined {
  const workflow = workflowId !== undefined ? context.state.workflows.get(workflowId) : undefined;
  if (!workflow) return undefined;
  if (family === 'plain') return workflow.appId === appId ? workflow : undefined;
  return workflow.visibility === 'PUBLIC' ? workflow : undefined;
}

function withWorkflow(
  context: RouteContext,
  request: SimRequest,
  appId: string,
  family: Family,
  answer: (workflow: WorkflowRecord) => SimResponse | Promise<SimResponse>,
): SimResponse | Promise<SimResponse> {
  const workflow = findWorkflow(context, request.params.workflow_id, appId, family);
  return workflow ? answer(workflow) : notFound('Workflow');
}

function listWorkflows(context: RouteContext, request: SimRequest, appId: string, family: Family): SimResponse {
  const reader = new RequestReader();
  const { page, take } = reader.paging(request.query, context.state.settings);
  const tags = reader.list(request.query, 'tags');
  let visibility: string | undefined;
  if (family === 'discover') {
    visibility = reader.enumFilter(request.query, 'visibility', ['PUBLIC', 'PRIVATE']);
    reader.enumFilter(request.query, 'verified', ['VERIFIED', 'UNVERIFIED']);
  }
  if (!reader.ok) return validationError(reader.issues);
  const search = request.query.get('search')?.toLocaleLowerCase();
  const workflows = [...context.state.workflows.values()]
    .filter((workflow) => (family === 'plain' ? workflow.appId === appId : workflow.visibility === 'PUBLIC'))
    .filter((workflow) => visibility === undefined || workflow.visibility === visibility)
    .filter((workflow) => !search || `${workflow.name} ${workflow.description ?? ''}`.toLocaleLowerCase().includes(search))
    .filter((workflow) => tags.length === 0 || workflow.tags.some((tag) => tags.includes(tag)))
    .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return paged(workflows.map((workflow) => context.renderer.workflow(workflow)), page, take);
}

function listVersions(context: RouteContext, request: SimRequest, appId: string): SimResponse {
  const reader = new RequestReader();
  const { page, take } = reader.paging(request.query, context.state.settings);
  if (!reader.ok) return validationError(reader.issues);
  const workflow = findWorkflow(context, request.params.workflow_id, appId, 'plain');
  if (!workflow) return notFound('Workflow');
  const versions = [...workflow.versions].reverse().map((version) => context.renderer.version(workflow, version));
  return paged(versions, page, take);
}

function getVersion(context: RouteContext, request: SimRequest, appId: string, family: Family): SimResponse {
  const workflow = findWorkflow(context, request.params.workflow_id, appId, family);
  if (!workflow) return notFound('Workflow');
  const version = findVersion(workflow, request.params.version_id_or_version_number ?? '');
  return version ? { status: 200, json: context.renderer.version(workflow, version) } : notFound('Workflow version');
}

function listRuns(context: RouteContext, request: SimRequest, appId: string): SimResponse {
  const { state, renderer } = context;
  const reader = new RequestReader();
  const verbose = reader.verbose(request.query);
  const status = reader.enumFilter(request.query, 'status', runStatuses);
  const origin = reader.enumFilter(request.query, 'origin', runOrigins);
  const { page, take } = reader.paging(request.query, state.settings);
  if (!reader.ok) return validationError(reader.issues);
  const workflow = findWorkflow(context, request.params.workflow_id, appId, 'plain');
  if (!workflow) return notFound('Workflow');
  const now = state.clock.now();
  const runs = state.listRuns(workflow.id, now, {
    ...(status !== undefined ? { status } : {}),
    ...(origin !== undefined ? { origin } : {}),
  });
  const count = runs.length;
  const slice = runs.slice((page - 1) * take, page * take).map((run) => renderer.run(run, now, { verbose }));
  return { status: 200, json: slice, headers: paginationHeaders(page, take, count) };
}

/**
 * A run readable through the plain routes: its workflow is the key's app's. A run created
 * under `/discover` for another app's workflow is not (A22), unless the option says so.
 */
function findPlainRun(context: RouteContext, request: SimRequest, appId: string): RunRecord | undefined {
  const { state } = context;
  const run = state.runs.get(request.params.run_id ?? '');
  if (!run || run.workflowId !== request.params.workflow_id || !state.isVisible(run, state.clock.now())) return undefined;
  if (run.workflowAppId === appId) return run;
  if (state.settings.discoverRunsReadableViaPlainGet && run.appId === appId) return run;
  return undefined;
}

function getRun(context: RouteContext, request: SimRequest, appId: string): SimResponse {
  const reader = new RequestReader();
  const verbose = reader.verbose(request.query);
  if (!reader.ok) return validationError(reader.issues);
  const run = findPlainRun(context, request, appId);
  if (!run) return notFound('Run');
  return { status: 200, json: context.renderer.run(run, context.state.clock.now(), { verbose }) };
}

async function createRun(context: RouteContext, request: SimRequest, appId: string, family: Family): Promise<SimResponse> {
  const { state } = context;
  const reader = new RequestReader();
  const verbose = reader.verbose(request.query);
  const body = reader.objectBody(request.body, request.bodyError);
  const input = reader.input(body);
  const stream = reader.optionalBoolean(body, 'stream');
  const background = reader.optionalBoolean(body, 'background');
  const retention = reader.retention(body);
  const selector = reader.versionSelector(body);
  const fromStepKey = reader.optionalString(body, 'from_step_key');
  const identifier = reader.optionalString(body, 'identifier');
  if (!reader.ok) return validationError(reader.issues);
  const workflow = findWorkflow(context, request.params.workflow_id, appId, family);
  if (!workflow) return notFound('Workflow');
  const versionNumber = resolveVersionSelector(workflow, selector);
  if (versionNumber === undefined) return notFound('Workflow version');
  if (fromStepKey !== undefined) {
    const steps = contentOf(workflow, versionNumber).steps;
    if (!steps.some((step) => step.key === fromStepKey && step.type !== 'note')) {
      return validationError([issues.custom(['from_step_key'], `Step "${fromStepKey}" does not exist in this workflow version`)]);
    }
  }
  const startedFrom = state.clock.now();
  const run = state.startRun({
    workflow,
    invokingAppId: appId,
    family,
    input,
    versionNumber,
    ...(fromStepKey !== undefined ? { fromStepKey } : {}),
    ...(retention !== undefined ? { retention } : {}),
    ...(identifier !== undefined ? { identifier } : {}),
  });
  return answerExecution(context, run, startedFrom, { stream: stream === true, background: background === true, verbose });
}

async function replayRun(context: RouteContext, request: SimRequest, appId: string): Promise<SimResponse> {
  const { state } = context;
  const reader = new RequestReader();
  const verbose = reader.verbose(request.query);
  const body = reader.objectBody(request.body, request.bodyError);
  const stepKey = reader.requiredString(body, 'stepKey');
  const stream = reader.optionalBoolean(body, 'stream');
  const background = reader.optionalBoolean(body, 'background');
  const retention = reader.retention(body);
  reader.optionalString(body, 'identifier');
  if (!reader.ok) return validationError(reader.issues);
  const run = findPlainRun(context, request, appId);
  if (!run) return notFound('Run');
  const now = state.clock.now();
  if (state.settings.replayRequiresTerminal && !state.isTerminalAt(run, now)) {
    return preconditionFailed('Only finished runs can be replayed');
  }
  if (!state.executableSteps(run).some((step) => step.key === stepKey)) {
    return validationError([issues.custom(['stepKey'], `Step "${stepKey}" does not exist in this run`)]);
  }
  if (retention !== undefined) state.setRetention(run, retention ?? state.workflows.get(run.workflowId)?.retention ?? null);
  const replayed = state.replay(run, stepKey);
  return answerExecution(context, replayed, now, { stream: stream === true, background: background === true, verbose });
}

/** Streams, answers at once (`background`), or holds the request until the run has ended. */
async function answerExecution(
  context: RouteContext,
  run: RunRecord,
  startedFrom: number,
  mode: { stream: boolean; background: boolean; verbose: boolean },
): Promise<SimResponse> {
  const { state, renderer } = context;
  if (!mode.stream && mode.background) return { status: 200, json: renderer.run(run, state.clock.now(), { verbose: mode.verbose }) };
  while (!state.isTerminalAt(run, state.clock.now()) && !context.isClosed()) {
    await new Promise((resolve) => setTimeout(resolve, syncPollMs));
  }
  const now = state.clock.now();
  if (mode.stream) return runEventStream(state, renderer, run, startedFrom, now, mode.verbose);
  return { status: 200, json: renderer.run(run, now, { verbose: mode.verbose }) };
}

function cancelRun(context: RouteContext, request: SimRequest, appId: string, family: Family): SimResponse {
  const { state, renderer } = context;
  const reader = new RequestReader();
  const verbose = reader.verbose(request.query);
  if (!reader.ok) return validationError(reader.issues);
  let run: RunRecord | undefined;
  if (family === 'plain') {
    run = findPlainRun(context, request, appId);
  } else {
    const workflow = findWorkflow(context, request.params.workflow_id, appId, 'discover');
    const candidate = state.runs.get(request.params.run_id ?? '');
    const mine = candidate && workflow && candidate.workflowId === workflow.id && (candidate.appId === appId || workflow.appId === appId);
    run = mine && state.isVisible(candidate, state.clock.now()) ? candidate : undefined;
  }
  if (!run) return notFound('Run');
  const now = state.clock.now();
  if (!state.cancel(run, now) && state.settings.cancelTerminalRun === 'reject') {
    return preconditionFailed(`Run is ${state.snapshot(run, now).status}: only PENDING or RUNNING runs can be cancelled`);
  }
  return { status: 200, json: renderer.run(run, now, { verbose }) };
}

function patchRetention(context: RouteContext, request: SimRequest, appId: string): SimResponse {
  const { state, renderer } = context;
  const reader = new RequestReader();
  const verbose = reader.verbose(request.query);
  const body = reader.objectBody(request.body, request.bodyError);
  const retention = reader.retention(body);
  if (!reader.ok) return validationError(reader.issues);
  const run = findPlainRun(context, request, appId);
  if (!run) return notFound('Run');
  if (retention !== undefined) state.setRetention(run, retention ?? state.workflows.get(run.workflowId)?.retention ?? null);
  return { status: 200, json: renderer.run(run, state.clock.now(), { verbose }) };
}

function paged(items: unknown[], page: number, take: number): SimResponse {
  return { status: 200, json: items.slice((page - 1) * take, page * take), headers: paginationHeaders(page, take, items.length) };
}

function paginationHeaders(page: number, take: number, count: number): Record<string, string> {
  return { 'pagination-page': String(page), 'pagination-take': String(take), 'pagination-count': String(count) };
}
