import type { GatewayConfig } from '../config/gateway-config.js';
import type { ClientIdentity } from '../context.js';
import { GatewayError } from '../errors/gateway-error.js';
import { bearerCredential, SecretDigest } from './bearer-credential.js';

interface KnownKey {
  digest: SecretDigest;
  identity: ClientIdentity;
}

const anonymous: ClientIdentity = { id: 'anonymous', allowedProviders: null };

/**
 * Turns an `Authorization: Bearer <key>` value into the caller's identity. Keys are compared
 * as digests in constant time (SecretDigest), against every configured key without stopping at
 * a match, so timing reveals neither a key nor which one matched. With no `auth` configured,
 * every caller is anonymous and sees every provider.
 */
export class ClientAuthenticator {
  readonly enabled: boolean;
  #keys: KnownKey[];

  constructor(auth: GatewayConfig['auth']) {
    this.enabled = auth !== null;
    this.#keys = (auth?.apiKeys ?? []).map((entry, index) => ({
      digest: new SecretDigest(entry.key),
      identity: { id: `key-${index}`, allowedProviders: entry.providers === null ? null : new Set(entry.providers) },
    }));
  }

  authenticate(authorization: string | null | undefined): ClientIdentity {
    if (!this.enabled) return anonymous;
    const credential = bearerCredential(authorization);
    if (credential === null) throw unauthenticated('Missing client key: send Authorization: Bearer <key>');
    const candidate = new SecretDigest(credential);
    let found: ClientIdentity | undefined;
    for (const key of this.#keys) {
      if (key.digest.matches(candidate) && found === undefined) found = key.identity;
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

function unauthenticated(message: string): GatewayError {
  return new GatewayError('UNAUTHENTICATED', message);
}
