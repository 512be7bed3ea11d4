/**
 * `npm run bench -- cluster [--executions=1000] [--replicas=3] [--seconds=10] [--interval=1000] [--period-ticks=2] [--root=/other/checkout]`
 *
 * One gateway in memory, then `replicas` gateways on one Redis (Debian's redis-server on a free
 * port), in front of the AirOps simulator on the real clock: E running executions (read by id),
 * E GraphQL-over-SSE subscriptions spread evenly over the replicas, every execution changing
 * once per `period-ticks` ticks. The table shows upstream calls per tick (the goal: the
 * replicas' equal one gateway's, ratio ≤ 1.05), Redis commands per second, change-to-client
 * latency p50 / p99 (goal: at most 50 ms over one gateway's), and the takeover time after
 * SIGKILL of the replica holding the most leases (until every partition it held that the
 * others' clients watch has a new holder). With `--root`, the replicas of another checkout
 * (the commit before) run too, between the two rows, for before/after figures in one run.
 */
import { Redis } from 'ioredis';
import { createAiropsSimulator } from '../src/simulators/airops/index.js';
import { systemClock } from '../src/simulators/kit/index.js';
import { startRedisServer } from '../test/helpers/redis-server.js';
import { ChangeDriver } from './live/change-driver.js';
import { CrowdPool } from './live/crowd-pool.js';
import { startGatewayProcess, type GatewayProcess } from './live/gateway-process.js';
import { percentile } from './live/percentile.js';
import { benchArgs } from './bench-args.js';
import { executionGlobalId } from '../src/model/global-id.js';

interface Options {
  executions: number;
  replicas: number;
  seconds: number;
  intervalMs: number;
  periodTicks: number;
  /** `--root`: the replicas of another checkout as well. */
  root: string | undefined;
}

interface Row {
  setup: string;
  callsPerTick: number;
  redisOpsPerSecond: number | null;
  p50Ms: number;
  p99Ms: number;
  deliveries: number;
  changes: number;
  takeoverMs: number | null;
}

const upstreamKey = 'bench-cluster-airops-key-3c9a';
const keyPrefix = 'bench:';
const subscription = `subscription ($id: ID!) { executionUpdated(id: $id) { id status output updatedAt } }`;

export async function run(args: string[]): Promise<void> {
  const options = parseOptions(args);
  console.log(`E=${options.executions} executions and as many subscribers, tick ${options.intervalMs} ms, each execution changes every ${options.periodTicks} ticks; window ${options.seconds} s per row.\n`);
  const single = await measure(1, false, options);
  console.log(formatRow(single));
  const rows = [single];
  if (options.root !== undefined) {
    const base = await measure(options.replicas, true, options, options.root);
    console.log(formatRow(base));
    rows.push(base);
  }
  const cluster = await measure(options.replicas, true, options);
  console.log(formatRow(cluster));
  rows.push(cluster);
  console.log(`\n${table(rows, options)}`);
}

async function measure(replicas: number, withRedis: boolean, options: Options, root?: string): Promise<Row> {
  const simulator = createAiropsSimulator({ clock: systemClock, apiKeys: [upstreamKey], seed: 43 });
  await simulator.listen(0);
  const redis = withRedis ? await startRedisServer() : null;
  const gateways: GatewayProcess[] = [];
  try {
    const config = {
      providers: [{ name: 'airops', kind: 'airops', baseUrl: simulator.url, apiKey: upstreamKey }],
      polling: { intervalMs: options.intervalMs, maxIntervalMs: 15_000 },
      ...(redis ? { redis: { url: redis.url, keyPrefix } } : {}),
    };
    for (let index = 0; index < replicas; index += 1) gateways.push(await startGatewayProcess(config, root === undefined ? {} : { root }));
    if (redis) await Promise.all(gateways.map((gateway) => waitFor(() => /live: polling cluster-wide through redis/.test(gateway.output()), 'the replicas joined')));

    const app = simulator.addApp({ name: 'bench-cluster', inputNames: ['topic'] });
    const uuids = Array.from({ length: options.executions }, () => simulator.addExecution({ app: app.id, status: 'running', output: { sequence: 0, at: 0 } }).uuid);
    const driver = new ChangeDriver(uuids, options.intervalMs * options.periodTicks, (uuid, output) => simulator.forceStatus(uuid, 'running', { output }));
    driver.start();

    const crowds = gateways.map(() => new CrowdPool(1));
    await Promise.all(
      gateways.map((gateway, index) =>
        crowds[index]!.open(
          gateway.url,
          subscription,
          uuids.filter((_, position) => position % replicas === index).map(globalId),
        ),
      ),
    );
    await sleep(3 * options.intervalMs);

    const probe = redis ? new Redis(redis.url) : null;
    const commandsBefore = probe ? await commandsProcessed(probe) : 0;
    simulator.server.counters.reset();
    const changesBefore = driver.changes;
    const windowStart = Date.now();
    await Promise.all(crowds.map((crowd) => crowd.measureFrom(windowStart)));
    await sleep(options.seconds * 1000);
    const elapsed = Date.now() - windowStart;
    const calls = simulator.server.counters.total();
    const commands = probe ? (await commandsProcessed(probe)) - commandsBefore : 0;
    const changes = driver.changes - changesBefore;
    driver.stop();
    await sleep(options.intervalMs + 200);
    const latencies = (await Promise.all(crowds.map((crowd) => crowd.report()))).flatMap((report) => report.latencies);

    let takeoverMs: number | null = null;
    if (probe && gateways.length > 1) takeoverMs = await takeover(probe, gateways);
    probe?.disconnect();
    for (const crowd of crowds) await crowd.close();
    return {
      setup: `${redis ? `${replicas} replicas on one Redis` : '1 gateway in memory'}${root === undefined ? '' : ` (${root})`}`,
      callsPerTick: calls / (elapsed / options.intervalMs),
      redisOpsPerSecond: probe ? commands / (elapsed / 1000) : null,
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      deliveries: latencies.length,
      changes,
      takeoverMs,
    };
  } finally {
    for (const gateway of gateways) await gateway.stop().catch(() => undefined);
    await redis?.stop();
    await simulator.close();
  }
}

