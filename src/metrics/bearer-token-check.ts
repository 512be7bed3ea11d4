import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether an Authorization header carries `Bearer <token>`, compared in constant time (digests
 * of equal length, so neither the length nor a prefix of the token leaks through timing).
 */
export function createBearerTokenCheck(token: string): (authorization: string | undefined) => boolean {
  const expected = digest(token);
  return (authorization) => {
    if (authorization === undefined) return false;
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    if (match === null) return false;
    return timingSafeEqual(digest(match[1]!), expected);
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
