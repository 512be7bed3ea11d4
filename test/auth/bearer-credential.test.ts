import { describe, expect, it } from 'vitest';
import { bearerCredential, SecretDigest } from '../../src/auth/bearer-credential.js';
import { ClientAuthenticator } from '../../src/auth/client-authenticator.js';
import { createBearerTokenCheck } from '../../src/metrics/bearer-token-check.js';

describe('bearerCredential', () => {
  it('reads the credential of a Bearer value, the scheme in any case, surrounding whitespace ignored', () => {
    expect(bearerCredential('Bearer abc.DEF-123')).toBe('abc.DEF-123');
    expect(bearerCredential('bearer abc')).toBe('abc');
    expect(bearerCredential('  BEARER \t abc  ')).toBe('abc');
  });

  it('is null without a credential or under another scheme', () => {
    for (const value of [undefined, null, '', 'Bearer', 'Bearer   ', 'abc', 'Basic abc', 'Bearerabc', 'Token abc']) {
      expect(bearerCredential(value)).toBeNull();
    }
  });
});

describe('SecretDigest', () => {
  it('matches the same secret only, whatever the lengths', () => {
    const secret = new SecretDigest('s3cret-token');
    expect(secret.matches(new SecretDigest('s3cret-token'))).toBe(true);
    for (const other of ['s3cret-toke', 's3cret-tokenx', 'S3CRET-TOKEN', '', 'x'.repeat(10_000)]) {
      expect(secret.matches(new SecretDigest(other))).toBe(false);
    }
  });
});

describe('the client-key check and the /metrics check read a header alike', () => {
  const headers = ['Bearer k-1', 'bearer k-1', ' Bearer  k-1 ', 'Bearer k-2', 'k-1', 'Basic k-1', 'Bearer', ''];

  it('accepts and refuses the same headers', () => {
    const clients = new ClientAuthenticator({ apiKeys: [{ key: 'k-1', providers: null }] });
    const metrics = createBearerTokenCheck('k-1');
    for (const header of headers) {
      let clientAccepts = true;
      try {
        clients.authenticate(header);
      } catch {
        clientAccepts = false;
      }
      expect([header, metrics(header)]).toEqual([header, clientAccepts]);
    }
    expect(headers.filter((header) => metrics(header))).toEqual(['Bearer k-1', 'bearer k-1', ' Bearer  k-1 ']);
  });
});
