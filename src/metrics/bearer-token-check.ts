import { bearerCredential, SecretDigest } from '../auth/bearer-credential.js';

/** Whether an Authorization header carries `Bearer <token>` (compared in constant time, see SecretDigest). */
export function createBearerTokenCheck(token: string): (authorization: string | undefined) => boolean {
  const expected = new SecretDigest(token);
  return (authorization) => {
    const credential = bearerCredential(authorization);
    return credential !== null && expected.matches(new SecretDigest(credential));
  };
}
