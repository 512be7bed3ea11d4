import type { GatewayConfig } from './gateway-config.js';

/** Every secret a config holds (upstream keys, client keys, the metrics token, the Redis password): what no output may contain. */
export function configuredSecrets(config: GatewayConfig): string[] {
  return [
    ...config.providers.map((provider) => provider.apiKey),
    ...(config.auth?.apiKeys.map((entry) => entry.key) ?? []),
    ...(config.metrics.bearerToken === null ? [] : [config.metrics.bearerToken]),
    ...(config.redis === null ? [] : redisUrlSecrets(config.redis.url)),
  ];
}

/**
 * The password as written in the URL and decoded (a malformed escape stays as written), in its
 * user-info or as a `password` query parameter (ioredis takes connection options from the query too).
 */
function redisUrlSecrets(text: string): string[] {
  const url = new URL(text);
  const secrets = new Set<string>();
  const rawQueryPasswords = [...url.search.slice(1).split('&')].filter((pair) => pair.startsWith('password=')).map((pair) => pair.slice('password='.length));
  for (const part of [url.password, ...rawQueryPasswords, ...url.searchParams.getAll('password')]) {
    if (part === '') continue;
    secrets.add(part);
    try {
      secrets.add(decodeURIComponent(part));
    } catch {
      // Written as is: the raw form above is what reaches any output.
    }
  }
  return [...secrets];
}
