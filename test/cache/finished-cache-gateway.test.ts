import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { executionGlobalId } from '../../src/model/global-id.js';
import type { AiropsApp } from '../../src/simulators/airops/index.js';
import { startAirOpsListing, type AirOpsListingStack } from '../helpers/airops-listing-stack.js';

const ttlMs = 400;
const getRoute = '/public_api/airops_apps/executions/:execution_uuid';
let stack: AirOpsListingStack;
let app: AiropsApp;

beforeAll(async () => {
  stack = await startAirOpsListing({
    seed: (simulator) => {
      app = simulator.addApp({ name: 'cache' });
      return [{ name: 'airops', apps: [app.uuid] }];
    },
    config: { cache: { finishedTtlMs: ttlMs } },
  });
});

afterAll(() => stack.close());

beforeEach(() => stack.simulator.server.counters.reset());

/** A new execution, newer than every earlier one (so it heads a list page). */
function added(seed: { status: string }) {
  stack.clock.advance(1000);
  return stack.simulator.addExecution({ app: app.id, ...seed });
}

const reads = () => stack.simulator.server.counters.count('GET', getRoute);
const pastTheTtl = () => new Promise((resolve) => setTimeout(resolve, ttlMs + 50));

async function statusOf(uuid: string): Promise<string | null> {
  const response = await stack.gateway.graphql<{ execution: { status: string } | null }>(`query ($id: ID!) { execution(id: $id) { status } }`, {
    id: executionGlobalId('airops', uuid),
  });
  expect(response.body.errors).toBeUndefined();
  return response.body.data!.execution?.status ?? null;
}

describe('finished executions', () => {
  it('serve a finished run twice within the TTL with one upstream call', async () => {
    const { uuid } = added({ status: 'success' });
    expect(await statusOf(uuid)).toBe('SUCCEEDED');
    expect(await statusOf(uuid)).toBe('SUCCEEDED');
    expect(reads()).toBe(1);
  });

  it('serve the detail view after a list page without another call', async () => {
    const { uuid } = added({ status: 'error' });
    const page = await stack.gateway.graphql(`{ executions(first: 5) { edges { node { id } } } }`);
    expect(page.body.errors).toBeUndefined();
    expect(await statusOf(uuid)).toBe('FAILED');
    expect(reads()).toBe(0);
  });

  it('never keep a run that is still going', async () => {
    const { uuid } = added({ status: 'running' });
    await statusOf(uuid);
    await statusOf(uuid);
    expect(reads()).toBe(2);
  });

  it('reflect an upstream change after the TTL (a retry made straight at the upstream)', async () => {
    const { uuid } = added({ status: 'error' });
    expect(await statusOf(uuid)).toBe('FAILED');
    stack.simulator.forceStatus(uuid, 'running');
    await pastTheTtl();
    expect(await statusOf(uuid)).toBe('RUNNING');
    expect(reads()).toBe(2);
  });

  it('are forgotten at once when runql itself changes them', async () => {
    const { uuid } = added({ status: 'error' });
    expect(await statusOf(uuid)).toBe('FAILED');
    const retried = await stack.gateway.graphql(`mutation ($id: ID!) { retryExecution(id: $id) { status } }`, { id: executionGlobalId('airops', uuid) });
    expect(retried.body.errors).toBeUndefined();
    // Well within the TTL: the cached FAILED must not come back.
    expect(await statusOf(uuid)).not.toBe('FAILED');
  });

  it('are served from memory for at most the TTL when the change happened elsewhere', async () => {
    const { uuid } = added({ status: 'success' });
    expect(await statusOf(uuid)).toBe('SUCCEEDED');
    stack.simulator.forceStatus(uuid, 'running');
    // Documented staleness: within the TTL a change made behind runql's back is not seen yet.
    expect(await statusOf(uuid)).toBe('SUCCEEDED');
    await pastTheTtl();
    expect(await statusOf(uuid)).toBe('RUNNING');
  });
});
