import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executionGlobalId } from '../../src/model/global-id.js';
import { parseTimestamp } from '../../src/model/timestamp.js';
import type { AiropsApp, AiropsSimulator } from '../../src/simulators/airops/index.js';
import { startAirOpsListing, type AirOpsListingStack } from '../helpers/airops-listing-stack.js';

const base = Date.parse('2026-01-15T11:00:00.000Z');
const statuses = ['success', 'error', 'running', 'success', 'cancelled'];
const clientKey = 'listing-client-key-only-airops';

let stack: AirOpsListingStack;
let apps: AiropsApp[];
let unlisted: AiropsApp;

const connection = `edges { cursor node { id nativeId status createdAt provider { name } ... on AirOpsExecution { appId } } } pageInfo { hasNextPage endCursor upstreamPageLimitReached }`;
const listQuery = `query ($filter: ExecutionFilter, $first: Int, $after: String) { executions(filter: $filter, first: $first, after: $after) { ${connection} } }`;

interface Edge {
  cursor: string;
  node: { id: string; nativeId: string; status: string; createdAt: string; provider: { name: string } };
}
interface Connection {
  edges: Edge[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null; upstreamPageLimitReached: boolean };
}

beforeAll(async () => {
  stack = await startAirOpsListing({
    seed: (simulator) => {
      apps = [simulator.addApp({ name: 'by-uuid' }), simulator.addApp({ name: 'by-number' }), simulator.addApp({ name: 'by-upper-uuid' })];
      unlisted = simulator.addApp({ name: 'not-configured' });
      for (let index = 0; index < 45; index++) {
        // Two or three executions per second across apps, at second precision: ties everywhere.
        simulator.addExecution({
          app: [...apps, unlisted][index % 4]!.id,
          createdAt: base - Math.floor(index / 3) * 1000,
          timestampStyle: { offset: index % 2 === 0 ? 'Z' : '+05:30', fractionDigits: 0 },
          status: statuses[index % statuses.length]!,
        });
      }
      return [
        { name: 'airops', apps: [apps[0]!.uuid, String(apps[1]!.id), apps[2]!.uuid.toUpperCase()] },
        // The same upstream with a key it refuses: every call fails.
        { name: 'broken', apps: [apps[0]!.uuid], apiKey: 'a-key-the-upstream-refuses' },
      ];
    },
    config: { auth: { apiKeys: [{ key: 'listing-client-key-all' }, { key: clientKey, providers: ['airops'] }] } },
  });
});

afterAll(() => stack.close());

const allKeys = { authorization: 'Bearer listing-client-key-all' };
const onlyAirOps = { authorization: `Bearer ${clientKey}` };

async function executions(variables: Record<string, unknown>, headers = onlyAirOps) {
  const response = await stack.gateway.graphql<{ executions: Connection }>(listQuery, variables, headers);
  return response;
}

/** Every execution of the configured apps, in the contract's order: createdAt newest first, then id. */
function expected(simulator: AiropsSimulator, keep: (uuid: string) => boolean = () => true): string[] {
  return apps
    .flatMap((app) => simulator.executionUuids(app.id))
    .filter(keep)
    .map((uuid) => ({ id: executionGlobalId('airops', uuid), createdAt: Date.parse(parseTimestamp(simulator.wireExecution(uuid)!.createdAt)!) }))
    .sort((left, right) => right.createdAt - left.createdAt || (left.id < right.id ? -1 : left.id > right.id ? 1 : 0))
    .map((entry) => entry.id);
}

async function walk(variables: Record<string, unknown>, between?: () => void): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (let requests = 0; requests < 100; requests++) {
    const response = await executions({ ...variables, after });
    expect(response.body.errors).toBeUndefined();
    const page = response.body.data!.executions;
    ids.push(...page.edges.map((edge) => edge.node.id));
    if (!page.pageInfo.hasNextPage) return ids;
    after = page.pageInfo.endCursor;
    between?.();
  }
  throw new Error('the walk did not end');
}

