/**
 * Global ids are opaque to clients but stable across restarts: base64url of
 * `<type tag>:<provider name>:<local id>`. Provider names cannot contain `:`, so the local id
 * (which may) is everything after the second colon.
 */
export interface GlobalId {
  typeTag: string;
  provider: string;
  localId: string;
}

const base64UrlPattern = /^[A-Za-z0-9_-]+$/;
const providerNamePattern = /^[a-z][a-z0-9-]{0,31}$/;

export function encodeGlobalId(typeTag: string, provider: string, localId: string): string {
  return Buffer.from(`${typeTag}:${provider}:${localId}`, 'utf8').toString('base64url');
}

/** The decoded id, or null when `id` is not one runql could have issued. */
export function decodeGlobalId(id: string): GlobalId | null {
  if (id.length === 0 || id.length > 4096 || !base64UrlPattern.test(id)) return null;
  const text = Buffer.from(id, 'base64url').toString('utf8');
  const first = text.indexOf(':');
  const second = first === -1 ? -1 : text.indexOf(':', first + 1);
  if (second === -1) return null;
  const typeTag = text.slice(0, first);
  const provider = text.slice(first + 1, second);
  const localId = text.slice(second + 1);
  if (!providerNamePattern.test(provider) || localId.length === 0) return null;
  // Only the canonical encoding is accepted: invalid UTF-8 or stray padding would not round-trip.
  if (encodeGlobalId(typeTag, provider, localId) !== id) return null;
  return { typeTag, provider, localId };
}

export const executionTypeTag = 'Execution';

export function executionGlobalId(provider: string, nativeId: string): string {
  return encodeGlobalId(executionTypeTag, provider, nativeId);
}
