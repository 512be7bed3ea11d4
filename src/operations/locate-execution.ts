import type { GatewayContext } from '../context.js';
import { badUserInput, notFound } from '../errors/gateway-error.js';
import { decodeGlobalId, executionTypeTag } from '../model/global-id.js';
import type { Provider } from '../providers/provider.js';
import { canSeeProvider, forbidden } from './provider-access.js';

export interface LocatedExecution {
  provider: Provider;
  nativeId: string;
}

/**
 * Resolves a global execution id for reading: malformed → BAD_USER_INPUT; an id of another
 * type, an unknown provider or an impossible native id → null (the field answers null);
 * a provider hidden from this key → FORBIDDEN.
 */
export function locateExecution(context: GatewayContext, id: string): LocatedExecution | null {
  const decoded = decodeGlobalId(id);
  if (!decoded) throw badUserInput(`Malformed id "${truncate(id)}"`);
  if (decoded.typeTag !== executionTypeTag) return null;
  const provider = context.gateway.registry.get(decoded.provider);
  if (!provider) return null;
  if (!canSeeProvider(context, provider.name)) throw forbidden(provider.name);
  if (!provider.isValidNativeId(decoded.localId)) return null;
  return { provider, nativeId: decoded.localId };
}

/** Like locateExecution, for writes: an id that cannot name an execution is NOT_FOUND. */
export function requireExecution(context: GatewayContext, id: string): LocatedExecution {
  const located = locateExecution(context, id);
  if (!located) throw notFound(`No execution with id "${truncate(id)}"`);
  return located;
}

function truncate(id: string): string {
  return id.length > 64 ? `${id.slice(0, 64)}…` : id;
}
