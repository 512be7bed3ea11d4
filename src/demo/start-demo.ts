import { randomBytes } from 'node:crypto';
import type { GatewayConfig, ProviderConfig } from '../config/gateway-config.js';
import { defaultBreaker, defaultFinishedTtlMs, defaultPolling, defaultPort, defaultTimeoutMs } from '../config/gateway-config.js';
import { ConfigError } from '../config/config-error.js';
import { createAiropsSimulator } from '../simulators/airops/index.js';
import { systemClock } from '../simulators/kit/index.js';

export interface RunningDemo {
  config: GatewayConfig;
  close(): Promise<void>;
}

export interface DemoOptions {
  env: Readonly<Record<string, string | undefined>>;
  /** How often a new execution starts somewhere (ms). */
  newRunEveryMs?: number;
}

/**
 * Demo mode is a config, not a code path: it starts the simulators in-process on free
 * loopback ports, on the real clock, seeds them, keeps new runs starting, and hands back a
 * config pointing at them. The gateway that serves it is exactly the production one.
 */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const newRunEveryMs = options.newRunEveryMs ?? 3000;
  const airopsKey = `demo-${randomBytes(12).toString('hex')}`;
  const airops = createAiropsSimulator({ clock: systemClock, apiKeys: [airopsKey], seed: 7 });
  await airops.listen(0);
  const seeded = airops.seedDemo();

  const providers: ProviderConfig[] = [
    {
      name: 'airops',
      kind: 'airops',
      baseUrl: airops.url,
      apiKey: airopsKey,
      timeoutMs: defaultTimeoutMs,
      apps: seeded.apps.map((app) => app.uuid),
      appId: null,
      workflows: null,
      breaker: { ...defaultBreaker },
    },
  ];

  const starters = [() => airops.startDemoRun()];
  let turn = 0;
  const timer = setInterval(() => {
    starters[turn % starters.length]!();
    turn += 1;
  }, newRunEveryMs);
  timer.unref();

  return {
    config: {
      port: demoPort(options.env),
      providers,
      polling: { ...defaultPolling },
      cache: { finishedTtlMs: defaultFinishedTtlMs },
      cors: { origins: ['*'] },
      auth: null,
      demo: true,
    },
    close: async () => {
      clearInterval(timer);
      await airops.close();
    },
  };
}

function demoPort(env: DemoOptions['env']): number {
  const value = env.PORT;
  if (value === undefined || value === '') return defaultPort;
  if (!/^\d+$/.test(value) || Number(value) > 65535) throw new ConfigError('PORT', 'must be an integer from 0 to 65535');
  return Number(value);
}
