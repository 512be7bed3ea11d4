import { randomBytes } from 'node:crypto';
import { ConfigError } from '../config/config-error.js';
import {
  defaultBreaker,
  defaultFinishedTtlMs,
  defaultPolling,
  defaultPort,
  defaultTimeoutMs,
  type GatewayConfig,
  type ProviderConfig,
} from '../config/gateway-config.js';
import { createAiropsSimulator } from '../simulators/airops/index.js';
import { createFlowsSimulator } from '../simulators/flows/index.js';
import { systemClock } from '../simulators/kit/index.js';
import { createNestedSimulator } from '../simulators/nested/index.js';
import { createWorkflowRunsSimulator } from '../simulators/workflow-runs/index.js';

export interface RunningDemo {
  config: GatewayConfig;
  close(): Promise<void>;
}

export interface DemoOptions {
  env: Readonly<Record<string, string | undefined>>;
  /** How often a new execution starts somewhere (ms). */
  newRunEveryMs?: number;
}

/** One simulated upstream of the demo: where it listens, how to reach it, how to keep it busy. */
interface DemoUpstream {
  provider: ProviderConfig;
  startRun(): void;
  close(): Promise<void>;
}

/**
 * Demo mode is a config, not a code path: it starts the simulators in-process on free
 * loopback ports, on the real clock, seeds them, keeps new runs starting, and hands back a
 * config pointing at them. The gateway that serves it is exactly the production one.
 */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const upstreams = await Promise.all([startAirOps(), startFlows(), startNested(), startWorkflowRuns()]);
  let turn = 0;
  const timer = setInterval(() => {
    upstreams[turn % upstreams.length]!.startRun();
    turn += 1;
  }, options.newRunEveryMs ?? 2000);
  timer.unref();

  return {
    config: {
      port: demoPort(options.env),
      providers: upstreams.map((upstream) => upstream.provider),
      polling: { ...defaultPolling },
      cache: { finishedTtlMs: defaultFinishedTtlMs },
      cors: { origins: ['*'] },
      auth: null,
      demo: true,
    },
    close: async () => {
      clearInterval(timer);
      await Promise.all(upstreams.map((upstream) => upstream.close()));
    },
  };
}

function providerConfig(name: string, kind: ProviderConfig['kind'], baseUrl: string, apiKey: string, extra: Partial<ProviderConfig> = {}): ProviderConfig {
  return {
    name,
    kind,
    baseUrl,
    apiKey,
    timeoutMs: defaultTimeoutMs,
    apps: [],
    appId: null,
    workflows: null,
    breaker: { ...defaultBreaker },
    ...extra,
  };
}

/** A fresh key per process: demo upstreams accept nothing a stranger could know in advance. */
function demoKey(prefix = 'demo-'): string {
  return `${prefix}${randomBytes(12).toString('hex')}`;
}

async function startAirOps(): Promise<DemoUpstream> {
  const key = demoKey();
  const simulator = createAiropsSimulator({ clock: systemClock, apiKeys: [key], seed: 7 });
  await simulator.listen(0);
  const seeded = simulator.seedDemo();
  return {
    provider: providerConfig('airops', 'airops', simulator.url, key, { apps: seeded.apps.map((app) => app.uuid) }),
    startRun: () => void simulator.startDemoRun(),
    close: () => simulator.close(),
  };
}

async function startFlows(): Promise<DemoUpstream> {
  const key = demoKey('fm_demo_');
  const simulator = createFlowsSimulator({ clock: systemClock, apiKeys: [key] });
  await simulator.listen(0);
  simulator.seedDemo();
  return {
    provider: providerConfig('flows', 'flows', simulator.url, key),
    startRun: () => void simulator.startDemoRun(),
    close: () => simulator.close(),
  };
}

async function startNested(): Promise<DemoUpstream> {
  const key = demoKey();
  const simulator = createNestedSimulator({ clock: systemClock, apiKey: key });
  await simulator.listen(0);
  simulator.seedDemo();
  return {
    provider: providerConfig('nested', 'nested', simulator.url, key),
    startRun: () => void simulator.startDemoRun(),
    close: () => simulator.close(),
  };
}

async function startWorkflowRuns(): Promise<DemoUpstream> {
  const key = demoKey();
  const simulator = createWorkflowRunsSimulator({ clock: systemClock, apiKey: key });
  await simulator.listen(0);
  const seeded = simulator.seedDemo();
  return {
    provider: providerConfig('runs', 'workflow-runs', simulator.url, key, { appId: seeded.appId, workflows: seeded.workflowIds }),
    startRun: () => void simulator.startDemoRun(),
    close: () => simulator.close(),
  };
}

function demoPort(env: DemoOptions['env']): number {
  const value = env.PORT;
  if (value === undefined || value === '') return defaultPort;
  if (!/^\d+$/.test(value) || Number(value) > 65535) throw new ConfigError('PORT', 'must be an integer from 0 to 65535');
  return Number(value);
}