/** SIGKILL of the replica holding the most leases; time until every partition it held has another holder. */
async function takeover(probe: Redis, gateways: GatewayProcess[]): Promise<number> {
  const leases = await leaseHolders(probe);
  const counts = new Map<string, number>();
  for (const holder of leases.values()) counts.set(holder, (counts.get(holder) ?? 0) + 1);
  const [victimId] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
  const victim = gateways.find((gateway) => gateway.output().includes(`"replica":"${victimId}"`));
  if (!victim) throw new Error('no gateway logged the lease holder');
  const held = [...leases.entries()].filter(([, holder]) => holder === victimId).map(([key]) => key);
  const killedAt = Date.now();
  process.kill(victim.pid, 'SIGKILL');
  gateways.splice(gateways.indexOf(victim), 1);
  // Partitions only the victim's clients watched are nobody's to take over.
  const wanted: string[] = [];
  for (const key of held) {
    const partition = key.slice(`${keyPrefix}live:lease:`.length);
    const interested = await probe.smembers(`${keyPrefix}live:interested:${partition}`);
    if (interested.some((replica) => replica !== victimId)) wanted.push(key);
  }
  await waitFor(async () => {
    const now = await leaseHolders(probe);
    return wanted.every((key) => now.has(key) && now.get(key) !== victimId);
  }, 'the takeover', 30_000);
  return Date.now() - killedAt;
}

async function leaseHolders(probe: Redis): Promise<Map<string, string>> {
  const keys = await probe.keys(`${keyPrefix}live:lease:*`);
  const holders = await Promise.all(keys.map((key) => probe.get(key)));
  const map = new Map<string, string>();
  keys.forEach((key, index) => {
    if (holders[index]) map.set(key, holders[index]!);
  });
  return map;
}

async function commandsProcessed(probe: Redis): Promise<number> {
  const info = await probe.info('stats');
  return Number(/total_commands_processed:(\d+)/.exec(info)?.[1] ?? 0);
}

async function waitFor(condition: () => boolean | Promise<boolean>, what: string, boundMs = 60_000): Promise<void> {
  const giveUpAt = Date.now() + boundMs;
  while (!(await condition())) {
    if (Date.now() > giveUpAt) throw new Error(`gave up waiting for ${what}`);
    await sleep(20);
  }
}

function globalId(uuid: string): string {
  return executionGlobalId('airops', uuid);
}

function parseOptions(args: string[]): Options {
  const values = benchArgs(args);
  const number = (name: string, fallback: number) => (values.has(name) ? Number(values.get(name)) : fallback);
  return {
    executions: number('executions', 1000),
    replicas: number('replicas', 3),
    seconds: number('seconds', 10),
    intervalMs: number('interval', 1000),
    periodTicks: number('period-ticks', 2),
    root: values.get('root'),
  };
}

function formatRow(row: Row): string {
  return `${row.setup}: ${row.callsPerTick.toFixed(1)} calls/tick, ${row.redisOpsPerSecond === null ? 'no redis' : `${row.redisOpsPerSecond.toFixed(0)} redis commands/s`}, p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms, ${row.deliveries} deliveries of ${row.changes} changes${row.takeoverMs === null ? '' : `, takeover ${row.takeoverMs} ms`}`;
}

function table(rows: Row[], options: Options): string {
  const single = rows[0]!;
  const cluster = rows.at(-1)!;
  const header = '| setup | upstream calls / tick | ratio to one gateway | Redis commands / s | latency p50 (ms) | latency p99 (ms) | deliveries / changes | takeover after SIGKILL (ms) |';
  const rule = '|---|---:|---:|---:|---:|---:|---:|---:|';
  const lines = rows.map(
    (row) =>
      `| ${row.setup} | ${row.callsPerTick.toFixed(1)} | ${(row.callsPerTick / single.callsPerTick).toFixed(3)} | ${row.redisOpsPerSecond === null ? '–' : row.redisOpsPerSecond.toFixed(0)} | ${row.p50Ms} | ${row.p99Ms} | ${row.deliveries} / ${row.changes} | ${row.takeoverMs ?? '–'} |`,
  );
  const goals = `goals: ratio ≤ 1.05 (is ${(cluster.callsPerTick / single.callsPerTick).toFixed(3)}); p99 at most 50 ms over one gateway's (is ${cluster.p99Ms - single.p99Ms >= 0 ? '+' : ''}${cluster.p99Ms - single.p99Ms} ms); takeover ≤ max(3 × ${options.intervalMs} ms, 3 s)`;
  return [goals, '', header, rule, ...lines].join('\n');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
