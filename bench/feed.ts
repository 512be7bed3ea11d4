/**
 * `npm run bench -- feed [--subscribers=1,100,1000] [--apps=4] [--running=20] [--seconds=10]
 *   [--interval=1000] [--period-ticks=2]`
 *
 * S `executionsFeed` subscriptions over GraphQL-over-SSE (no filter, a third of them filtered
 * by status or provider, so several filters share the scopes) against the production gateway
 * in a process of its own, in front of the AirOps simulator (real clock) with `apps` listed
 * apps. Upstream, each of `running` running executions changes its output once per
 * `period-ticks` ticks, and one new execution starts per tick; both carry the instant of the
 * change, so each client measures change-to-client latency. The table shows upstream calls per
 * tick against S (the goal: flat, one list call per app per tick) and the latency, against the
 * contract's bound of 3 ticks + 1 s.
 */
import { createAiropsSimulator, type AiropsSimulator } from '../src/simulators/airops/index.js';
import { systemClock } from '../src/simulators/kit/index.js';
import { ChangeDriver } from './live/change-driver.js';
import { CrowdPool } from './live/crowd-pool.js';
import { startGatewayProcess, type GatewayProcess } from './live/gateway-process.js';
import { percentile } from './live/percentile.js';
import { benchArgs } from './bench-args.js';

interface Options {
  subscribers: number[];
  apps: number;
  running: number;
  seconds: number;
  intervalMs: number;
  periodTicks: number;
}

interface Row {
  subscribers: number;
  ticks: number;
  callsPerTick: number;
  listsPerTick: number;
  getsPerTick: number;
  changes: number;
  deliveries: number;
  expectedDeliveries: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  scopesAfterClose: number;
}

const upstreamKey = 'bench-feed-airops-key-9a3f';
const feed = `subscription ($filter: ExecutionFilter) { executionsFeed(filter: $filter) { id status output updatedAt } }`;
const listTemplate = '/public_api/airops_apps/:airops_app_id/executions';
const getTemplate = '/public_api/airops_apps/executions/:execution_uuid';

export async function run(args: string[]): Promise<void> {
  const options = parseOptions(args);
  console.log(
    `${options.apps} listed AirOps apps, ${options.running} running executions each changing every ${options.periodTicks} ticks, one new execution per tick; tick ${options.intervalMs} ms; window ${options.seconds} s per row.\n`,
  );
  const rows: Row[] = [];
  for (const subscribers of options.subscribers) {
    const row = await measure(subscribers, options);
    rows.push(row);
    console.log(formatRow(row));
  }
  console.log(`\n${table(rows, options)}`);
}

async function measure(subscribers: number, options: Options): Promise<Row> {
  const simulator = createAiropsSimulator({ clock: systemClock, apiKeys: [upstreamKey], seed: 43 });
  await simulator.listen(0);
  const apps = Array.from({ length: options.apps }, (_, index) => simulator.addApp({ name: `feed-bench-${index}`, inputNames: ['topic'] }));
  // Older, finished history under each app, and the running executions that will change.
  for (const app of apps) for (let index = 0; index < 30; index++) simulator.addExecution({ app: app.id, status: 'success', createdAt: Date.now() - 3_600_000 + index * 1000 });
  const running = Array.from({ length: options.running }, (_, index) => simulator.addExecution({ app: apps[index % apps.length]!.id, status: 'running', output: { sequence: 0, at: 0 } }).uuid);
  const gateway = await startGatewayProcess({
    providers: [{ name: 'airops', kind: 'airops', baseUrl: simulator.url, apiKey: upstreamKey, apps: apps.map((app) => app.uuid) }],
    polling: { intervalMs: options.intervalMs, maxIntervalMs: 15_000 },
  });
  const driver = new ChangeDriver(running, options.intervalMs * options.periodTicks, (uuid, output) => simulator.forceStatus(uuid, 'running', { output }));
  const starter = new NewRuns(simulator, apps, options.intervalMs);
  const crowd = new CrowdPool(Math.max(1, Math.ceil(subscribers / 8000)));
  try {
    // Changes start before the feeds open: each one's first event comes within a tick or two.
    driver.start();
    starter.start();
    await crowd.openWith(
      gateway.url,
      feed,
      Array.from({ length: subscribers }, (_, index) => (index % 3 === 1 ? { filter: { status: ['RUNNING'] } } : index % 3 === 2 ? { filter: { providers: ['airops'] } } : {})),
      'executionsFeed',
    );
    const opened = await feedStats(gateway);
    if (opened.subscribers !== subscribers) throw new Error(`the gateway counts ${opened.subscribers} feeds, expected ${subscribers}`);
    await sleep(2 * options.intervalMs);

    simulator.server.counters.reset();
    const changesBefore = driver.changes + starter.started;
    const windowStart = Date.now();
    await crowd.measureFrom(windowStart);
    await sleep(options.seconds * 1000);
    const elapsed = Date.now() - windowStart;
    const calls = simulator.server.counters.total();
    const lists = simulator.server.counters.count('GET', listTemplate);
    const gets = simulator.server.counters.count('GET', getTemplate);
    const changes = driver.changes + starter.started - changesBefore;
    driver.stop();
    starter.stop();
    // The window's last changes still arrive within the bound.
    await sleep(3 * options.intervalMs + 1000);
    const { latencies } = await crowd.report();
    await crowd.close();
    const scopesAfterClose = await settledScopes(gateway);
    const ticks = elapsed / options.intervalMs;
    return {
      subscribers,
      ticks,
      callsPerTick: calls / ticks,
      listsPerTick: lists / ticks,
      getsPerTick: gets / ticks,
      changes,
      deliveries: latencies.length,
      expectedDeliveries: changes * subscribers,
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      maxMs: percentile(latencies, 1),
      scopesAfterClose,
    };
  } finally {
    driver.stop();
    starter.stop();
    await gateway.stop();
    await simulator.close();
  }
}

