import type { SimRequest, SimResponse, SimulatorClock } from '../kit/index.js';
import type { ItemsPolicy } from './airops-pagination.js';
import type { AiropsState } from './airops-state.js';
import type { SyncWaiter } from './airops-sync-waiter.js';
import type { AiropsApp, EnvelopeMode } from './airops-types.js';

/** Behaviour switches the routes read on every request, so tests may flip them mid-run. */
export interface RouteSettings {
  apiKeys: readonly string[];
  /** D1: how execute-family answers carry the execution. */
  envelope: EnvelopeMode;
  /** A4: sync executes fail with an `error_code`; async ones queue in `pending`. */
  atCapacity: boolean;
  /** A2 */
  acceptNumericAppIds: boolean;
  /** A3 */
  unpublishedAppStatus: number;
  /** A5 */
  webhookWrapsBody: boolean;
  /** A6: cancel and feedback precondition failures. */
  preconditionStatus: number;
  /** A7 */
  items: ItemsPolicy;
  /** A1: `json` answers `{"error":"Not found"}`, `empty` a bare 404. */
  notFoundBody: 'json' | 'empty';
  syncTimeoutMs: number;
  syncPollIntervalMs: number;
}

export interface RouteContext {
  state: AiropsState;
  clock: SimulatorClock;
  settings: RouteSettings;
  waiter: SyncWaiter;
}

export function errorBody(status: number, message: string): SimResponse {
  return { status, json: { error: message } };
}

export function notFound(context: RouteContext, message = 'Not found'): SimResponse {
  return context.settings.notFoundBody === 'empty' ? { status: 404 } : errorBody(404, message);
}

export function bearerKey(request: SimRequest): string | undefined {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

export function isAcceptedKey(settings: RouteSettings, key: string | null | undefined): boolean {
  return typeof key === 'string' && key.length > 0 && settings.apiKeys.includes(key);
}

export const unauthorized: SimResponse = errorBody(401, 'Unauthorized');

/** The app named in an execute path, or the answer that refuses it (404, or A3 unpublished). */
export function resolveRunnableApp(context: RouteContext, reference: string | undefined): AiropsApp | SimResponse {
  const app = reference === undefined ? undefined : context.state.findApp(reference, context.settings.acceptNumericAppIds);
  if (!app) return notFound(context, 'App not found');
  if (!app.published) return errorBody(context.settings.unpublishedAppStatus, 'App is not published');
  return app;
}

export function isResponse(value: AiropsApp | SimResponse): value is SimResponse {
  return !('uuid' in value);
}
