import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';
import { configuredSecrets } from '../../src/config/configured-secrets.js';
import { parseConfig } from '../../src/config/parse-config.js';

const airops = { name: 'airops', kind: 'airops', baseUrl: 'https://api.example.com', apiKey: 'k1', apps: ['42'] };

function problemOf(document: unknown, env: Record<string, string>): ConfigError {
  try {
    parseConfig(document, env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('config was accepted');
}

function keyOf(document: unknown, env: Record<string, string> = {}): string {
  return problemOf(document, env).key;
}

/** The whole line a bad config exits with (after "invalid config: "). */
function messageOf(document: unknown, env: Record<string, string> = {}): string {
  return problemOf(document, env).message;
}

const kinds = 'airops, flows, nested, workflow-runs';
const secretForms = '{ "env": "VAR_NAME" }';

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

  it('fills every default from a minimal document', () => {
    expect(parseConfig({ providers: [{ name: 'a', kind: 'airops', baseUrl: 'http://x', apiKey: 'k' }] }, {})).toEqual({
      port: 4000,
      providers: [
        {
          name: 'a',
          kind: 'airops',
          baseUrl: 'http://x',
          apiKey: 'k',
          timeoutMs: 10000,
          apps: [],
          appId: null,
          workflows: null,
          breaker: { failureThreshold: 5, cooldownMs: 1000 },
        },
      ],
      polling: { intervalMs: 1000, maxIntervalMs: 15000 },
      cache: { finishedTtlMs: 2000 },
      cors: { origins: null },
      metrics: { enabled: true, bearerToken: null },
      redis: null,
      auth: null,
      demo: false,
    });
    const runs = parseConfig({ providers: [{ name: 'r', kind: 'workflow-runs', baseUrl: 'http://x', apiKey: 'k' }] }, {}).providers[0];
    expect(runs).toMatchObject({ apps: [], appId: 'c', workflows: null });
  });

  it('derives maxIntervalMs from intervalMs, strips trailing slashes and lets breaker keys fall back a level', () => {
    const config = parseConfig(
      {
        providers: [
          { ...airops, baseUrl: 'https://api.example.com/prefix//', breaker: { cooldownMs: 50 } },
          { name: 'flows', kind: 'flows', baseUrl: 'http://127.0.0.1:9002', apiKey: 'k2' },
        ],
        breaker: { failureThreshold: 3 },
        polling: { intervalMs: 20000 },
        cors: { origins: ['https://app.example.com/', '*'] },
        auth: { apiKeys: [{ key: 'k' }] },
      },
      {},
    );
    expect(config.polling).toEqual({ intervalMs: 20000, maxIntervalMs: 20000 });
    expect(config.providers[0]).toMatchObject({ baseUrl: 'https://api.example.com/prefix', breaker: { failureThreshold: 3, cooldownMs: 50 } });
    expect(config.providers[1]?.breaker).toEqual({ failureThreshold: 3, cooldownMs: 1000 });
    expect(config.cors.origins).toEqual(['https://app.example.com', '*']);
    expect(config.auth).toEqual({ apiKeys: [{ key: 'k', providers: null }] });
  });

  it('reads metrics: on by default, a bearer token literally or from the environment', () => {
    expect(parseConfig({ providers: [airops], metrics: {} }, {}).metrics).toEqual({ enabled: true, bearerToken: null });
    expect(parseConfig({ providers: [airops], metrics: { enabled: false } }, {}).metrics).toEqual({ enabled: false, bearerToken: null });
    expect(parseConfig({ providers: [airops], metrics: { bearerToken: { env: 'SCRAPE' } } }, { SCRAPE: 'scrape-token-1' }).metrics).toEqual({
      enabled: true,
      bearerToken: 'scrape-token-1',
    });
  });

  it("counts the Redis password among the secrets, in the URL's user info or as a password query parameter, raw and decoded", () => {
    const secretsOf = (url: string) => configuredSecrets(parseConfig({ providers: [airops], redis: { url } }, {}));
    expect(secretsOf('redis://:pa%21ss@cache:6379')).toEqual(expect.arrayContaining(['pa%21ss', 'pa!ss']));
    expect(secretsOf('redis://cache:6379/0?password=qu%40ery-secret&db=1')).toEqual(expect.arrayContaining(['qu%40ery-secret', 'qu@ery-secret']));
    expect(secretsOf('redis://cache:6379')).not.toContain('');
  });

  it('reads redis: absent is null, the URL literally or from the environment, keyPrefix runql: by default', () => {
    expect(parseConfig({ providers: [airops] }, {}).redis).toBeNull();
    expect(parseConfig({ providers: [airops], redis: { url: 'redis://127.0.0.1:6379' } }, {}).redis).toEqual({ url: 'redis://127.0.0.1:6379', keyPrefix: 'runql:' });
    expect(parseConfig({ providers: [airops], redis: { url: { env: 'REDIS_URL' }, keyPrefix: 'a:' } }, { REDIS_URL: 'rediss://:pw@cache:6380/2' }).redis).toEqual({
      url: 'rediss://:pw@cache:6380/2',
      keyPrefix: 'a:',
    });
    expect(messageOf({ providers: [airops], redis: { url: 'http://127.0.0.1:6379' } })).toBe('redis.url: must be a redis:// or rediss:// URL');
    expect(messageOf({ providers: [airops], redis: { url: 'not a url' } })).toBe('redis.url: must be a redis:// or rediss:// URL');
    expect(messageOf({ providers: [airops], redis: { url: { env: 'NO_SUCH_REDIS' } } })).toBe('redis.url.env: environment variable NO_SUCH_REDIS is not set');
    expect(messageOf({ providers: [airops], redis: {} })).toBe(`redis.url: required: a string or ${secretForms}`);
    expect(messageOf({ providers: [airops], redis: { url: 'redis://x', db: 1 } })).toBe('redis.db: unknown key (allowed: url, keyPrefix)');
  });

  it('reads PORT instead of port: a bad port in the file is then not looked at', () => {
    expect(parseConfig({ providers: [airops], port: 'eighty' }, { PORT: '5000' }).port).toBe(5000);
    expect(parseConfig({ providers: [airops], port: 'eighty' }, { PORT: '0' }).port).toBe(0);
    expect(messageOf({ providers: [airops] }, { PORT: '70000' })).toBe('PORT: must be an integer from 0 to 65535');
    expect(messageOf({ providers: [airops], port: 'eighty' }, { PORT: '' })).toBe('port: must be an integer from 0 to 65535');
  });

  it.each<[unknown, string]>([
    // unknown keys, at the top, in a provider (per kind), in every nested object
    [{ providers: [airops], extra: 1 }, 'extra: unknown key (allowed: port, providers, polling, cache, cors, metrics, redis, auth, breaker)'],
    [{ providers: [{ ...airops, colour: 'red' }] }, 'providers[0].colour: unknown key for kind "airops" (allowed: name, kind, baseUrl, apiKey, timeoutMs, breaker, apps)'],
    [{ providers: [{ ...airops, breaker: { failures: 1 } }] }, 'providers[0].breaker.failures: unknown key (allowed: failureThreshold, cooldownMs)'],
    [{ providers: [{ ...airops, apiKey: { env: 'A', file: 'x' } }] }, `providers[0].apiKey.file: unknown key (allowed: env)`],
    [{ providers: [airops], polling: { everyMs: 1 } }, 'polling.everyMs: unknown key (allowed: intervalMs, maxIntervalMs)'],
    [{ providers: [airops], cors: { methods: [] } }, 'cors.methods: unknown key (allowed: origins)'],
    [{ providers: [airops], auth: { keys: [] } }, 'auth.keys: unknown key (allowed: apiKeys)'],
    [{ providers: [airops], metrics: { path: '/m' } }, 'metrics.path: unknown key (allowed: enabled, bearerToken)'],
    [{ providers: [airops], metrics: { enabled: 'yes' } }, 'metrics.enabled: must be true or false'],
    [{ providers: [airops], metrics: { bearerToken: '' } }, 'metrics.bearerToken: must not be empty'],
    [{ providers: [airops], metrics: { bearerToken: 7 } }, 'metrics.bearerToken: must be a string or { "env": "VAR_NAME" }'],
    [{ providers: [airops], metrics: { bearerToken: { env: 'NO_SUCH_TOKEN' } } }, 'metrics.bearerToken.env: environment variable NO_SUCH_TOKEN is not set'],
    [{ providers: [airops], metrics: true }, 'metrics: must be an object'],
    [{ providers: [airops], auth: { apiKeys: [{ key: 'k', scope: 'all' }] } }, 'auth.apiKeys[0].scope: unknown key (allowed: key, providers)'],
    // a per-kind key on another kind
    [{ providers: [{ ...airops, appId: 'x' }] }, 'providers[0].appId: unknown key for kind "airops" (allowed: name, kind, baseUrl, apiKey, timeoutMs, breaker, apps)'],
    [{ providers: [{ ...airops, kind: 'flows' }] }, 'providers[0].apps: unknown key for kind "flows" (allowed: name, kind, baseUrl, apiKey, timeoutMs, breaker)'],
    [
      { providers: [{ ...airops, kind: 'workflow-runs' }] },
      'providers[0].apps: unknown key for kind "workflow-runs" (allowed: name, kind, baseUrl, apiKey, timeoutMs, breaker, appId, workflows)',
    ],
    [{ providers: [{ name: 'n', kind: 'nested', baseUrl: 'http://x', apiKey: 'k', workflows: [] }] }, 'providers[0].workflows: unknown key for kind "nested" (allowed: name, kind, baseUrl, apiKey, timeoutMs, breaker)'],
    // missing keys and wrong types
    ['providers', 'config: must be an object'],
    [[airops], 'config: must be an object'],
    [{ providers: airops }, 'providers: required: a list of providers'],
    [{ providers: [] }, 'providers: must name at least one provider'],
    [{ providers: ['airops'] }, 'providers[0]: must be an object'],
    [{ providers: [{ ...airops, kind: undefined }] }, `providers[0].kind: required: one of ${kinds}`],
    [{ providers: [{ ...airops, kind: 7 }] }, `providers[0].kind: must be one of ${kinds}`],
    [{ providers: [{ ...airops, name: undefined }] }, 'providers[0].name: required'],
    [{ providers: [{ ...airops, name: 42 }] }, 'providers[0].name: must be a non-empty string'],
    [{ providers: [{ ...airops, name: '' }] }, 'providers[0].name: must be a non-empty string'],
    [{ providers: [{ ...airops, name: 'Bad Name' }] }, 'providers[0].name: must match ^[a-z][a-z0-9-]{0,31}$'],
    [{ providers: [{ ...airops, baseUrl: undefined }] }, 'providers[0].baseUrl: required'],
    [{ providers: [{ ...airops, apiKey: undefined }] }, `providers[0].apiKey: required: a string or ${secretForms}`],
    [{ providers: [{ ...airops, apiKey: 42 }] }, `providers[0].apiKey: must be a string or ${secretForms}`],
    [{ providers: [{ ...airops, apiKey: ['k'] }] }, `providers[0].apiKey: must be a string or ${secretForms}`],
    [{ providers: [{ ...airops, apiKey: '' }] }, 'providers[0].apiKey: must not be empty'],
    [{ providers: [{ ...airops, apiKey: {} }] }, 'providers[0].apiKey.env: required'],
    [{ providers: [{ ...airops, apiKey: { env: 1 } }] }, 'providers[0].apiKey.env: must be a non-empty string'],
    [{ providers: [{ ...airops, timeoutMs: '2500' }] }, 'providers[0].timeoutMs: must be an integer from 1 to 3600000'],
    [{ providers: [{ ...airops, timeoutMs: 2.5 }] }, 'providers[0].timeoutMs: must be an integer from 1 to 3600000'],
    [{ providers: [{ ...airops, apps: '42' }] }, 'providers[0].apps: must be a list of strings'],
    [{ providers: [{ ...airops, apps: ['42', ''] }] }, 'providers[0].apps[1]: must be a non-empty string'],
    [{ providers: [{ name: 'r', kind: 'workflow-runs', baseUrl: 'http://x', apiKey: 'k', appId: '' }] }, 'providers[0].appId: must be a non-empty string'],
    [{ providers: [{ name: 'r', kind: 'workflow-runs', baseUrl: 'http://x', apiKey: 'k', workflows: [1] }] }, 'providers[0].workflows[0]: must be a non-empty string'],
    [{ providers: [{ ...airops, breaker: 'on' }] }, 'providers[0].breaker: must be an object'],
    [{ providers: [{ ...airops, breaker: { cooldownMs: 5 } }] }, 'providers[0].breaker.cooldownMs: must be an integer from 10 to 3600000'],
    [{ providers: [airops], breaker: { failureThreshold: 0 } }, 'breaker.failureThreshold: must be an integer from 1 to 1000'],
    [{ providers: [airops], port: 65536 }, 'port: must be an integer from 0 to 65535'],
    [{ providers: [airops], polling: 1000 }, 'polling: must be an object'],
    [{ providers: [airops], polling: { intervalMs: 5 } }, 'polling.intervalMs: must be an integer from 10 to 3600000'],
    [{ providers: [airops], polling: { intervalMs: 5000, maxIntervalMs: 1000 } }, 'polling.maxIntervalMs: must be at least polling.intervalMs'],
    [{ providers: [airops], cache: null }, 'cache: must be an object'],
    [{ providers: [airops], cache: { finishedTtlMs: -1 } }, 'cache.finishedTtlMs: must be an integer from 0 to 86400000'],
    [{ providers: [airops], cors: { origins: '*' } }, 'cors.origins: must be a list of strings'],
    [{ providers: [airops], cors: { origins: ['*', 'ftp://x'] } }, 'cors.origins[1]: must be an http(s) origin or "*"'],
    [{ providers: [airops], auth: true }, 'auth: must be an object'],
    [{ providers: [airops], auth: {} }, 'auth.apiKeys: required: a non-empty list of { "key": ..., "providers": [...] }'],
    [{ providers: [airops], auth: { apiKeys: [{ providers: ['airops'] }] } }, `auth.apiKeys[0].key: required: a string or ${secretForms}`],
    [{ providers: [airops], auth: { apiKeys: [{ key: 'k', providers: 'airops' }] } }, 'auth.apiKeys[0].providers: must be a list of strings'],
    [{ providers: [airops], auth: { apiKeys: [{ key: 'k', providers: ['airops', 'ghost'] }] } }, 'auth.apiKeys[0].providers[1]: unknown provider "ghost"'],
    [{ providers: [airops], auth: { apiKeys: [{ key: 'k' }, { key: 'k' }] } }, 'auth.apiKeys[1].key: duplicate client key'],
    // bad URLs
    [{ providers: [{ ...airops, baseUrl: 'ftp://x' }] }, 'providers[0].baseUrl: must be an http(s) URL'],
    [{ providers: [{ ...airops, baseUrl: 'not a url' }] }, 'providers[0].baseUrl: must be an http(s) URL'],
    ...['http://x/?q=1', 'http://x/#top', 'http://user:pw@x'].map((baseUrl): [unknown, string] => [
      { providers: [{ ...airops, baseUrl }] },
      'providers[0].baseUrl: must be an origin plus optional path prefix (no query, fragment or credentials)',
    ]),
    // environment references
    [{ providers: [{ ...airops, apiKey: { env: 'MISSING_VAR' } }] }, 'providers[0].apiKey.env: environment variable MISSING_VAR is not set'],
    [{ providers: [{ ...airops, apiKey: { env: 'EMPTY_VAR' } }] }, 'providers[0].apiKey.env: environment variable EMPTY_VAR is not set'],
    [{ providers: [airops], auth: { apiKeys: [{ key: { env: 'MISSING_VAR' } }] } }, 'auth.apiKeys[0].key.env: environment variable MISSING_VAR is not set'],
    // duplicate provider names
    [{ providers: [airops, { name: 'airops', kind: 'flows', baseUrl: 'http://x', apiKey: 'k' }] }, 'providers[1].name: duplicate provider name "airops"'],
    [{ providers: [airops, { ...airops, name: 'b' }, { ...airops, name: 'b' }] }, 'providers[2].name: duplicate provider name "b"'],
  ])('refuses with one line naming the key: %j', (document, message) => {
    expect(messageOf(document, { EMPTY_VAR: '' })).toBe(message);
  });

  it.each([
    // the document's own keys before anything inside it
    [{ providers: [{ ...airops, name: 'Bad Name' }], extra: 1 }, 'extra'],
    // a provider's kind, then its keys, then its values in order
    [{ providers: [{ ...airops, kind: 'mystery', colour: 'red' }] }, 'providers[0].kind'],
    [{ providers: [{ ...airops, name: 'Bad Name', colour: 'red' }] }, 'providers[0].colour'],
    [{ providers: [{ ...airops, name: 'Bad Name', baseUrl: 'ftp://x' }] }, 'providers[0].name'],
    [{ providers: [{ ...airops, apiKey: { env: 'MISSING_VAR', file: 'x' } }] }, 'providers[0].apiKey.file'],
    // the gateway breaker before the providers, providers (and their names) before port, polling, cache, cors, auth
    [{ providers: [{ ...airops, name: 'Bad Name' }], breaker: { cooldownMs: 1 } }, 'breaker.cooldownMs'],
    [{ providers: [airops, airops], port: 'eighty' }, 'providers[1].name'],
    [{ providers: [airops], port: 'eighty', polling: 'x' }, 'port'],
    [{ providers: [airops], auth: 'x', cors: 'x', cache: 'x', polling: 'x' }, 'polling'],
    [{ providers: [airops], auth: 'x', cors: 'x' }, 'cors'],
    // in auth, each entry whole before the next
    [{ providers: [airops], auth: { apiKeys: [{ key: 'k', providers: ['ghost'] }, { key: 5 }] } }, 'auth.apiKeys[0].providers[0]'],
    [{ providers: [airops], auth: { apiKeys: [{ key: 'k' }, { key: 'k', providers: 'x' }] } }, 'auth.apiKeys[1].key'],
  ])('reports the first problem when there are several: %j → %s', (document, key) => {
    expect(keyOf(document)).toBe(key);
  });
});
