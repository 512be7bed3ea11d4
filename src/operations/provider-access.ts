import type { GatewayContext } from '../context.js';
import { GatewayError, badUserInput } from '../errors/gateway-error.js';
import type { Provider } from '../providers/provider.js';

export function canSeeProvider(context: GatewayContext, name: string): boolean {
  const allowed = context.identity.allowedProviders;
  return allowed === null || allowed.has(name);
}

/** The providers this caller may see, in configuration order. */
export function visibleProviders(context: GatewayContext): Provider[] {
  return context.gateway.registry.all().filter((provider) => canSeeProvider(context, provider.name));
}

/** A provider named by the client: unknown → BAD_USER_INPUT, hidden from this key → FORBIDDEN. */
export function providerNamed(context: GatewayContext, name: string): Provider {
  const provider = context.gateway.registry.get(name);
  if (!provider) throw badUserInput(`Unknown provider "${name}"`);
  if (!canSeeProvider(context, name)) throw forbidden(name);
  return provider;
}

export function forbidden(provider: string): GatewayError {
  return new GatewayError('FORBIDDEN', `This API key may not use provider "${provider}"`, { provider });
}
