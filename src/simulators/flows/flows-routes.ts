import { randomUUID } from 'node:crypto';
import type { RouteHandler, SimRequest, SimResponse, SimulatorServer } from '../kit/index.js';
import {
  extractBrickIndex,
  extractExecuteFlowRequest,
  extractPagination,
  rejectOversizedBody,
  type PaginationParams,
} from './flows-extractors.js';
import type { FlowRunner, RunSettlement } from './flows-runner.js';
import type { FlowsState } from './flows-state.js';
import { toDataWire, webhookBody, type FlowExecutionWire } from './flows-wire.js';

/** D5: `code` = `{items, limit, offset, total: null}` (dto/pagination.rs); `docs` = a bare array. */
export type FlowsListEnvelope = 'code' | 'docs';

export interface FlowsRouteContext {
  state: FlowsState;
  runner: FlowRunner;
  listEnvelope: () => FlowsListEnvelope;
}

const prefix = '/api/v1';
/** `list_all` / `list_by_flow` clamp the SQL LIMIT to 1000 but echo the requested limit. */
const maxPageSize = 1000;

/** Every route of `routes/executions.rs` and `routes/webhooks.rs`, with their methods. */
export function registerFlowsRoutes(server: SimulatorServer, context: FlowsRouteContext): void {
  const routes: Array<{ template: string; auth: boolean; methods: Record<string, RouteHandler> }> = [
    {
      template: `${prefix}/executions`,
      auth: true,
      methods: { POST: (request) => executeFlow(context, request), GET: (request) => listExecutions(context, request) },
    },
    // Registered before `/:execution_id/data`: matchit prefers the static `flow` segment too.
    {
      template: `${prefix}/executions/flow/:flow_id`,
      auth: true,
      methods: { GET: (request) => listExecutions(context, request, request.params.flow_id) },
    },
    {
      template: `${prefix}/executions/:execution_id`,
      auth: true,
      methods: { GET: (request) => getExecution(context, request) },
    },
    {
      template: `${prefix}/executions/:execution_id/data`,
      auth: true,
      methods: {
        GET: (request) => executionData(context, request.params.execution_id!),
        DELETE: (request) => {
          context.state.deleteVisibleData(request.params.execution_id!);
          return { status: 204 };
        },
      },
    },
    {
      template: `${prefix}/executions/:execution_id/data/brick/:brick_index`,
      auth: true,
      methods: { GET: (request) => brickData(context, request) },
    },
    {
      template: `${prefix}/executions/:execution_id/data/fetched`,
      auth: true,
      methods: { GET: (request) => executionData(context, request.params.execution_id!, 'fetched') },
    },
    {
      template: `${prefix}/executions/:execution_id/data/intermediate`,
      auth: true,
      methods: { GET: (request) => executionData(context, request.params.execution_id!, 'intermediate') },
    },
    // The webhooks router is nested without the auth middleware.
    {
      template: `${prefix}/webhooks/flows/:flow_id/trigger`,
      auth: false,
      methods: { POST: (request) => triggerWebhook(context, request) },
    },
  ];
  for (const route of routes) {
    for (const [method, handler] of Object.entries(route.methods)) {
      server.route(method, route.template, withRequestId(handler), { auth: route.auth });
    }
    // axum's MethodRouter answers other methods with an empty 405 and an `allow` header, inside the auth layer.
    const allow = Object.keys(route.methods).join(',');
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
      if (method in route.methods) continue;
      server.route(method, route.template, withRequestId(() => ({ status: 405, headers: { allow } })), { auth: route.auth });
    }
  }
}

/** `request_id_middleware` echoes `x-request-id` or mints a UUID for every response. */
export function requestIdHeader(request: SimRequest | undefined): Record<string, string> {
  const incoming = request?.headers['x-request-id'];
  return { 'x-request-id': typeof incoming === 'string' && incoming.length > 0 ? incoming : randomUUID() };
}

function withRequestId(handler: RouteHandler): RouteHandler {
  return async (request) => {
    const response = await handler(request);
    return { ...response, headers: { ...response.headers, ...requestIdHeader(request) } };
  };
}

async function executeFlow(context: FlowsRouteContext, request: SimRequest): Promise<SimResponse> {
  const extracted = extractExecuteFlowRequest(request);
  if (!extracted.ok) return extracted.response;
  const flow = context.state.flow(extracted.value.flowId);
  if (!flow) return { status: 404 };
  const settlement = await context.runner.start(flow, extracted.value.inputPayload).settled;
  return answerSettlement(settlement, (execution) => json(200, execution));
}

async function triggerWebhook(context: FlowsRouteContext, request: SimRequest): Promise<SimResponse> {
  const oversized = rejectOversizedBody(request);
  if (oversized) return oversized;
  // The handler takes raw `Bytes`: any content type, and a body that is not JSON becomes `{}`.
  const inputPayload = request.rawBody.length === 0 || request.bodyError ? {} : request.body;
  const flow = context.state.flow(request.params.flow_id!);
  if (!flow) return { status: 404 };
  if (!flow.active) return { status: 400 };
  const settlement = await context.runner.start(flow, inputPayload).settled;
  return answerSettlement(settlement, (execution) =>
    json(200, webhookBody(execution.execution_id, execution.status, execution.output_payload ?? null)),
  );
}

function answerSettlement(settlement: RunSettlement, stored: (execution: FlowExecutionWire) => SimResponse): SimResponse {
  switch (settlement.kind) {
    case 'stored':
      return stored(settlement.execution);
    case 'timed-out':
      return { status: 408 };
    case 'failed':
      return { status: 500 };
    case 'aborted':
      return { status: 503 };
  }
}

function listExecutions(context: FlowsRouteContext, request: SimRequest, flowId?: string): SimResponse {
  const pagination = extractPagination(request);
  if (!pagination.ok) return pagination.response;
  const all = context.state.visibleExecutions(flowId);
  return json(200, envelope(context.listEnvelope(), page(all, pagination.value), pagination.value));
}

function page(all: FlowExecutionWire[], { limit, offset }: PaginationParams): FlowExecutionWire[] {
  return all.slice(offset, offset + Math.min(limit, maxPageSize));
}

function envelope(kind: FlowsListEnvelope, items: FlowExecutionWire[], { limit, offset }: PaginationParams): unknown {
  return kind === 'docs' ? items : { items, limit, offset, total: null };
}

function getExecution(context: FlowsRouteContext, request: SimRequest): SimResponse {
  const execution = context.state.visibleExecution(request.params.execution_id!);
  return execution ? json(200, execution) : { status: 404 };
}

function executionData(context: FlowsRouteContext, executionId: string, dataType?: string): SimResponse {
  const rows = context.state.visibleData(executionId, dataType === undefined ? {} : { dataType });
  return json(200, rows.map(toDataWire));
}

function brickData(context: FlowsRouteContext, request: SimRequest): SimResponse {
  const brickIndex = extractBrickIndex(request.params.brick_index!);
  if (!brickIndex.ok) return brickIndex.response;
  const rows = context.state.visibleData(request.params.execution_id!, { brickIndex: brickIndex.value });
  return json(200, rows.map(toDataWire));
}

/** `axum::Json` sets exactly `application/json`. */
function json(status: number, body: unknown): SimResponse {
  return { status, json: body, contentType: 'application/json' };
}
