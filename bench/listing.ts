/**
 * `npm run bench -- listing [--requests=2000] [--clients=16] [--latency=20] [--seconds=5] [--per-kind=60]`
 *
 * The merged `executions` listing and the reads around it, against the production gateway in
 * this process over the four upstream simulators (frozen clock: statuses hold still).
 * 1. Upstream calls per client request on a duplicate-heavy workload (a few hot executions read
 *    by many clients, detail views with parent and children, list pages), side by side: one
 *    client without the finished-execution cache (nothing can be shared), 16 clients without
 *    it (in-flight GET sharing and per-request loaders), 16 clients as runql ships; with the
 *    simulators answering at once and with a simulated upstream latency (in-flight sharing
 *    grows with the time a call is in flight).
 * 2. One page of 50 executions of each kind with parent and children statuses: upstream calls,
 *    against what one call per nested field would cost.
 * 3. Listing throughput (req/s), beside a cached read by id for scale.
 */
import { GraphqlLoad } from './listing/graphql-load.js';
import { startBenchGateway, startFourKindsUpstreams, type FourKindsUpstreams } from './listing/four-kinds-upstreams.js';
import { hasOperation } from '../src/providers/require-operation.js';

interface Options {
  /** Simulated upstream latency (ms) of the second half of the duplicate-heavy table. */
  latency: number;
  requests: number;
  clients: number;
  seconds: number;
  perKind: number;
}

const readById = `query ($id: ID!) { execution(id: $id) { id status output } }`;
const detailView = `query ($id: ID!) { execution(id: $id) { id status parent { id status } children { edges { node { id status } } } } }`;
const listPage = `{ executions(first: 20) { edges { node { id status createdAt } } pageInfo { hasNextPage endCursor } } }`;
const nestedPage = `query ($provider: String!) {
  executions(first: 50, filter: { providers: [$provider] }) {
    edges { node { id status parent { id status } children { edges { node { id status } } } } }
  }
}`;

export async function run(args: string[]): Promise<void> {
  const options = parseOptions(args);
  const upstreams = await startFourKindsUpstreams(options.perKind);
  try {
    await duplicateHeavy(upstreams, options);
    await pagesOfFifty(upstreams);
    await listingThroughput(upstreams, options);
  } finally {
    await upstreams.close();
  }
}

async function duplicateHeavy(upstreams: FourKindsUpstreams, options: Options): Promise<void> {
  // A hot set of 24 executions of every kind, most of them finished; a few are read far more often.
  const hot = upstreams.sampleIds.filter((_, index) => index % 5 === 0).slice(0, 24);
  const workload = (seed: number) => {
    const random = seededRandom(seed);
    return () => {
      const roll = random();
      const id = hot[random() < 0.7 ? Math.floor(random() * 8) : Math.floor(random() * hot.length)]!;
      if (roll < 0.45) return { query: readById, variables: { id } };
      if (roll < 0.7) return { query: detailView, variables: { id } };
      return { query: listPage };
    };
  };
  const rows: string[][] = [];
  let baseline = 0;
  // One client shares nothing whatever the latency, so its count is measured once, without latency.
  for (const [label, clients, ttlMs, latencyMs] of [
    ['1 client, no finished cache', 1, 0, 0],
    [`${options.clients} clients, no finished cache`, options.clients, 0, 0],
    [`${options.clients} clients, runql (finishedTtlMs 2000)`, options.clients, 2000, 0],
    [`${options.clients} clients, no finished cache`, options.clients, 0, options.latency],
    [`${options.clients} clients, runql (finishedTtlMs 2000)`, options.clients, 2000, options.latency],
  ] as const) {
    upstreams.setLatency(latencyMs);
    const gateway = await startBenchGateway(upstreams, ttlMs);
    const load = new GraphqlLoad(gateway.url, clients);
    const next = workload(7);
    upstreams.resetCounters();
    const elapsedMs = await load.run(clients, options.requests, () => next());
    const perRequest = upstreams.upstreamCalls() / options.requests;
    if (baseline === 0) baseline = perRequest;
    rows.push([label, `${latencyMs} ms`, String(options.requests), perRequest.toFixed(3), (perRequest / baseline).toFixed(2), ((options.requests * 1000) / elapsedMs).toFixed(0), String(load.failures)]);
    await load.close();
    await gateway.close();
  }
  upstreams.setLatency(0);
  console.log('### Duplicate-heavy workload: upstream calls per client request\n');
  console.log('45% read by id, 25% detail view (parent + children), 30% first list page; 24 hot executions of all four kinds (a third still running), 8 of them read 70% of the time.\n');
  table(['setup', 'upstream latency', 'requests', 'upstream calls / request', 'vs 1 client', 'req/s', 'errors'], rows);
}

