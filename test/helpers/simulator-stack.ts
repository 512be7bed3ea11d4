import { ManualClock } from '../../src/simulators/kit/index.js';
import { startGatewayHarness, type GatewayHarness, type HarnessOptions } from './gateway-harness.js';

/** What a stack needs of a simulator: it listens on a loopback port and closes. */
export interface UpstreamSimulator {
  readonly url: string;
  listen(): Promise<unknown>;
  close(): Promise<void>;
}

/** A server between the gateway and the simulator (a recording proxy, say). */
export interface UpstreamFront {
  url: string;
  close(): Promise<void>;
}

export interface SimulatorStack<Simulator> {
  simulator: Simulator;
  clock: ManualClock;
  gateway: GatewayHarness;
  close(): Promise<void>;
}

/** What a test may change of a kind's stack. */
export interface SimulatorStackOptions<SimulatorOptions> {
  /** Merged over the kind's simulator options. */
  simulator?: Partial<SimulatorOptions>;
  /** Merged over the kind's provider entry. */
  provider?: Record<string, unknown>;
  /** Merged over the gateway's configuration document (`providers`, `polling` ...). */
  config?: Record<string, unknown>;
  harness?: HarnessOptions;
}

export interface SimulatorStackSetup<Simulator> {
  /** The simulator, on the stack's manual clock; the stack makes it listen. */
  simulator(clock: ManualClock): Simulator;
  /**
   * The gateway's provider entries, asked for once the simulator listens (so a kind may seed it
   * first: listing configuration names apps that must exist). Each entry gets the simulator's URL,
   * or the front's, as `baseUrl` unless it names its own.
   */
  providers(simulator: Simulator): Record<string, unknown>[];
  /** The gateway's live polling; tests keep it fast. Default 20 ms, backing off to 200 ms. */
  polling?: { intervalMs: number; maxIntervalMs: number };
  /** A front for the simulator's URL that the gateway talks to instead; it closes after the gateway. */
  front?(simulatorUrl: string): Promise<UpstreamFront>;
}

/** The gateway's live polling in stacks: fast, so that tests on a manual clock see changes soon. */
export const testPolling = { intervalMs: 20, maxIntervalMs: 200 };

/**
 * One simulator on a manual clock and the production gateway configured for it: the stack every
 * per-kind helper (airops-stack.ts, flows-stack.ts ...) builds with its own fixture choices.
 * Closing closes the gateway first, so that it makes no call to an upstream that is gone.
 */
export async function startSimulatorStack<Simulator extends UpstreamSimulator>(
  setup: SimulatorStackSetup<Simulator>,
  options: Pick<SimulatorStackOptions<unknown>, 'config' | 'harness'> = {},
): Promise<SimulatorStack<Simulator>> {
  const clock = new ManualClock();
  const simulator = setup.simulator(clock);
  await simulator.listen();
  return attachGateway(simulator, clock, setup, options);
}

/**
 * The gateway half of a stack, for a simulator that already listens on `clock` (a conformance
 * driver seeds its simulator first): the one place where a stack's gateway is configured,
 * started, and closed before the simulator.
 */
export async function attachGateway<Simulator extends UpstreamSimulator>(
  simulator: Simulator,
  clock: ManualClock,
  setup: Omit<SimulatorStackSetup<Simulator>, 'simulator'>,
  options: Pick<SimulatorStackOptions<unknown>, 'config' | 'harness'> = {},
): Promise<SimulatorStack<Simulator>> {
  const front = setup.front ? await setup.front(simulator.url) : null;
  const baseUrl = front?.url ?? simulator.url;
  const gateway = await startGatewayHarness(
    { providers: setup.providers(simulator).map((provider) => ({ baseUrl, ...provider })), polling: setup.polling ?? testPolling, ...options.config },
    options.harness,
  );
  return {
    simulator,
    clock,
    gateway,
    close: async () => {
      await gateway.close();
      await front?.close();
      await simulator.close();
    },
  };
}