/** One new running execution per tick, round-robin over the apps, stamped with the instant it started. */
class NewRuns {
  #timer: NodeJS.Timeout | null = null;
  started = 0;

  constructor(
    private readonly simulator: AiropsSimulator,
    private readonly apps: { id: number }[],
    private readonly everyMs: number,
  ) {}

  start(): void {
    this.#timer = setInterval(() => {
      this.started += 1;
      this.simulator.addExecution({ app: this.apps[this.started % this.apps.length]!.id, status: 'running', output: { sequence: -this.started, at: Date.now() } });
    }, this.everyMs);
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}

async function feedStats(gateway: GatewayProcess): Promise<{ subscribers: number; scopes: number }> {
  const data = await gateway.graphql<{ liveFeedStats: { subscribers: number; scopes: number } }>(`{ liveFeedStats { subscribers scopes } }`);
  return data.liveFeedStats;
}

/** Scopes still read once every client is gone (0 unless something leaks). */
async function settledScopes(gateway: GatewayProcess): Promise<number> {
  const giveUpAt = Date.now() + 30_000;
  let stats = await feedStats(gateway);
  while (stats.scopes > 0 && Date.now() < giveUpAt) {
    await sleep(100);
    stats = await feedStats(gateway);
  }
  return stats.scopes;
}

function parseOptions(args: string[]): Options {
  const values = benchArgs(args);
  const numbers = (name: string, fallback: number[]) => (values.has(name) ? values.get(name)!.split(',').map(Number) : fallback);
  return {
    subscribers: numbers('subscribers', [1, 100, 1000]),
    apps: numbers('apps', [4])[0]!,
    running: numbers('running', [20])[0]!,
    seconds: numbers('seconds', [10])[0]!,
    intervalMs: numbers('interval', [1000])[0]!,
    periodTicks: numbers('period-ticks', [2])[0]!,
  };
}

function formatRow(row: Row): string {
  return `S=${row.subscribers}: ${row.callsPerTick.toFixed(2)} calls/tick (${row.listsPerTick.toFixed(2)} list, ${row.getsPerTick.toFixed(2)} GET), p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms, ${row.deliveries} deliveries (${row.expectedDeliveries} changes × feeds), ${row.scopesAfterClose} scopes left`;
}

function table(rows: Row[], options: Options): string {
  const header =
    '| feed subscribers S | upstream calls / tick | list / tick | GET / tick | changes in window | deliveries (of changes × S) | latency p50 (ms) | latency p99 (ms) | max (ms) | scopes read after close |';
  const rule = '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|';
  const lines = rows.map(
    (row) =>
      `| ${row.subscribers} | ${row.callsPerTick.toFixed(2)} | ${row.listsPerTick.toFixed(2)} | ${row.getsPerTick.toFixed(2)} | ${row.changes} | ${row.deliveries} (${row.expectedDeliveries}) | ${row.p50Ms} | ${row.p99Ms} | ${row.maxMs} | ${row.scopesAfterClose} |`,
  );
  return [`tick = ${options.intervalMs} ms, ${options.apps} listed apps; bound 3 ticks + 1 s = ${3 * options.intervalMs + 1000} ms`, '', header, rule, ...lines].join('\n');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