async function pagesOfFifty(upstreams: FourKindsUpstreams): Promise<void> {
  const gateway = await startBenchGateway(upstreams, 2000);
  const load = new GraphqlLoad(gateway.url, 1);
  const rows: string[][] = [];
  const servers = { airops: upstreams.airops.server, flows: upstreams.flows.server, nested: upstreams.nested.server, runs: upstreams.runs.server };
  for (const [provider, server] of Object.entries(servers)) {
    gateway.gateway.finishedExecutions.clear();
    upstreams.resetCounters();
    const data = (await load.send(nestedPage, { provider })) as {
      executions: { edges: { node: { id: string; parent: { id: string } | null; children: { edges: unknown[] } } }[] };
    };
    const nodes = data.executions.edges.map((edge) => edge.node);
    const withParent = nodes.filter((node) => node.parent !== null).length;
    const hasChildren = hasOperation(gateway.gateway.registry.get(provider)!, 'children');
    const lists = Object.entries(server.counters.snapshot()).filter(([route]) => isListRoute(route)).reduce((sum, [, count]) => sum + count, 0);
    const calls = server.counters.total();
    const naive = lists + withParent + (hasChildren ? nodes.length : 0);
    rows.push([provider, String(nodes.length), String(withParent), String(nodes.reduce((sum, node) => sum + node.children.edges.length, 0)), String(lists), String(calls - lists), String(calls), String(naive)]);
  }
  console.log('\n### A page of 50 executions with parent and children statuses, per kind\n');
  table(['provider', 'executions', 'with a parent', 'children shown', 'list calls', 'other calls', 'upstream calls', 'one call per nested field'], rows);
  await load.close();
  await gateway.close();
}

async function listingThroughput(upstreams: FourKindsUpstreams, options: Options): Promise<void> {
  const gateway = await startBenchGateway(upstreams, 2000);
  const load = new GraphqlLoad(gateway.url, options.clients);
  const finished = upstreams.sampleIds[0]!;
  const rows: string[][] = [];
  for (const [label, operation] of [
    ['executions(first: 20), all four kinds', { query: listPage }],
    ['execution(id), a finished run (cached)', { query: readById, variables: { id: finished } }],
  ] as const) {
    await load.throughput(options.clients, 1, () => operation);
    upstreams.resetCounters();
    const { perSecond, operations } = await load.throughput(options.clients, options.seconds, () => operation);
    rows.push([label, perSecond.toFixed(0), (upstreams.upstreamCalls() / operations).toFixed(3)]);
  }
  console.log(`\n### Throughput, ${options.clients} connections, ${options.seconds} s each\n`);
  table(['operation', 'req/s', 'upstream calls / request'], rows);
  if (load.failures > 0) console.log(`\n${load.failures} operations answered with errors`);
  await load.close();
  await gateway.close();
}

/** Counter keys are `METHOD route`; list routes are the ones the listing itself reads. */
function isListRoute(key: string): boolean {
  const route = key.slice(key.indexOf(' ') + 1);
  return (
    route === '/public_api/airops_apps/:airops_app_id/executions' ||
    // The AirOps app directory (numeric ids for listing), read once per five minutes.
    route === '/public_api/airops_apps' ||
    route === '/api/v1/executions' ||
    route === '/apps/:app_id/workflows/:workflow_id/runs'
  );
}

function table(headers: string[], rows: string[][]): void {
  console.log(`| ${headers.join(' | ')} |`);
  console.log(`|${headers.map(() => '---').join('|')}|`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function parseOptions(args: string[]): Options {
  const options: Options = { latency: 20, requests: 2000, clients: 16, seconds: 5, perKind: 60 };
  for (const arg of args) {
    const match = /^--([a-z-]+)=(\d+)$/.exec(arg);
    if (!match) throw new Error(`unknown argument ${arg}`);
    const value = Number(match[2]);
    if (match[1] === 'requests') options.requests = value;
    else if (match[1] === 'clients') options.clients = value;
    else if (match[1] === 'seconds') options.seconds = value;
    else if (match[1] === 'per-kind') options.perKind = value;
    else if (match[1] === 'latency') options.latency = value;
    else throw new Error(`unknown argument ${arg}`);
  }
  return options;
}