describe('executions over several AirOps apps', () => {
  it('pages with first: 7 through every execution of the configured apps exactly once, in order, while executions are added', async () => {
    const before = expected(stack.simulator);
    let round = 0;
    const ids = await walk({ first: 7 }, () => {
      round += 1;
      // New runs arrive at the top, each tying with the previous one on createdAt: they belong before the cursor.
      stack.clock.advance(round % 2 === 0 ? 1000 : 0);
      stack.simulator.addExecution({ app: apps[round % 3]!.id, status: 'running' });
    });
    expect(round).toBeGreaterThanOrEqual(4);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(before);
  });

  it('resumes from any edge cursor, not only endCursor', async () => {
    const first = (await executions({ first: 10 })).body.data!.executions;
    const fromThird = (await executions({ first: 5, after: first.edges[2]!.cursor })).body.data!.executions;
    expect(fromThird.edges.map((edge) => edge.node.id)).toEqual(first.edges.slice(3, 8).map((edge) => edge.node.id));
  });

  it('filters by status in the gateway (AirOps has no status filter)', async () => {
    const ids = await walk({ first: 4, filter: { status: ['FAILED', 'CANCELLED'] } });
    expect(ids).toEqual(expected(stack.simulator, (uuid) => ['error', 'cancelled'].includes(stack.simulator.statusOf(uuid))));
    expect(ids.length).toBeGreaterThan(4);
  });

  it('filters by target, naming apps by uuid in any case or by numeric id', async () => {
    const inApp = (app: AiropsApp) => (uuid: string) => stack.simulator.appOfExecution(uuid).id === app.id;
    expect(await walk({ first: 6, filter: { targetIds: [apps[0]!.uuid.toUpperCase()] } })).toEqual(expected(stack.simulator, inApp(apps[0]!)));
    expect(await walk({ first: 6, filter: { targetIds: [String(apps[2]!.id)] } })).toEqual(expected(stack.simulator, inApp(apps[2]!)));
    expect(await walk({ first: 6, filter: { targetIds: [unlisted.uuid] } })).toEqual([]);
  });

  it('combines provider, status and target filters', async () => {
    const ids = await walk({ first: 3, filter: { providers: ['airops'], status: ['SUCCEEDED'], targetIds: [apps[1]!.uuid, apps[2]!.uuid] } });
    const wanted = (uuid: string) => stack.simulator.appOfExecution(uuid).id !== apps[0]!.id && stack.simulator.statusOf(uuid) === 'success';
    expect(ids).toEqual(expected(stack.simulator, wanted));
    expect(ids.length).toBeGreaterThan(3);
  });

  it('reads each app once for a first page, and the app directory at most once', async () => {
    stack.simulator.server.counters.reset();
    const page = (await executions({ first: 7 })).body.data!.executions;
    expect(page.edges).toHaveLength(7);
    expect(stack.simulator.server.counters.count('GET', '/public_api/airops_apps/:airops_app_id/executions')).toBe(3);
    expect(stack.simulator.server.counters.count('GET', '/public_api/airops_apps')).toBeLessThanOrEqual(1);
  });
});

describe('executions with a failing provider', () => {
  it('answers the others and adds one error with extensions.provider', async () => {
    const response = await executions({ first: 50 }, allKeys);
    const page = response.body.data!.executions;
    expect(page.edges.length).toBeGreaterThan(0);
    expect(page.edges.every((edge) => edge.node.provider.name === 'airops')).toBe(true);
    expect(response.body.errors).toEqual([
      expect.objectContaining({ path: ['executions'], extensions: { code: 'UPSTREAM_ERROR', provider: 'broken', httpStatus: 401 } }),
    ]);
    expect(response.text).not.toContain('a-key-the-upstream-refuses');
  });

  it('leaves out a provider the client key may not see, without calling it', async () => {
    const response = await executions({ first: 50, filter: { providers: ['airops', 'broken'] } }, onlyAirOps);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.executions.edges.length).toBeGreaterThan(0);
  });
});

describe('executions arguments', () => {
  it.each([
    ['first above 100', { first: 101 }],
    ['a negative first', { first: -1 }],
    ['an unknown provider', { filter: { providers: ['nope'] } }],
    ['a malformed cursor', { after: 'not-a-cursor!' }],
    ['a cursor of something else', { after: Buffer.from('offset:3').toString('base64url') }],
  ])('answers BAD_USER_INPUT for %s', async (_name, variables) => {
    const response = await executions(variables);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('accepts first: 0 and first: 100', async () => {
    const none = (await executions({ first: 0 })).body.data!.executions;
    expect(none.edges).toEqual([]);
    expect(none.pageInfo.hasNextPage).toBe(true);
    const hundred = (await executions({ first: 100 })).body.data!.executions;
    expect(hundred.edges.length).toBeGreaterThan(7);
  });
});
