/**
 * `npm run bench -- live [--subscribers=1000,5000,10000,20000] [--executions=1000] [--apps=20]
 *   [--modes=get,batch] [--seconds=10] [--interval=1000] [--period-ticks=2] [--root=/other/checkout]`
 *
 * S GraphQL-over-SSE subscriptions over E executions of the AirOps simulator (real clock),
 * against the production gateway in a process of its own. Every execution changes upstream
 * once per `period-ticks` ticks; the table shows upstream calls per tick against S, the
 * gateway's resident memory, change-to-client latency, and how many times each change was
 * resolved into a GraphQL result (1 when its subscribers share one resolution, S / E when each
 * subscriber resolves it alone). `get`: the gateway does not know the
 * executions' apps, so it reads each by id; `batch`: runql started them, so it lists each app.
 * The gateway runs as `npm start` runs it, with its heap budget (RUNQL_MAX_OLD_SPACE_MB, passed
 * on). GATEWAY_NODE_OPTIONS is passed to it as NODE_OPTIONS, GATEWAY_NODE_FLAGS as flags on its
 * command line (e.g. `--trace-gc`, which NODE_OPTIONS refuses); GATEWAY_OUTPUT names a file that
 * receives the gateway's output (appended).
 */
import { readFileSync } from 'node:fs';
import { createAiropsSimulator, type AiropsSimulator } from '../src/simulators/airops/index.js';
import { systemClock } from '../src/simulators/kit/index.js';
import { ChangeDriver } from './live/change-driver.js';
import { startGatewayProcess, type GatewayProcess } from './live/gateway-process.js';
import { percentile } from './live/percentile.js';
import { CrowdPool } from './live/crowd-pool.js';
import { benchArgs } from './bench-args.js';
import { executionGlobalId } from '../src/model/global-id.js';

type Mode = 'get' | 'batch';

interface Options {
  subscribers: number[];
  executions: number;
  apps: number;
  modes: Mode[];
  seconds: number;
  intervalMs: number;
  periodTicks: number;
  /** `--root`: run the gateway from another checkout (before/after figures from the same bench). */
  root: string | undefined;
}

interface Row {
  mode: Mode;
  subscribers: number;
  executions: number;
  ticks: number;
  callsPerTick: number;
  getsPerTick: number;
  listsPerTick: number;
  rssBaselineMb: number;
  rssPeakMb: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  deliveries: number;
  changes: number;
  /** GraphQL resolutions per change made in the window (liveStats eventResolutions). */
  resolutionsPerChange: number;
  leftWatched: number;
}

const upstreamKey = 'bench-airops-key-5e1d';
const subscription = `subscription ($id: ID!) { executionUpdated(id: $id) { id status output updatedAt } }`;
const getTemplate = '/public_api/airops_apps/executions/:execution_uuid';
const listTemplate = '/public_api/airops_apps/:airops_app_id/executions';
/** Sockets the gateway needs besides its clients (upstream pool, listener, stdio, epoll ...). */
const descriptorHeadroom = 300;

export async function run(args: string[]): Promise<void> {
  const options = parseOptions(args);
  const limit = openFileLimit();
  const ceiling = limit - descriptorHeadroom;
  const levels = [...new Set(options.subscribers.map((count) => Math.min(count, ceiling)))];
  if (levels.some((count, index) => count !== options.subscribers[index])) {
    console.log(`note: this machine allows ${limit} open files per process (hard limit); subscriptions are capped at ${ceiling}.`);
  }
  console.log(
    `E=${options.executions} executions over ${options.apps} apps, tick ${options.intervalMs} ms, each execution changes every ${options.periodTicks} ticks; window ${options.seconds} s per row.\n`,
  );
  const rows: Row[] = [];
  for (const mode of options.modes) {
    for (const subscribers of levels) {
      const row = await measure(mode, subscribers, options);
      rows.push(row);
      console.log(formatRow(row));
    }
  }
  console.log(`\n${table(rows, options)}`);
}

