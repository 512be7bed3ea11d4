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

/** The password (and a user name beside it) as written in the URL and decoded. */
function redisUrlSecrets(text: string): string[] {
  const url = new URL(text);
  const secrets = new Set<string>();
  for (const part of [url.password]) {
    if (part === '') continue;
    secrets.add(part);
    secrets.add(decodeURIComponent(part));
  }
  return [...secrets];
}
