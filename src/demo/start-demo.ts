import type { GatewayConfig } from '../config/gateway-config.js';
import { parseConfig } from '../config/parse-config.js';
import { startSimulatedUpstreams } from '../simulators/simulated-upstreams.js';

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
 * Demo mode is a config, not a code path: the four simulators start in-process on free
 * loopback ports and the real clock, seeded, with new runs starting every few seconds; the
 * config pointing at them goes through the same validation as a GATEWAY_CONFIG file, and the
 * gateway that serves it is exactly the production one.
 */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const upstreams = await startSimulatedUpstreams();
  const timer = setInterval(() => upstreams.startRun(), options.newRunEveryMs ?? 2000);
  timer.unref();
  try {
    const config = parseConfig({ providers: upstreams.providers, cors: { origins: ['*'] } }, options.env);
    return {
      config: { ...config, demo: true },
      close: async () => {
        clearInterval(timer);
        await upstreams.close();
      },
    };
  } catch (error) {
    clearInterval(timer);
    await upstreams.close();
    throw error;
  }
}
