import type { SimRequest, SimResponse, SimulatorServer } from '../kit/index.js';
import { isObject } from './airops-definition.js';
import { pageNewestFirst, parseCursor, parseItems, type SortKey } from './airops-pagination.js';
import { errorBody, notFound, type RouteContext } from './airops-route-context.js';
import type { ExecutionRecord } from './airops-state.js';
import type { AiropsApp, AiropsFeedback } from './airops-types.js';

const prefix = '/public_api/airops_apps';
const feedbackValues: readonly string[] = ['positive', 'neutral', 'negative'];

/** Reads, listings and the three writes on an existing execution (cancel, retry, feedback). */
export function registerExecutionRoutes(server: SimulatorServer, context: RouteContext): void {
  const { state, clock, settings } = context;

  const withExecution =
    (handle: (record: ExecutionRecord, request: SimRequest, now: number) => SimResponse) =>
    (request: SimRequest): SimResponse => {
      const record = state.find(request.params.execution_uuid ?? '');
      return record ? handle(record, request, clock.now()) : notFound(context);
    };

  server.route('GET', `${prefix}`, (request) => {
    const paging = pagingOf(context, request);
    if ('status' in paging) return paging;
    const page = pageNewestFirst(state.apps(), appKey, paging.after, paging.items);
    return {
      status: 200,
      json: {
        data: page.items.map((app) => state.appWire(app)),
        meta: { count: state.apps().length, has_more: page.hasMore, cursor: page.cursor },
      },
    };
  });

  server.route('GET', `${prefix}/executions/:execution_uuid`, withExecution((record, _request, now) => ({
    status: 200,
    json: state.wire(record, now),
  })));

  // The documented path has a literal `:airops_app_id` segment; clients put anything there, so
  // only the required query parameter (the app's integer id, never its uuid) selects the app.
  server.route('GET', `${prefix}/:airops_app_id/executions`, (request) => {
    const raw = request.query.get('airops_app_id');
    if (raw === null || raw.trim() === '') return errorBody(400, 'airops_app_id is required');
    if (!/^\d+$/.test(raw.trim())) return errorBody(400, 'airops_app_id must be an integer');
    const app = state.findApp(Number(raw.trim()));
    if (!app) return notFound(context, 'App not found');
    const paging = pagingOf(context, request);
    if ('status' in paging) return paging;
    const now = clock.now();
    const all = state.executions(app.id);
    const page = pageNewestFirst(all, executionKey, paging.after, paging.items);
    return {
      status: 200,
      json: {
        data: page.items.map((record) => state.wire(record, now)),
        meta: { count: all.length, has_more: page.hasMore, cursor: page.cursor },
      },
    };
  });

  server.route('PATCH', `${prefix}/executions/:execution_uuid/cancel`, withExecution((record, _request, now) => {
    const status = state.phase(record, now).status;
    if (status !== 'pending' && status !== 'running') {
      return errorBody(settings.preconditionStatus, 'Execution is not in pending or running status');
    }
    state.cancel(record, now);
    return { status: 204 };
  }));

  server.route('POST', `${prefix}/executions/:execution_uuid/retry`, withExecution((record, _request, now) => {
    if (state.phase(record, now).status !== 'error') return errorBody(400, 'Execution is not in error status');
    state.retry(record, now);
    return { status: 204 };
  }));

  server.route('PATCH', `${prefix}/executions/:execution_uuid/feedback`, withExecution((record, request, now) => {
    if (request.bodyError) return errorBody(400, 'Invalid JSON body');
    const feedback = isObject(request.body) ? request.body.feedback : undefined;
    if (typeof feedback !== 'string' || !feedbackValues.includes(feedback)) {
      return errorBody(400, 'feedback must be one of positive, neutral, negative');
    }
    if (state.phase(record, now).status !== 'success') {
      return errorBody(settings.preconditionStatus, 'Execution is not in success status');
    }
    state.setFeedback(record, feedback as AiropsFeedback, now);
    return { status: 204 };
  }));
}

function pagingOf(context: RouteContext, request: SimRequest): { items: number; after: SortKey | undefined } | SimResponse {
  const items = parseItems(request.query.get('items'), context.settings.items);
  if (!items.ok) return errorBody(400, items.error);
  const cursor = parseCursor(request.query.get('cursor'));
  if (!cursor.ok) return errorBody(400, cursor.error);
  return { items: items.value, after: cursor.value };
}

function executionKey(record: ExecutionRecord): SortKey {
  return [record.createdAt, record.sequence];
}

function appKey(app: AiropsApp): SortKey {
  return [app.createdAt, app.id];
}