async function measure(mode: Mode, subscribers: number, options: Options): Promise<Row> {
  const simulator = createAiropsSimulator({ clock: systemClock, apiKeys: [upstreamKey], seed: 41 });
  await simulator.listen(0);
  const gateway = await startGatewayProcess({
    providers: [{ name: 'airops', kind: 'airops', baseUrl: simulator.url, apiKey: upstreamKey }],
    polling: { intervalMs: options.intervalMs, maxIntervalMs: 15_000 },
  }, { root: options.root });
  try {
    const apps = Array.from({ length: options.apps }, (_, index) => simulator.addApp({ name: `bench-${index}`, inputNames: ['topic'] }));
    const uuids = mode === 'get' ? seedUnknownApps(simulator, apps, options.executions) : await startThroughGateway(simulator, gateway, apps, options.executions);
    const driver = new ChangeDriver(uuids, options.intervalMs * options.periodTicks, (uuid, output) => simulator.forceStatus(uuid, 'running', { output }));
    // Changes start before anyone watches, so every execution is polled at one tick, not backed off.
    driver.start();
    const rssBaseline = gateway.rssBytes();

    const crowd = new CrowdPool(Math.max(1, Math.ceil(subscribers / 8000)));
    await crowd.open(
      gateway.url,
      subscription,
      Array.from({ length: subscribers }, (_, index) => globalId(uuids[index % uuids.length]!)),
    );
    const watched = await liveStats(gateway);
    if (watched.subscribers !== subscribers) throw new Error(`the gateway counts ${watched.subscribers} subscribers, expected ${subscribers}`);
    await sleep(2 * options.intervalMs);

    simulator.server.counters.reset();
    const resolutionsBefore = await eventResolutions(gateway);
    let rssPeak = gateway.rssBytes();
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, gateway.rssBytes())), 200);
    const changesBefore = driver.changes;
    const windowStart = Date.now();
    await crowd.measureFrom(windowStart);
    await sleep(options.seconds * 1000);
    const elapsed = Date.now() - windowStart;
    const counters = simulator.server.counters;
    const calls = counters.total();
    const gets = counters.count('GET', getTemplate);
    const lists = counters.count('GET', listTemplate);
    const changes = driver.changes - changesBefore;
    driver.stop();
    // Deliveries of the window's last changes still arrive: keep listening one more tick.
    await sleep(options.intervalMs + 200);
    clearInterval(sampler);
    const resolutions = (await eventResolutions(gateway)) - resolutionsBefore;
    const { latencies, closedEarly } = await crowd.report();
    const deliveries = latencies.length;
    if (closedEarly > 0) console.log(`warning: ${closedEarly} subscriptions were closed by the gateway during the run`);

    await crowd.close();
    const leftWatched = await settledWatched(gateway);
    const ticks = elapsed / options.intervalMs;
    return {
      mode,
      subscribers,
      executions: options.executions,
      ticks,
      callsPerTick: calls / ticks,
      getsPerTick: gets / ticks,
      listsPerTick: lists / ticks,
      rssBaselineMb: rssBaseline / 2 ** 20,
      rssPeakMb: rssPeak / 2 ** 20,
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      maxMs: percentile(latencies, 1),
      deliveries,
      changes,
      resolutionsPerChange: changes === 0 ? 0 : resolutions / changes,
      leftWatched,
    };
  } finally {
    await gateway.stop();
    await simulator.close();
  }
}

/** Executions runql has never seen: it cannot know their app, so it reads each one by id. */
function seedUnknownApps(simulator: AiropsSimulator, apps: { id: number }[], count: number): string[] {
  return Array.from({ length: count }, (_, index) => simulator.addExecution({ app: apps[index % apps.length]!.id, status: 'running', output: { sequence: 0, at: 0 } }).uuid);
}

/** Executions started through runql, which then knows each one's app and lists it instead. */
async function startThroughGateway(simulator: AiropsSimulator, gateway: GatewayProcess, apps: { uuid: string }[], count: number): Promise<string[]> {
  simulator.scriptNextRuns(Array.from({ length: count }, () => ({ outcome: 'success', pendingMs: 0, runningMs: 10 * 365 * 86_400_000 })));
  const uuids: string[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const data = await gateway.graphql<{ startExecution: { nativeId: string } }>(
        `mutation ($app: String!, $topic: String!) { startExecution(input: { provider: "airops", target: $app, inputs: { topic: $topic } }) { nativeId } }`,
        { app: apps[index % apps.length]!.uuid, topic: `bench ${index}` },
      );
      uuids[index] = data.startExecution.nativeId;
    }
  };
  await Promise.all(Array.from({ length: 25 }, worker));
  return uuids;
}

