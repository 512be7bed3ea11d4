import type { SimRequest, SimResponse, SimulatorServer } from '../kit/index.js';
import { isUuid } from './nested-uuid.js';
import type { NestedState } from './nested-state.js';

export interface NestedRouteSettings {
  state: NestedState;
  /** 400/404 answers, in the envelope or empty depending on the A12 option. */
  clientError: (status: 400 | 404, message: string) => SimResponse;
  uuidVersion: 'v4' | 'any';
  listShape: 'bare-array' | 'data-envelope';
  nestingsWithBothParameters: 'reject' | 'prefer-execution-id';
}

export const executionsPath = '/api/v1/executions';
export const nestingsPath = '/api/v1/executions/nestings';
export const executionPath = '/api/v1/executions/:id';

/**
 * The service is read-only: only these three GETs exist, so any other method on these paths
 * falls through to the kit's 404 envelope. `nestings` is registered before `:id` so that it is
 * not taken for an id.
 */
export function registerNestedRoutes(server: SimulatorServer, settings: NestedRouteSettings): void {
  server.route('GET', executionsPath, (request) => listExecutions(request, settings));
  server.route('GET', nestingsPath, (request) => getNesting(request, settings));
  server.route('GET', executionPath, (request) => getExecution(request, settings));
}

function listExecutions(request: SimRequest, settings: NestedRouteSettings): SimResponse {
  const pageNumber = integerParameter(request, 'pageNumber', 1, Number.MAX_SAFE_INTEGER, 1);
  if (typeof pageNumber === 'string') return settings.clientError(400, pageNumber);
  const pageSize = integerParameter(request, 'pageSize', 1, 100, 10);
  if (typeof pageSize === 'string') return settings.clientError(400, pageSize);
  const responderIds = request.query.getAll('responderIds');
  const invalid = responderIds.find((value) => !isUuid(value, settings.uuidVersion));
  if (invalid !== undefined) return settings.clientError(400, `"responderIds" must contain valid UUIDs, got "${invalid}"`);

  const filter = new Set(responderIds.map((value) => value.toLowerCase()));
  const offset = (pageNumber - 1) * pageSize;
  const page = settings.state.list(filter).slice(offset, offset + pageSize).map((record) => settings.state.render(record));
  if (settings.listShape === 'data-envelope') return { status: 200, json: { data: page, pageNumber, pageSize } };
  return { status: 200, json: page };
}

function getExecution(request: SimRequest, settings: NestedRouteSettings): SimResponse {
  const id = request.params.id ?? '';
  if (!isUuid(id, settings.uuidVersion)) return settings.clientError(400, `"id" must be a valid UUID, got "${id}"`);
  const record = settings.state.find(id);
  if (!record) return settings.clientError(404, `Execution ${id} not found`);
  return { status: 200, json: settings.state.render(record) };
}

function getNesting(request: SimRequest, settings: NestedRouteSettings): SimResponse {
  const executionId = request.query.get('executionId');
  const chatMessageId = request.query.get('chatMessageId');
  if (executionId === null && chatMessageId === null) {
    return settings.clientError(400, 'Either "executionId" or "chatMessageId" is required');
  }
  if (executionId !== null && chatMessageId !== null && settings.nestingsWithBothParameters === 'reject') {
    return settings.clientError(400, 'Only one of "executionId" and "chatMessageId" may be given');
  }
  for (const [name, value] of [['executionId', executionId], ['chatMessageId', chatMessageId]] as const) {
    if (value !== null && !isUuid(value, settings.uuidVersion)) {
      return settings.clientError(400, `"${name}" must be a valid UUID, got "${value}"`);
    }
  }
  const record =
    executionId !== null ? settings.state.find(executionId) : settings.state.findByChatMessage(chatMessageId ?? '');
  if (!record) {
    const what = executionId !== null ? `Execution ${executionId}` : `Execution for chat message ${chatMessageId ?? ''}`;
    return settings.clientError(404, `${what} not found`);
  }
  return { status: 200, json: settings.state.renderNesting(record) };
}

/** Returns the value, or the 400 message. Absent means the default; present but empty is invalid. */
function integerParameter(
  request: SimRequest,
  name: string,
  min: number,
  max: number,
  fallback: number,
): number | string {
  const raw = request.query.get(name);
  if (raw === null) return fallback;
  const value = raw.trim() === '' ? Number.NaN : Number(raw);
  if (!Number.isInteger(value)) return `"${name}" must be an integer, got "${raw}"`;
  if (value < min) return `"${name}" must be greater than or equal to ${min}`;
  if (value > max) return `"${name}" must be less than or equal to ${max}`;
  return value;
}
