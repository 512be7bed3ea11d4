import { isProviderKind, providerKinds, type ProviderKind } from '../model/provider-kind.js';
import { ConfigError } from './config-error.js';
import {
  defaultBreaker,
  defaultFinishedTtlMs,
  defaultPolling,
  defaultPort,
  defaultTimeoutMs,
  type BreakerConfig,
  type ClientKeyConfig,
  type GatewayConfig,
  type ProviderConfig,
} from './gateway-config.js';

type Env = Readonly<Record<string, string | undefined>>;
type Json = Record<string, unknown>;

const providerNamePattern = /^[a-z][a-z0-9-]{0,31}$/;
const commonProviderKeys = ['name', 'kind', 'baseUrl', 'apiKey', 'timeoutMs', 'breaker'];
const providerKeysByKind: Record<ProviderKind, string[]> = {
  airops: [...commonProviderKeys, 'apps'],
  flows: commonProviderKeys,
  nested: commonProviderKeys,
  'workflow-runs': [...commonProviderKeys, 'appId', 'workflows'],
};

/**
 * Validates a parsed GATEWAY_CONFIG document once, at start-up. Every problem is a ConfigError
 * naming the key, so the process can exit with one line a user can act on.
 */
export function parseConfig(document: unknown, env: Env): GatewayConfig {
  const root = object(document, 'config');
  allowKeys(root, 'config', ['port', 'providers', 'polling', 'cache', 'cors', 'auth', 'breaker']);
  const breaker = parseBreaker(root.breaker, 'breaker', defaultBreaker);

  const providersValue = root.providers;
  if (!Array.isArray(providersValue)) throw new ConfigError('providers', 'required: a list of providers');
  if (providersValue.length === 0) throw new ConfigError('providers', 'must name at least one provider');
  const providers = providersValue.map((value, index) => parseProvider(value, `providers[${index}]`, env, breaker));
  const seen = new Set<string>();
  providers.forEach((provider, index) => {
    if (seen.has(provider.name)) throw new ConfigError(`providers[${index}].name`, `duplicate provider name "${provider.name}"`);
    seen.add(provider.name);
  });

  return {
    port: parsePort(root.port, env),
    providers,
    polling: parsePolling(root.polling),
    cache: parseCache(root.cache),
    cors: parseCors(root.cors),
    auth: parseAuth(root.auth, seen, env),
    demo: false,
  };
}

function parseProvider(value: unknown, key: string, env: Env, breaker: BreakerConfig): ProviderConfig {
  const entry = object(value, key);
  const kind = entry.kind;
  if (kind === undefined) throw new ConfigError(`${key}.kind`, `required: one of ${providerKinds.join(', ')}`);
  if (!isProviderKind(kind)) throw new ConfigError(`${key}.kind`, `must be one of ${providerKinds.join(', ')}`);
  allowKeys(entry, key, providerKeysByKind[kind], `for kind "${kind}"`);

  const name = requiredString(entry.name, `${key}.name`);
  if (!providerNamePattern.test(name)) throw new ConfigError(`${key}.name`, 'must match ^[a-z][a-z0-9-]{0,31}$');

  return {
    name,
    kind,
    baseUrl: parseBaseUrl(entry.baseUrl, `${key}.baseUrl`),
    apiKey: secret(entry.apiKey, `${key}.apiKey`, env),
    timeoutMs: optionalInteger(entry.timeoutMs, `${key}.timeoutMs`, 1, 3_600_000) ?? defaultTimeoutMs,
    apps: kind === 'airops' ? (optionalStringList(entry.apps, `${key}.apps`) ?? []) : [],
    appId: kind === 'workflow-runs' ? optionalString(entry.appId, `${key}.appId`) ?? 'c' : null,
    workflows: kind === 'workflow-runs' ? optionalStringList(entry.workflows, `${key}.workflows`) : null,
    breaker: parseBreaker(entry.breaker, `${key}.breaker`, breaker),
  };
}

function parseBreaker(value: unknown, key: string, defaults: BreakerConfig): BreakerConfig {
  if (value === undefined) return { ...defaults };
  const breaker = object(value, key);
  allowKeys(breaker, key, ['failureThreshold', 'cooldownMs']);
  return {
    failureThreshold: optionalInteger(breaker.failureThreshold, `${key}.failureThreshold`, 1, 1000) ?? defaults.failureThreshold,
    cooldownMs: optionalInteger(breaker.cooldownMs, `${key}.cooldownMs`, 10, 3_600_000) ?? defaults.cooldownMs,
  };
}

function parsePort(value: unknown, env: Env): number {
  const fromEnv = env.PORT;
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!/^\d+$/.test(fromEnv) || Number(fromEnv) > 65535) throw new ConfigError('PORT', 'must be an integer from 0 to 65535');
    return Number(fromEnv);
  }
  return optionalInteger(value, 'port', 0, 65535) ?? defaultPort;
}

