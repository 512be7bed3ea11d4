import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The credential of an `Authorization: Bearer <credential>` value: the scheme in any case,
 * whitespace around the credential ignored. Null when the value is absent or another scheme.
 */
export function bearerCredential(authorization: string | null | undefined): string | null {
  const match = /^bearer\s+(.+)$/i.exec((authorization ?? '').trim());
  return match === null ? null : match[1]!;
}

/**
 * A secret (a client key, the /metrics token) held and compared as its SHA-256 digest: digests
 * have one length, and timingSafeEqual compares them in constant time, so timing reveals
 * neither the secret's length nor how much of it a candidate got right.
 */
export class SecretDigest {
  readonly #digest: Buffer;

  constructor(secret: string) {
    this.#digest = createHash('sha256').update(secret, 'utf8').digest();
  }

  matches(candidate: SecretDigest): boolean {
    return timingSafeEqual(this.#digest, candidate.#digest);
  }
}
