import { configuredSecrets } from '../../src/config/configured-secrets.js';
import { parseConfig } from '../../src/config/parse-config.js';
import { createGateway, type Gateway } from '../../src/gateway.js';
import { createLogger } from '../../src/log/logger.js';
import type { Provider } from '../../src/providers/provider.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { startTracing } from '../../src/tracing/start-tracing.js';
import { postGraphql, type GraphqlResponse } from './graphql-http.js';
import { registerCapturedGateway } from './secret-registry.js';

export interface GatewayHarness {
  url: string;
  origin: string;
  gateway: Gateway;
  server: RunningServer;
  /** Every log line the gateway wrote. */
  logs: string[];
  /** Every response body text this harness received, for secret checks. */
  responses: string[];
  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphqlResponse<T>>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  /** OTEL_* variables for tracing (default: none, no tracing). */
  tracingEnv?: Record<string, string>;
  /** Providers added beside the configured ones (test doubles). */
  extraProviders?: (gatewayLogger: ReturnType<typeof createLogger>) => Provider[];
}

/**
 * The production gateway, configured from a GATEWAY_CONFIG-shaped document through the real
 * validation, listening on a free loopback port, with its log lines captured.
 */
export async function startGatewayHarness(document: Record<string, unknown>, options: HarnessOptions = {}): Promise<GatewayHarness> {
  const config = parseConfig({ port: 0, ...document }, options.env ?? {});
  const logs: string[] = [];
  const secrets = configuredSecrets(config);
  const logger = createLogger({ level: 'debug', secrets, sink: (line) => logs.push(line) });
  const extraProviders = options.extraProviders?.(logger);
  const tracing = await startTracing(options.tracingEnv ?? {});
  const gateway = createGateway(config, { logger, tracing, ...(extraProviders ? { extraProviders } : {}) });
  const server = await startServer(gateway, { port: 0, host: '127.0.0.1' });
  const url = `${server.origin}/graphql`;
  const responses: string[] = [];
  registerCapturedGateway({ secrets, logs, responses });
  return {
    url,
    origin: server.origin,
    gateway,
    server,
    logs,
    responses,
    async graphql(query, variables, headers) {
      const response = await postGraphql(url, query, variables, headers);
      responses.push(response.text);
      return response as never;
    },
    async close() {
      await server.close();
      await gateway.close();
    },
  };
}

/** Runs `action` while moving `advance` forward in small steps until it settles (no wall-clock assertions). */
export async function whileAdvancing<T>(action: Promise<T>, advance: () => void, stepMs = 15): Promise<T> {
  let settled = false;
  const guarded = action.finally(() => {
    settled = true;
  });
  while (!settled) {
    advance();
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
  return guarded;
}
