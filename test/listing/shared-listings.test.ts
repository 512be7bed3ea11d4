import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AiropsApp } from '../../src/simulators/airops/index.js';
import { startAirOpsListing, type AirOpsListingStack } from '../helpers/airops-listing-stack.js';

const listRoute = '/public_api/airops_apps/:airops_app_id/executions';
let stack: AirOpsListingStack;
let apps: AiropsApp[];

beforeAll(async () => {
  stack = await startAirOpsListing({
    seed: (simulator) => {
      apps = [simulator.addApp({ name: 'shared-a' }), simulator.addApp({ name: 'shared-b' })];
      for (let index = 0; index < 30; index++) simulator.addExecution({ app: apps[index % 2]!.id, createdAt: Date.parse('2026-01-15T10:00:00Z') - index * 1000, status: 'running' });
      return [{ name: 'airops', apps: apps.map((app) => String(app.id)) }];
    },
  });
});

afterAll(() => stack.close());

beforeEach(() => {
  stack.simulator.server.counters.reset();
  stack.simulator.server.faults.clear();
});

const page = (first: number) =>
  stack.gateway.graphql<{ executions: { edges: { node: { id: string } }[] } }>(`query ($first: Int) { executions(first: $first) { edges { node { id status } } } }`, { first });

describe('identical executions requests in flight at once', () => {
  it('share one merge, and each gets the whole page', async () => {
    // The upstream answers slowly, so the requests overlap.
    stack.simulator.server.faults.inject({ kind: 'delay', ms: 150 }, { path: /\/executions$/, times: 10 });
    const answers = await Promise.all([page(10), page(10), page(10), page(10), page(5)]);
    for (const answer of answers.slice(0, 4)) expect(answer.body.data!.executions.edges).toHaveLength(10);
    expect(answers[4]!.body.data!.executions.edges).toHaveLength(5);
    expect(new Set(answers.slice(0, 4).map((answer) => JSON.stringify(answer.body)))).toHaveProperty('size', 1);
    // One merge for first: 10 (one call per app) and one for first: 5.
    expect(stack.simulator.server.counters.count('GET', listRoute)).toBe(4);
  });

  it('do not share once the first has answered', async () => {
    await page(10);
    await page(10);
    expect(stack.simulator.server.counters.count('GET', listRoute)).toBe(4);
  });
});