function parsePolling(value: unknown): GatewayConfig['polling'] {
  if (value === undefined) return { ...defaultPolling };
  const polling = object(value, 'polling');
  allowKeys(polling, 'polling', ['intervalMs', 'maxIntervalMs']);
  const intervalMs = optionalInteger(polling.intervalMs, 'polling.intervalMs', 10, 3_600_000) ?? defaultPolling.intervalMs;
  const maxIntervalMs =
    optionalInteger(polling.maxIntervalMs, 'polling.maxIntervalMs', 10, 86_400_000) ??
    Math.max(intervalMs, defaultPolling.maxIntervalMs);
  if (maxIntervalMs < intervalMs) throw new ConfigError('polling.maxIntervalMs', 'must be at least polling.intervalMs');
  return { intervalMs, maxIntervalMs };
}

function parseCache(value: unknown): GatewayConfig['cache'] {
  if (value === undefined) return { finishedTtlMs: defaultFinishedTtlMs };
  const cache = object(value, 'cache');
  allowKeys(cache, 'cache', ['finishedTtlMs']);
  return { finishedTtlMs: optionalInteger(cache.finishedTtlMs, 'cache.finishedTtlMs', 0, 86_400_000) ?? defaultFinishedTtlMs };
}

function parseCors(value: unknown): GatewayConfig['cors'] {
  if (value === undefined) return { origins: null };
  const cors = object(value, 'cors');
  allowKeys(cors, 'cors', ['origins']);
  const origins = optionalStringList(cors.origins, 'cors.origins');
  origins?.forEach((origin, index) => {
    if (origin !== '*' && !isHttpUrl(origin)) throw new ConfigError(`cors.origins[${index}]`, 'must be an http(s) origin or "*"');
  });
  return { origins: origins?.map((origin) => origin.replace(/\/+$/, '')) ?? null };
}

function parseAuth(value: unknown, providerNames: ReadonlySet<string>, env: Env): GatewayConfig['auth'] {
  if (value === undefined) return null;
  const auth = object(value, 'auth');
  allowKeys(auth, 'auth', ['apiKeys']);
  if (!Array.isArray(auth.apiKeys) || auth.apiKeys.length === 0) {
    throw new ConfigError('auth.apiKeys', 'required: a non-empty list of { "key": ..., "providers": [...] }');
  }
  const seenKeys = new Set<string>();
  const apiKeys = auth.apiKeys.map((entryValue, index): ClientKeyConfig => {
    const key = `auth.apiKeys[${index}]`;
    const entry = object(entryValue, key);
    allowKeys(entry, key, ['key', 'providers']);
    const clientKey = secret(entry.key, `${key}.key`, env);
    if (seenKeys.has(clientKey)) throw new ConfigError(`${key}.key`, 'duplicate client key');
    seenKeys.add(clientKey);
    const providers = optionalStringList(entry.providers, `${key}.providers`);
    providers?.forEach((name, providerIndex) => {
      if (!providerNames.has(name)) throw new ConfigError(`${key}.providers[${providerIndex}]`, `unknown provider "${name}"`);
    });
    return { key: clientKey, providers };
  });
  return { apiKeys };
}

/** A secret given literally or as `{ "env": "VAR_NAME" }`. */
function secret(value: unknown, key: string, env: Env): string {
  if (typeof value === 'string') {
    if (value.length === 0) throw new ConfigError(key, 'must not be empty');
    return value;
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const reference = value as Json;
    allowKeys(reference, key, ['env']);
    const variable = requiredString(reference.env, `${key}.env`);
    const resolved = env[variable];
    if (resolved === undefined || resolved === '') throw new ConfigError(`${key}.env`, `environment variable ${variable} is not set`);
    return resolved;
  }
  if (value === undefined) throw new ConfigError(key, 'required: a string or { "env": "VAR_NAME" }');
  throw new ConfigError(key, 'must be a string or { "env": "VAR_NAME" }');
}

function parseBaseUrl(value: unknown, key: string): string {
  const text = requiredString(value, key);
  if (!isHttpUrl(text)) throw new ConfigError(key, 'must be an http(s) URL');
  const url = new URL(text);
  if (url.search || url.hash || url.username || url.password) {
    throw new ConfigError(key, 'must be an origin plus optional path prefix (no query, fragment or credentials)');
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function object(value: unknown, key: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(key, 'must be an object');
  return value as Json;
}

function allowKeys(value: Json, key: string, allowed: readonly string[], context = ''): void {
  for (const name of Object.keys(value)) {
    if (!allowed.includes(name)) {
      const path = key === 'config' ? name : `${key}.${name}`;
      throw new ConfigError(path, `unknown key${context ? ` ${context}` : ''} (allowed: ${allowed.join(', ')})`);
    }
  }
}

function requiredString(value: unknown, key: string): string {
  if (value === undefined) throw new ConfigError(key, 'required');
  if (typeof value !== 'string' || value.length === 0) throw new ConfigError(key, 'must be a non-empty string');
  return value;
}

function optionalString(value: unknown, key: string): string | null {
  return value === undefined ? null : requiredString(value, key);
}

function optionalInteger(value: unknown, key: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(key, `must be an integer from ${min} to ${max}`);
  }
  return value;
}

function optionalStringList(value: unknown, key: string): string[] | null {
  if (value === undefined) return null;
  if (!Array.isArray(value)) throw new ConfigError(key, 'must be a list of strings');
  return value.map((item, index) => requiredString(item, `${key}[${index}]`));
}
