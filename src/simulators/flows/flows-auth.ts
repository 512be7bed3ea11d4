import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * `crates/auth/src/middleware.rs`: `Authorization: Bearer <token>` is tried as an HS256 JWT first
 * and then as an API key; `Authorization: ApiKey <key>` is an API key only. An API key must look
 * like `fm_…` with more than 10 bytes and exist in the key store. Prefixes are case-sensitive.
 */
export interface FlowsCredentials {
  apiKeys: readonly string[];
  jwtSecret: string;
}

/** The claims `crates/auth/src/user.rs` requires; missing or mistyped ones fail verification. */
export interface FlowsJwtClaims {
  sub: string;
  email: string;
  /** Seconds since the epoch. */
  exp: number;
  iat: number;
}

/** jsonwebtoken's `Validation::default()` tolerates 60 s of clock skew on `exp`. */
const expiryLeewaySeconds = 60;

export function isAuthorized(header: string | string[] | undefined, credentials: FlowsCredentials, nowMs: number): boolean {
  // `HeaderValue::to_str` fails on anything but visible ASCII, which the middleware treats as absent.
  if (typeof header !== 'string' || !/^[\t\x20-\x7e]*$/.test(header)) return false;
  if (header.startsWith('Bearer ')) {
    const token = header.slice('Bearer '.length);
    return verifyJwt(token, credentials.jwtSecret, nowMs) !== undefined || isKnownApiKey(token, credentials);
  }
  if (header.startsWith('ApiKey ')) return isKnownApiKey(header.slice('ApiKey '.length), credentials);
  return false;
}

/** `ApiKeyService::validate_format`: Rust `len()` counts bytes. */
export function hasApiKeyFormat(key: string): boolean {
  return key.startsWith('fm_') && Buffer.byteLength(key, 'utf8') > 10;
}

function isKnownApiKey(key: string, credentials: FlowsCredentials): boolean {
  return hasApiKeyFormat(key) && credentials.apiKeys.includes(key);
}

export function signJwt(claims: FlowsJwtClaims, secret: string): string {
  const header = base64Url(JSON.stringify({ typ: 'JWT', alg: 'HS256' }));
  const payload = base64Url(JSON.stringify(claims));
  return `${header}.${payload}.${hmac(`${header}.${payload}`, secret)}`;
}

export function verifyJwt(token: string, secret: string, nowMs: number): FlowsJwtClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [header, payload, signature] = parts as [string, string, string];
  const expected = Buffer.from(hmac(`${header}.${payload}`, secret));
  const actual = Buffer.from(signature);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
  const decodedHeader = decodeJson(header);
  if (!isRecord(decodedHeader) || decodedHeader.alg !== 'HS256') return undefined;
  const claims = decodeJson(payload);
  if (!isClaims(claims)) return undefined;
  if (claims.exp < Math.floor(nowMs / 1000) - expiryLeewaySeconds) return undefined;
  return claims;
}

function hmac(content: string, secret: string): string {
  return createHmac('sha256', secret).update(content).digest('base64url');
}

function base64Url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

function decodeJson(segment: string): unknown {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isClaims(value: unknown): value is FlowsJwtClaims {
  return (
    isRecord(value) &&
    typeof value.sub === 'string' &&
    typeof value.email === 'string' &&
    Number.isSafeInteger(value.exp) &&
    Number.isSafeInteger(value.iat)
  );
}
