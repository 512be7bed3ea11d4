import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';
import { parseConfig } from '../../src/config/parse-config.js';

const airops = { name: 'airops', kind: 'airops', baseUrl: 'https://api.example.com', apiKey: 'k1', apps: ['42'] };

function keyOf(document: unknown, env: Record<string, string> = {}): string {
  try {
    parseConfig(document, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.key;
    throw error;
  }
  throw new Error('config was accepted');
}

describe('parseConfig', () => {
  it('accepts the contract example and fills defaults', () => {
    const config = parseConfig(
      {
        port: 4100,
        providers: [
          { ...airops, apiKey: { env: 'AIROPS_API_KEY' }, timeoutMs: 2500 },
          { name: 'flows', kind: 'flows', baseUrl: 'http://127.0.0.1:9002/', apiKey: 'k2' },
          { name: 'nested', kind: 'nested', baseUrl: 'http://127.0.0.1:9003', apiKey: 'k3' },
          { name: 'runs', kind: 'workflow-runs', baseUrl: 'http://127.0.0.1:9004/prefix', apiKey: 'k4', appId: 'app_1', workflows: ['wf_1'] },
        ],
        polling: { intervalMs: 1000, maxIntervalMs: 15000 },
        cache: { finishedTtlMs: 2000 },
        cors: { origins: ['https://app.example.com'] },
        auth: { apiKeys: [{ key: { env: 'GATEWAY_KEY_WEB' }, providers: ['airops', 'flows'] }] },
      },
      { AIROPS_API_KEY: 'secret-airops', GATEWAY_KEY_WEB: 'client-key' },
    );
    expect(config.port).toBe(4100);
    expect(config.providers[0]).toMatchObject({ apiKey: 'secret-airops', timeoutMs: 2500, apps: ['42'] });
    expect(config.providers[1]).toMatchObject({ baseUrl: 'http://127.0.0.1:9002', timeoutMs: 10000 });
    expect(config.providers[3]).toMatchObject({ baseUrl: 'http://127.0.0.1:9004/prefix', appId: 'app_1', workflows: ['wf_1'] });
    expect(config.auth?.apiKeys[0]).toEqual({ key: 'client-key', providers: ['airops', 'flows'] });
    expect(config.cache.finishedTtlMs).toBe(2000);
  });

  it('lets PORT win over port, and defaults to 4000', () => {
    expect(parseConfig({ port: 4100, providers: [airops] }, { PORT: '5000' }).port).toBe(5000);
    expect(parseConfig({ providers: [airops] }, {}).port).toBe(4000);
    expect(parseConfig({ providers: [airops] }, {}).polling).toEqual({ intervalMs: 1000, maxIntervalMs: 15000 });
  });

  it.each([
    [{ providers: [airops], extra: 1 }, 'extra'],
    [{}, 'providers'],
    [{ providers: [] }, 'providers'],
    [{ providers: [{ ...airops, colour: 'red' }] }, 'providers[0].colour'],
    [{ providers: [{ ...airops, appId: 'x' }] }, 'providers[0].appId'],
    [{ providers: [{ ...airops, kind: 'mystery' }] }, 'providers[0].kind'],
    [{ providers: [{ ...airops, name: 'Bad Name' }] }, 'providers[0].name'],
    [{ providers: [{ ...airops, baseUrl: 'ftp://x' }] }, 'providers[0].baseUrl'],
    [{ providers: [{ ...airops, baseUrl: 'not a url' }] }, 'providers[0].baseUrl'],
    [{ providers: [{ name: 'a', kind: 'airops', baseUrl: 'http://x' }] }, 'providers[0].apiKey'],
    [{ providers: [{ ...airops, apiKey: { env: 'MISSING_VAR' } }] }, 'providers[0].apiKey.env'],
    [{ providers: [{ ...airops, timeoutMs: -1 }] }, 'providers[0].timeoutMs'],
    [{ providers: [airops, { ...airops }] }, 'providers[1].name'],
    [{ providers: [airops], port: 'eighty' }, 'port'],
    [{ providers: [airops], polling: { intervalMs: 5000, maxIntervalMs: 1000 } }, 'polling.maxIntervalMs'],
    [{ providers: [airops], cache: { ttl: 1 } }, 'cache.ttl'],
    [{ providers: [airops], cors: { origins: ['nope'] } }, 'cors.origins[0]'],
    [{ providers: [airops], auth: { apiKeys: [] } }, 'auth.apiKeys'],
    [{ providers: [airops], auth: { apiKeys: [{ key: 'k', providers: ['ghost'] }] } }, 'auth.apiKeys[0].providers[0]'],
    [{ providers: [airops], auth: { apiKeys: [{ key: 'k' }, { key: 'k' }] } }, 'auth.apiKeys[1].key'],
  ])('names the offending key: %j → %s', (document, key) => {
    expect(keyOf(document)).toBe(key);
  });

  it('rejects a bad PORT', () => {
    expect(keyOf({ providers: [airops] }, { PORT: 'x' })).toBe('PORT');
  });
});
