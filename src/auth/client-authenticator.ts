import { createHash, timingSafeEqual } from 'node:crypto';
import type { GatewayConfig } from '../config/gateway-config.js';
import type { ClientIdentity } from '../context.js';
import { GatewayError } from '../errors/gateway-error.js';

interface KnownKey {
  digest: Buffer;
  identity: ClientIdentity;
}

const anonymous: ClientIdentity = { id: 'anonymous', allowedProviders: null };

/**
 * Turns an `Authorization: Bearer <key>` value into the caller's identity. Keys are compared
 * as SHA-256 digests with timingSafeEqual, against every configured key without stopping at a
 * match, so timing reveals neither a key nor which one matched. With no `auth` configured,
 * every caller is anonymous and sees every provider.
 */
export class ClientAuthenticator {
  readonly enabled: boolean;
  #keys: KnownKey[];

  constructor(auth: GatewayConfig['auth']) {
    this.enabled = auth !== null;
    this.#keys = (auth?.apiKeys ?? []).map((entry, index) => ({
      digest: digest(entry.key),
      identity: { id: `key-${index}`, allowedProviders: entry.providers === null ? null : new Set(entry.providers) },
    }));
  }

  authenticate(authorization: string | null | undefined): ClientIdentity {
    if (!this.enabled) return anonymous;
    const match = /^\s*bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) throw unauthenticated('Missing client key: send Authorization: Bearer <key>');
    const candidate = digest(match[1]!);
    let found: ClientIdentity | undefined;
    for (const key of this.#keys) {
      if (timingSafeEqual(candidate, key.digest) && found === undefined) found = key.identity;
    }
    if (!found) throw unauthenticated('Unknown client key');
    return found;
  }

  /** Over WebSocket the header travels in connectionParams; its name is matched case-insensitively. */
  authenticateConnectionParams(connectionParams: Readonly<Record<string, unknown>> | undefined): ClientIdentity {
    const entry = Object.entries(connectionParams ?? {}).find(([name]) => name.toLowerCase() === 'authorization');
    return this.authenticate(typeof entry?.[1] === 'string' ? entry[1] : undefined);
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

function unauthenticated(message: string): GatewayError {
  return new GatewayError('UNAUTHENTICATED', message);
}