async function liveStats(gateway: GatewayProcess): Promise<{ watchedExecutions: number; subscribers: number }> {
  const data = await gateway.graphql<{ liveStats: { watchedExecutions: number; subscribers: number } }>(`{ liveStats { watchedExecutions subscribers } }`);
  return data.liveStats;
}

/** Subscription events the gateway resolved into results since start-up (all providers). */
async function eventResolutions(gateway: GatewayProcess): Promise<number> {
  const data = await gateway.graphql<{ liveStats: { providers: { eventResolutions: number }[] } }>(`{ liveStats { providers { eventResolutions } } }`);
  return data.liveStats.providers.reduce((sum, entry) => sum + entry.eventResolutions, 0);
}

/** Executions still watched once every client is gone (0 unless something leaks). */
async function settledWatched(gateway: GatewayProcess): Promise<number> {
  const giveUpAt = Date.now() + 30_000;
  let stats = await liveStats(gateway);
  while (stats.watchedExecutions > 0 && Date.now() < giveUpAt) {
    await sleep(200);
    stats = await liveStats(gateway);
  }
  return stats.watchedExecutions;
}

function globalId(uuid: string): string {
  return executionGlobalId('airops', uuid);
}

function openFileLimit(): number {
  const limits = readFileSync('/proc/self/limits', 'utf8');
  const match = /Max open files\s+(\d+)/.exec(limits);
  return match ? Number(match[1]) : 1024;
}

function parseOptions(args: string[]): Options {
  const values = benchArgs(args);
  const numbers = (name: string, fallback: number[]) => (values.has(name) ? values.get(name)!.split(',').map(Number) : fallback);
  return {
    subscribers: numbers('subscribers', [1000, 5000, 10_000, 20_000]),
    executions: numbers('executions', [1000])[0]!,
    apps: numbers('apps', [20])[0]!,
    modes: (values.get('modes') ?? 'get,batch').split(',') as Mode[],
    seconds: numbers('seconds', [10])[0]!,
    intervalMs: numbers('interval', [1000])[0]!,
    periodTicks: numbers('period-ticks', [2])[0]!,
    root: values.get('root'),
  };
}

function formatRow(row: Row): string {
  return `${row.mode} S=${row.subscribers}: ${row.callsPerTick.toFixed(1)} calls/tick (${row.getsPerTick.toFixed(1)} GET, ${row.listsPerTick.toFixed(1)} list), RSS ${row.rssPeakMb.toFixed(0)} MB, p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms, ${row.deliveries} deliveries of ${row.changes} changes, ${row.resolutionsPerChange.toFixed(2)} resolutions per change, ${row.leftWatched} left watched`;
}

function table(rows: Row[], options: Options): string {
  const header =
    '| mode | subscribers S | executions E | upstream calls / tick | GET / tick | list / tick | gateway RSS before → peak (MB) | latency p50 (ms) | latency p99 (ms) | max (ms) | deliveries | resolutions / change | watched after close |';
  const rule = '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|';
  const lines = rows.map(
    (row) =>
      `| ${row.mode} | ${row.subscribers} | ${row.executions} | ${row.callsPerTick.toFixed(1)} | ${row.getsPerTick.toFixed(1)} | ${row.listsPerTick.toFixed(1)} | ${row.rssBaselineMb.toFixed(0)} → ${row.rssPeakMb.toFixed(0)} | ${row.p50Ms} | ${row.p99Ms} | ${row.maxMs} | ${row.deliveries} | ${row.resolutionsPerChange.toFixed(2)} | ${row.leftWatched} |`,
  );
  return [`tick = ${options.intervalMs} ms; target p99 ≤ ${options.intervalMs + 100} ms`, '', header, rule, ...lines].join('\n');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
