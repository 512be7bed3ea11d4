import type { SimRequest, SimResponse, SimulatorServer } from '../kit/index.js';
import { definitionProblem, isObject } from './airops-definition.js';
import {
  errorBody,
  isAcceptedKey,
  isResponse,
  resolveRunnableApp,
  unauthorized,
  type RouteContext,
} from './airops-route-context.js';
import type { ExecutionRecord } from './airops-state.js';
import type { AiropsApp, JsonObject } from './airops-types.js';

const prefix = '/public_api/airops_apps';

/** execute, async_execute, execute_definition, async_execute_definition and webhook_async_execute. */
export function registerExecuteRoutes(server: SimulatorServer, context: RouteContext): void {
  let answered = 0;
  const envelope = (record: ExecutionRecord): SimResponse => {
    const wire = context.state.wire(record, context.clock.now());
    const mode = context.settings.envelope;
    const wrapped = mode === 'wrapped' || (mode === 'alternate' && answered++ % 2 === 0);
    return { status: 200, json: wrapped ? { airops_app_execution: wire } : wire };
  };

  const start = (sync: boolean, withDefinition: boolean) => async (request: SimRequest): Promise<SimResponse> => {
    const app = resolveRunnableApp(context, request.params.app_uuid);
    if (isResponse(app)) return app;
    const body = parseRunBody(request, app, withDefinition);
    if ('status' in body) return body;
    return sync ? runSync(context, app, body, envelope) : envelope(startAsync(context, app, body, 'api'));
  };

  server.route('POST', `${prefix}/:app_uuid/execute`, start(true, false));
  server.route('POST', `${prefix}/:app_uuid/async_execute`, start(false, false));
  server.route('POST', `${prefix}/:app_uuid/execute_definition`, start(true, true));
  server.route('POST', `${prefix}/:app_uuid/async_execute_definition`, start(false, true));
  server.route(
    'POST',
    `${prefix}/:app_uuid/webhook_async_execute`,
    (request) => {
      // The webhook carries no bearer header: the workspace key travels as `auth_token`.
      if (!isAcceptedKey(context.settings, request.query.get('auth_token'))) return unauthorized;
      const app = resolveRunnableApp(context, request.params.app_uuid);
      if (isResponse(app)) return app;
      const body = parseWebhookBody(context, request, app);
      if ('status' in body) return body;
      return envelope(startAsync(context, app, body, 'webhook'));
    },
    { auth: false },
  );
}

interface RunBody {
  inputs: JsonObject;
  versionSlug?: number;
}

function parseRunBody(request: SimRequest, app: AiropsApp, withDefinition: boolean): RunBody | SimResponse {
  if (request.bodyError) return errorBody(400, 'Invalid JSON body');
  const body = request.body;
  if (!isObject(body)) return errorBody(400, 'inputs is required and must be an object');
  if (withDefinition) {
    const problem = definitionProblem(body);
    if (problem) return errorBody(400, problem);
  } else if (!isObject(body.inputs)) {
    return errorBody(400, 'inputs is required and must be an object');
  }
  return checkedRunBody(app, body.inputs as JsonObject, body.version_slug, !withDefinition);
}

function parseWebhookBody(context: RouteContext, request: SimRequest, app: AiropsApp): RunBody | SimResponse {
  if (request.bodyError) return errorBody(400, 'Invalid JSON body');
  const body = request.body;
  if (isObject(body) && body.inputs !== undefined) {
    if (!isObject(body.inputs)) return errorBody(400, 'inputs must be an object');
    return checkedRunBody(app, body.inputs, body.version_slug, true);
  }
  if (!context.settings.webhookWrapsBody) return errorBody(400, 'inputs is required and must be an object');
  // A5: "the payload of the request will be mapped to the first input of your app"
  const firstInput = app.inputNames[0] ?? 'input';
  return { inputs: { [firstInput]: body === undefined ? {} : (body as JsonObject) } };
}

function checkedRunBody(app: AiropsApp, inputs: JsonObject, versionSlug: unknown, checkRequired: boolean): RunBody | SimResponse {
  if (versionSlug !== undefined && versionSlug !== null) {
    if (!Number.isInteger(versionSlug)) return errorBody(400, 'version_slug must be an integer');
    if ((versionSlug as number) < 1 || (versionSlug as number) > app.versions) return errorBody(400, 'Version not found');
  }
  if (checkRequired) {
    const missing = app.requiredInputs.find((name) => !(name in inputs));
    if (missing !== undefined) return errorBody(400, `Missing required input: ${missing}`);
  }
  return typeof versionSlug === 'number' ? { inputs, versionSlug } : { inputs };
}

function startAsync(context: RouteContext, app: AiropsApp, body: RunBody, source: string): ExecutionRecord {
  return context.state.startRun(
    { app, ...body, source, ...(context.settings.atCapacity ? { atCapacity: 'queue' as const } : {}) },
    context.clock.now(),
  );
}

/** Holds the request until the run settles (or review_needed), or fails it after the sync limit. */
async function runSync(
  context: RouteContext,
  app: AiropsApp,
  body: RunBody,
  envelope: (record: ExecutionRecord) => SimResponse,
): Promise<SimResponse> {
  const { state, clock, settings } = context;
  if (settings.atCapacity) return envelope(state.startRun({ app, ...body, source: 'api', atCapacity: 'fail' }, clock.now()));
  const record = state.startRun({ app, ...body, source: 'api' }, clock.now());
  const deadline = record.createdAt + settings.syncTimeoutMs;
  const finished = await context.waiter.until(
    () => state.settled(record, clock.now()) || clock.now() >= deadline,
    settings.syncPollIntervalMs,
  );
  if (!finished) return errorBody(503, 'Service unavailable');
  // A run that settled only after the limit did not make it: the limit failed it first.
  if (!state.settled(record, Math.min(clock.now(), deadline))) state.timeOut(record, deadline);
  return envelope(record);
}
