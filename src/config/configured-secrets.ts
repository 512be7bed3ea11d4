import type { GatewayConfig } from './gateway-config.js';

/** Every secret a config holds (upstream keys, client keys, the metrics token): what no output may contain. */
export function configuredSecrets(config: GatewayConfig): string[] {
  return [
    ...config.providers.map((provider) => provider.apiKey),
    ...(config.auth?.apiKeys.map((entry) => entry.key) ?? []),
    ...(config.metrics.bearerToken === null ? [] : [config.metrics.bearerToken]),
  ];
}
