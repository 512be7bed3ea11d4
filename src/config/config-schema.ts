import * as z from 'zod';
import { providerKinds, type ProviderKind } from '../model/provider-kind.js';
import {
  defaultBreaker,
  defaultFinishedTtlMs,
  defaultPolling,
  defaultPort,
  defaultRedisKeyPrefix,
  defaultTimeoutMs,
  type BreakerConfig,
  type ClientKeyConfig,
  type GatewayConfig,
  type ProviderConfig,
} from './gateway-config.js';

/**
 * The zod schemas of GATEWAY_CONFIG, one per concept. Every message is the text after
 * `<key>: ` of the ConfigError that parse-config.ts makes of the first issue; the key is the
 * issue's path. Schemas that read the environment (secrets, PORT) are made per parse.
 *
 * Issue order is the order problems are reported in: an object's keys are checked in the
 * order of its shape, and cross-key checks run after the keys they read.
 */

export type Env = Readonly<Record<string, string | undefined>>;

/** Set on a custom issue whose ConfigError names something other than its path (`PORT`). */
export interface KeyOverride {
  key: string;
}

interface StrictOptions {
  /** The allowed keys as the message lists them; default the shape's keys. */
  allowed?: readonly string[];
  /** Words after "unknown key" (`for kind "airops"`). */
  context?: string;
}

/** An object with exactly `shape`'s keys: anything else is "must be an object", an extra key "unknown key". */
function strictObject<Shape extends z.core.$ZodLooseShape>(shape: Shape, options: StrictOptions = {}) {
  const allowed = (options.allowed ?? Object.keys(shape)).join(', ');
  const unknownKey = `unknown key${options.context ? ` ${options.context}` : ''} (allowed: ${allowed})`;
  return z.strictObject(shape, { error: (issue) => (issue.code === 'unrecognized_keys' ? unknownKey : 'must be an object') });
}

function integer(min: number, max: number) {
  const error = `must be an integer from ${min} to ${max}`;
  return z.int({ error }).min(min, { error }).max(max, { error });
}

const nonEmptyString = z
  .string({ error: (issue) => (issue.input === undefined ? 'required' : 'must be a non-empty string') })
  .min(1, { error: 'must be a non-empty string' });

const stringList = z.array(nonEmptyString, { error: 'must be a list of strings' });

export function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * A secret given literally or as `{ "env": "VAR_NAME" }`, resolved here. When neither
 * alternative takes the value, parse-config.ts reports the one its type chose.
 */
function secretSchema(env: Env) {
  const literal = z.string().min(1, { error: 'must not be empty' });
  const reference = strictObject({ env: nonEmptyString }).transform((reference, context) => {
    const value = env[reference.env];
    if (value === undefined || value === '') {
      context.addIssue({ code: 'custom', path: ['env'], message: `environment variable ${reference.env} is not set` });
      return z.NEVER;
    }
    return value;
  });
  return z.union([literal, reference], {
    error: (issue) =>
      issue.input === undefined ? 'required: a string or { "env": "VAR_NAME" }' : 'must be a string or { "env": "VAR_NAME" }',
  });
}

/** Circuit breaker keys, for the gateway and per provider; absent keys take the level above's values. */
const breakerSchema = strictObject({
  failureThreshold: integer(1, 1000).optional(),
  cooldownMs: integer(10, 3_600_000).optional(),
}).optional();

type BreakerInput = z.output<typeof breakerSchema>;

function withDefaults(breaker: BreakerInput, defaults: BreakerConfig): BreakerConfig {
  return {
    failureThreshold: breaker?.failureThreshold ?? defaults.failureThreshold,
    cooldownMs: breaker?.cooldownMs ?? defaults.cooldownMs,
  };
}

const providerNamePattern = /^[a-z][a-z0-9-]{0,31}$/;

