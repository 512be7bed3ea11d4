import { ConfigError } from './config/config-error.js';
import { configuredSecrets } from './config/configured-secrets.js';
import type { GatewayConfig } from './config/gateway-config.js';
import { loadConfig } from './config/load-config.js';
import { startDemo, type RunningDemo } from './demo/start-demo.js';
import { createGateway } from './gateway.js';
import { createLogger } from './log/logger.js';
import { graphqlPath, startServer } from './server.js';
import { startTracing } from './tracing/start-tracing.js';

/**
 * Process entry: GATEWAY_CONFIG → validated config (or demo mode without it) → gateway →
 * HTTP + WebSocket server. A bad config exits non-zero with one line naming the key.
 */
async function main(): Promise<void> {
  let demo: RunningDemo | null = null;
  let config: GatewayConfig;
  try {
    const loaded = loadConfig(process.env);
    if (loaded === null) demo = await startDemo({ env: process.env });
    config = loaded ?? demo!.config;
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`runql: invalid config: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }

  const logger = createLogger({ secrets: configuredSecrets(config), level: process.env.LOG_LEVEL === 'debug' ? 'debug' : 'info' });

  let gateway;
  try {
    const tracing = await startTracing(process.env);
    gateway = createGateway(config, { logger, tracing });
  } catch (error) {
    process.stderr.write(`runql: cannot start: ${(error as Error).message}\n`);
    process.exit(2);
  }
  const server = await startServer(gateway, { port: config.port, ...(process.env.HOST ? { host: process.env.HOST } : {}) });
  const url = `http://localhost:${server.port}${graphqlPath}`;

  // Before the ready lines: whoever reads them may signal at once.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal} received: shutting down`);
    // Within 10 s in all: 8 s for requests in flight, the rest for pools and simulators.
    const forced = setTimeout(() => process.exit(1), 10_000);
    forced.unref();
    await server.close(8000);
    await gateway.close();
    await demo?.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  logger.info(`runql listening in ${config.demo ? 'demo mode (in-process simulators)' : 'configured mode'}`, { url });
  logger.info(`GraphiQL: ${url}`);
  logger.info(`the board: ${server.origin}/board`);
  for (const provider of config.providers) {
    logger.info(`provider ${provider.name}`, { kind: provider.kind, upstream: config.demo ? `simulator at ${provider.baseUrl}` : provider.baseUrl });
  }
  if (config.auth === null) logger.warn('no auth configured: any client may call this gateway (set auth.apiKeys to require keys)');
}

await main();
