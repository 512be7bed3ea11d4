import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAiropsSimulator, type AiropsSimulator } from '../../src/simulators/airops/index.js';
import { ManualClock } from '../../src/simulators/kit/index.js';
import { startGatewayHarness, type GatewayHarness } from '../helpers/gateway-harness.js';

const key = 'breaker-upstream-key-31';
let down: AiropsSimulator;
let up: AiropsSimulator;
let harness: GatewayHarness;
const uuids: Record<string, string> = {};

beforeAll(async () => {
  [down, up] = [createAiropsSimulator({ clock: new ManualClock(), apiKeys: [key] }), createAiropsSimulator({ clock: new ManualClock(), apiKeys: [key] })];
  for (const [name, simulator] of [['down', down], ['up', up]] as const) {
    await simulator.listen();
    const app = simulator.addApp({ name });
    uuids[name] = simulator.addExecution({ app: app.id, status: 'running' }).uuid;
  }
  harness = await startGatewayHarness({
    providers: [
      { name: 'down', kind: 'airops', baseUrl: down.url, apiKey: key, timeoutMs: 300 },
      { name: 'up', kind: 'airops', baseUrl: up.url, apiKey: key, timeoutMs: 300 },
    ],
    breaker: { failureThreshold: 3, cooldownMs: 400 },
  });
});

afterAll(async () => {
  await harness.close();
  await Promise.all([down.close(), up.close()]);
});

const read = (provider: 'down' | 'up') =>
  harness.graphql<{ executionByNativeId: { status: string } | null }>(
    `query ($provider: String!, $uuid: String!) { executionByNativeId(provider: $provider, nativeId: $uuid) { status } }`,
    { provider, uuid: uuids[provider] },
  );

const circuit = async (provider: string) => {
  const response = await harness.graphql<{ providers: { name: string; circuit: { state: string; consecutiveFailures: number } }[] }>(
    `{ providers { name circuit { state consecutiveFailures openedAt } } }`,
  );
  return response.body.data!.providers.find((entry) => entry.name === provider)!.circuit;
};

async function until(condition: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('condition not reached');
}

describe('circuit breaker', () => {
  it('opens after consecutive failed operations, fails fast, keeps other providers serving, and recovers', async () => {
    down.server.faults.inject({ kind: 'status', status: 503 }, { times: 1000 });
    for (let attempt = 0; attempt < 3; attempt++) {
      expect((await read('down')).body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    }
    expect(await circuit('down')).toMatchObject({ state: 'OPEN', consecutiveFailures: 3 });

    const sent = down.server.counters.total();
    const fast = await read('down');
    expect(fast.body.errors?.[0]?.extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', provider: 'down' });
    expect(fast.body.errors?.[0]?.message).toMatch(/circuit open/);
    expect(down.server.counters.total()).toBe(sent);

    expect((await read('up')).body).toEqual({ data: { executionByNativeId: { status: 'RUNNING' } } });
    expect(await circuit('up')).toMatchObject({ state: 'CLOSED', consecutiveFailures: 0 });

    // A probe that fails opens the circuit again.
    await until(async () => (await circuit('down')).state === 'HALF_OPEN');
    expect((await read('down')).body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(await circuit('down')).toMatchObject({ state: 'OPEN' });

    // A probe that succeeds closes it.
    down.server.faults.clear();
    await until(async () => (await circuit('down')).state === 'HALF_OPEN');
    expect((await read('down')).body).toEqual({ data: { executionByNativeId: { status: 'RUNNING' } } });
    expect(await circuit('down')).toMatchObject({ state: 'CLOSED', consecutiveFailures: 0 });
  });

  it('does not count answers about the request (404, 400) as failures', async () => {
    down.server.faults.inject({ kind: 'status', status: 404 }, { times: 10 });
    for (let attempt = 0; attempt < 5; attempt++) expect((await read('down')).body.data).toEqual({ executionByNativeId: null });
    expect(await circuit('down')).toMatchObject({ state: 'CLOSED', consecutiveFailures: 0 });
    down.server.faults.clear();
  });
});