const baseUrlSchema = nonEmptyString.refine(isHttpUrl, { error: 'must be an http(s) URL' }).transform((text, context) => {
  const url = new URL(text);
  if (url.search || url.hash || url.username || url.password) {
    context.addIssue({ code: 'custom', message: 'must be an origin plus optional path prefix (no query, fragment or credentials)' });
    return z.NEVER;
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
});

const providerNameSchema = nonEmptyString.regex(providerNamePattern, { error: `must match ${providerNamePattern.source}` });
const timeoutMsSchema = integer(1, 3_600_000).default(defaultTimeoutMs);

/** The keys every provider has, in the order they are checked (`kind` has chosen the schema already). */
function commonProviderKeys(env: Env) {
  return { name: providerNameSchema, baseUrl: baseUrlSchema, apiKey: secretSchema(env), timeoutMs: timeoutMsSchema };
}

/** The keys only one kind has. */
const perKindKeys = {
  airops: { apps: stringList.optional() },
  flows: {},
  nested: {},
  'workflow-runs': { appId: nonEmptyString.optional(), workflows: stringList.optional() },
} as const satisfies Record<ProviderKind, z.core.$ZodLooseShape>;

/** One provider, by `kind`: the common keys, that kind's own, then `breaker`. */
function providerSchema(env: Env) {
  const common = commonProviderKeys(env);
  const ofKind = <Kind extends ProviderKind>(kind: Kind) => {
    const own = perKindKeys[kind];
    const allowed = ['name', 'kind', 'baseUrl', 'apiKey', 'timeoutMs', 'breaker', ...Object.keys(own)];
    return strictObject({ kind: z.literal(kind), ...common, ...own, breaker: breakerSchema }, { allowed, context: `for kind "${kind}"` });
  };
  const kinds = providerKinds.join(', ');
  return z.discriminatedUnion('kind', [ofKind('airops'), ofKind('flows'), ofKind('nested'), ofKind('workflow-runs')], {
    error: (issue) => {
      if (issue.code !== 'invalid_union') return 'must be an object';
      return (issue.input as { kind?: unknown }).kind === undefined ? `required: one of ${kinds}` : `must be one of ${kinds}`;
    },
  });
}

type ProviderInput = z.output<ReturnType<typeof providerSchema>>;

function providerConfig(provider: ProviderInput, breaker: BreakerConfig): ProviderConfig {
  return {
    name: provider.name,
    kind: provider.kind,
    baseUrl: provider.baseUrl,
    apiKey: provider.apiKey,
    timeoutMs: provider.timeoutMs,
    apps: provider.kind === 'airops' ? (provider.apps ?? []) : [],
    appId: provider.kind === 'workflow-runs' ? (provider.appId ?? 'c') : null,
    workflows: provider.kind === 'workflow-runs' ? (provider.workflows ?? null) : null,
    breaker: withDefaults(provider.breaker, breaker),
  };
}

function providersSchema(env: Env) {
  return z
    .array(providerSchema(env), { error: 'required: a list of providers' })
    .min(1, { error: 'must name at least one provider' })
    .superRefine((providers, context) => {
      const seen = new Set<string>();
      providers.forEach(({ name }, index) => {
        if (seen.has(name)) context.addIssue({ code: 'custom', path: [index, 'name'], message: `duplicate provider name "${name}"` });
        seen.add(name);
      });
    });
}

/** `PORT` from the environment wins over `port`, which is then not read at all. */
function portSchema(env: Env): z.ZodType<number> {
  const fromEnv = env.PORT;
  if (fromEnv === undefined || fromEnv === '') return integer(0, 65535).default(defaultPort);
  return z
    .unknown()
    .optional()
    .transform((_port, context) => {
      if (/^\d+$/.test(fromEnv) && Number(fromEnv) <= 65535) return Number(fromEnv);
      context.addIssue({ code: 'custom', message: 'must be an integer from 0 to 65535', params: { key: 'PORT' } satisfies KeyOverride });
      return z.NEVER;
    });
}

const pollingSchema = strictObject({
  intervalMs: integer(10, 3_600_000).default(defaultPolling.intervalMs),
  maxIntervalMs: integer(10, 86_400_000).optional(),
})
  .transform(({ intervalMs, maxIntervalMs = Math.max(intervalMs, defaultPolling.maxIntervalMs) }, context): GatewayConfig['polling'] => {
    if (maxIntervalMs < intervalMs) {
      context.addIssue({ code: 'custom', path: ['maxIntervalMs'], message: 'must be at least polling.intervalMs' });
      return z.NEVER;
    }
    return { intervalMs, maxIntervalMs };
  })
  .default(() => ({ ...defaultPolling }));

const cacheSchema = strictObject({
  finishedTtlMs: integer(0, 86_400_000).default(defaultFinishedTtlMs),
}).default(() => ({ finishedTtlMs: defaultFinishedTtlMs }));

const corsOriginsSchema = stringList
  .superRefine((origins, context) => {
    origins.forEach((origin, index) => {
      if (origin !== '*' && !isHttpUrl(origin)) context.addIssue({ code: 'custom', path: [index], message: 'must be an http(s) origin or "*"' });
    });
  })
  .transform((origins) => origins.map((origin) => origin.replace(/\/+$/, '')));

const corsSchema = strictObject({ origins: corsOriginsSchema.optional() })
  .transform(({ origins }): GatewayConfig['cors'] => ({ origins: origins ?? null }))
  .default(() => ({ origins: null }));

function metricsSchema(env: Env) {
  return strictObject({
    enabled: z.boolean({ error: 'must be true or false' }).default(true),
    bearerToken: secretSchema(env).optional(),
  })
    .transform(({ enabled, bearerToken }): GatewayConfig['metrics'] => ({ enabled, bearerToken: bearerToken ?? null }))
    .default(() => ({ enabled: true, bearerToken: null }));
}

export function isRedisUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** `redis`: the URL (literal or `{ env }`, since it may hold a password) and the prefix of every key and channel. */
function redisSchema(env: Env) {
  return strictObject({
    url: secretSchema(env).refine(isRedisUrl, { error: 'must be a redis:// or rediss:// URL' }),
    keyPrefix: z.string({ error: 'must be a string' }).max(64, { error: 'must be at most 64 characters' }).default(defaultRedisKeyPrefix),
  })
    .optional()
    .transform((redis): GatewayConfig['redis'] => redis ?? null);
}

/**
 * Everything but `auth`, which is checked last, against the provider names (authSchema). The
 * shape's order is the order keys are checked in; the message lists them as documented.
 */
export function gatewaySchema(env: Env) {
  return strictObject(
    {
      breaker: breakerSchema,
      providers: providersSchema(env),
      port: portSchema(env),
      polling: pollingSchema,
      cache: cacheSchema,
      cors: corsSchema,
      metrics: metricsSchema(env),
      redis: redisSchema(env),
      auth: z.unknown().optional(),
    },
    { allowed: ['port', 'providers', 'polling', 'cache', 'cors', 'metrics', 'redis', 'auth', 'breaker'] },
  ).transform(({ breaker, providers, port, polling, cache, cors, metrics, redis, auth }) => {
    const providerDefaults = withDefaults(breaker, defaultBreaker);
    const settings: Omit<GatewayConfig, 'auth' | 'demo'> = {
      port,
      providers: providers.map((provider) => providerConfig(provider, providerDefaults)),
      polling,
      cache,
      cors,
      metrics,
      redis,
    };
    return { ...settings, auth };
  });
}

/** `auth`: client keys, each unique, each limited to known providers (or all). Made per parse: it remembers the keys seen. */
export function authSchema(env: Env, providerNames: ReadonlySet<string>) {
  const seenKeys = new Set<string>();
  const key = secretSchema(env).superRefine((clientKey, context) => {
    if (seenKeys.has(clientKey)) context.addIssue({ code: 'custom', message: 'duplicate client key' });
    seenKeys.add(clientKey);
  });
  const providers = stringList.superRefine((names, context) => {
    names.forEach((name, index) => {
      if (!providerNames.has(name)) context.addIssue({ code: 'custom', path: [index], message: `unknown provider "${name}"` });
    });
  });
  const clientKey = strictObject({ key, providers: providers.optional() }).transform(
    (entry): ClientKeyConfig => ({ key: entry.key, providers: entry.providers ?? null }),
  );
  const required = 'required: a non-empty list of { "key": ..., "providers": [...] }';
  return strictObject({ apiKeys: z.array(clientKey, { error: required }).min(1, { error: required }) })
    .optional()
    .transform((auth): GatewayConfig['auth'] => auth ?? null);
}
