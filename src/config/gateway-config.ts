import type { ProviderKind } from '../model/provider-kind.js';

/** One configured upstream. Secrets are already resolved (see config-schema.ts). */
export interface ProviderConfig {
  name: string;
  kind: ProviderKind;
  /** Origin plus any proxy prefix, without a trailing slash. */
  baseUrl: string;
  apiKey: string;
  /** Bound on one upstream call; a client operation's retries stop at about 3× this. */
  timeoutMs: number;
  /** AirOps: apps listed by `executions` (uuid or numeric id). */
  apps: string[];
  /** Workflow runs: the app in every path. */
  appId: string | null;
  /** Workflow runs: workflows to list; null means discover them. */
  workflows: string[] | null;
  /** Circuit breaker: consecutive failed operations that open it, and its cool-down. */
  breaker: BreakerConfig;
}

export interface BreakerConfig {
  failureThreshold: number;
  cooldownMs: number;
}

export interface MetricsConfig {
  enabled: boolean;
  /** Resolved secret; null: scraping needs no key. */
  bearerToken: string | null;
}

export interface ClientKeyConfig {
  key: string;
  /** Provider names this key may see; null means all. */
  providers: string[] | null;
}

export interface RedisConfig {
  /** `redis://` or `rediss://`, resolved; its password is a secret. */
  url: string;
  /** Prefixes every key and channel. */
  keyPrefix: string;
}

export interface GatewayConfig {
  port: number;
  providers: ProviderConfig[];
  polling: { intervalMs: number; maxIntervalMs: number };
  cache: { finishedTtlMs: number };
  /** `origins: null` means same origin only; `['*']` any origin (demo mode). */
  cors: { origins: string[] | null };
  /** null: no client authentication. */
  auth: { apiKeys: ClientKeyConfig[] } | null;
  /** `GET /metrics`: off means no metrics work at all; a bearer token, when set, is required to scrape. */
  metrics: MetricsConfig;
  /** Several replicas on one Redis; null: one process keeps everything in memory. */
  redis: RedisConfig | null;
  /** True when the gateway serves in-process simulators (no GATEWAY_CONFIG). */
  demo: boolean;
}

export const defaultPort = 4000;
export const defaultTimeoutMs = 10_000;
export const defaultPolling = { intervalMs: 1000, maxIntervalMs: 15_000 } as const;
export const defaultFinishedTtlMs = 2000;
export const defaultBreaker: BreakerConfig = { failureThreshold: 5, cooldownMs: 1000 };
export const defaultRedisKeyPrefix = 'runql:';
