/**
 * `npm run bench -- request [--seconds=5] [--rounds=3] [--connections=16] [--base=/path/to/other/checkout] [--targets=a,b,…]`
 *
 * The request path against its physical floor on this machine. One AirOps upstream (the
 * simulator in its own process, frozen clock, 16 running executions), and in front of it, each
 * in its own process and measured in alternating rounds: a bare undici pass-through server
 * (one upstream GET per request, no GraphQL) and runql as `npm start` runs it. Two workloads,
 * `connections` closed-loop clients each:
 * - same id: every client asks for the same running execution (runql may share in-flight GETs);
 * - distinct ids: each client asks for its own running execution (nothing can be shared).
 * Goals (issue 11): runql ≥ 0.6 of the pass-through on the same id, ≥ 0.35 on distinct ids.
 * runql runs three ways: as it ships (metrics on, no tracing), with `metrics.enabled: false`,
 * and tracing every operation to an OTLP/HTTP sink (issue 12: metrics cost at most 5 %).
 * `--base` adds runql from another checkout (e.g. a worktree of the commit before a change), for
 * before/after ratios in one run. `--targets` keeps only the named targets (pass-through first
 * when kept: the ratios are to it). GATEWAY_NODE_FLAGS=--cpu-prof profiles the gateways (the
 * profiles land in the gateway's working directory).
 */
import { executionGlobalId } from '../src/model/global-id.js';
import { benchArgs } from './bench-args.js';
import { closedLoop, type LoadResult } from './request/closed-loop-load.js';
import { processCpuSeconds } from './request/process-cpu.js';
import { startScript, type ScriptProcess } from './request/script-process.js';
import { startGatewayProcess, type GatewayProcess, type GatewayProcessOptions } from './live/gateway-process.js';

interface Options {
  seconds: number;
  rounds: number;
  connections: number;
  base: string | undefined;
  targets: string[] | undefined;
}

interface Upstream {
  url: string;
  apiKey: string;
  appUuid: string;
  uuids: string[];
}

interface Target {
  name: string;
  url: string;
  pid: number;
  /** The request body a client sends for the execution with this native uuid. */
  body(uuid: string): string;
  stop(): Promise<void>;
}

const query = 'query Run($id: ID!) { execution(id: $id) { id status nativeStatus createdAt updatedAt output } }';

export async function run(args: string[]): Promise<void> {
  const options = parseOptions(args);
  const upstreamProcess = await startScript('./upstream-process.ts', { RUNNING: String(Math.max(16, options.connections)) }, /^\{/);
  const upstream = JSON.parse(upstreamProcess.readyLine) as Upstream;
  const targets: Target[] = [];
  const sink = await startScript('./otlp-sink-process.ts', {}, /^url=/);
  const wanted = (name: string) => options.targets === undefined || options.targets.includes(name);
  try {
    if (wanted('pass-through')) targets.push(await passThrough(upstream));
    if (wanted('runql')) targets.push(await gateway('runql', upstream, {}));
    if (wanted('metrics-off')) targets.push(await gateway('runql metrics off', upstream, { metrics: { enabled: false } }));
    if (wanted('tracing')) {
      const endpoint = sink.readyLine.slice('url='.length).trim();
      targets.push(await gateway('runql traced', upstream, {}, { env: { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint } }));
    }
    if (options.base !== undefined && wanted('base')) targets.push(await gateway('runql (base)', upstream, {}, { root: options.base }));
    await check(targets, upstream);
    const workloads: { name: string; goal: number; uuidOf: (connection: number) => string }[] = [
      { name: 'same id', goal: 0.6, uuidOf: () => upstream.uuids[0]! },
      { name: 'distinct ids', goal: 0.35, uuidOf: (connection) => upstream.uuids[connection % upstream.uuids.length]! },
    ];
    console.log(`${options.connections} connections, ${options.rounds} alternating rounds of ${options.seconds} s (+1 s warm-up) per target; medians. Server CPU: user + system time of the server process per request\n`);
    const floorName = targets[0]!.name;
    console.log(`| workload | target | req/s | / ${floorName} | goal | p50 ms | p99 ms | server CPU µs / request |`);
    console.log('|---|---|---:|---:|---|---:|---:|---:|');
    const summaries: Summary[] = [];
    for (const workload of workloads) {
      const results = targets.map(() => [] as MeasuredRound[]);
      for (let round = 0; round < options.rounds; round++) {
        // Alternate the order so neither target always runs on a warmer (or busier) machine.
        const order = targets.map((_, index) => index);
        if (round % 2 === 1) order.reverse();
        for (const index of order) {
          const target = targets[index]!;
          const body = (connection: number) => target.body(workload.uuidOf(connection));
          await closedLoop(target.url, options.connections, 1, 0, body);
          const cpuBefore = processCpuSeconds(target.pid);
          const result = await closedLoop(target.url, options.connections, options.seconds, 0, body);
          results[index]!.push({ ...result, cpuMicrosPerRequest: ((processCpuSeconds(target.pid) - cpuBefore) * 1e6) / result.requests });
        }
      }
      const medians = results.map((rounds) => medianRound(rounds));
      summaries.push({ workload: workload.name, medians, cpu: results.map((rounds) => median(rounds.map((round) => round.cpuMicrosPerRequest))) });
      const floor = medians[0]!.perSecond;
      medians.forEach((result, index) => {
        const failures = results[index]!.reduce((sum, round) => sum + round.failures, 0);
        const ratio = index === 0 ? '1.00' : (result.perSecond / floor).toFixed(2);
        const goal = index === 0 || !targets[index]!.name.startsWith('runql') ? '' : `≥ ${workload.goal}`;
        console.log(
          `| ${workload.name} | ${targets[index]!.name} | ${result.perSecond.toFixed(0)} | ${ratio} | ${goal} | ${result.p50Ms.toFixed(1)} | ${result.p99Ms.toFixed(1)} | ${median(results[index]!.map((round) => round.cpuMicrosPerRequest)).toFixed(0)} |${failures > 0 ? ` ${failures} failed requests` : ''}`,
        );
      });
    }
    printComparisons(targets, summaries);
  } finally {
    await Promise.allSettled(targets.map((target) => target.stop()));
    await sink.stop();
    await upstreamProcess.stop();
  }
}

async function passThrough(upstream: Upstream): Promise<Target> {
  const server: ScriptProcess = await startScript('./pass-through-process.ts', { UPSTREAM_URL: upstream.url, UPSTREAM_KEY: upstream.apiKey }, /^url=/);
  return {
    name: 'pass-through',
    url: server.readyLine.slice('url='.length).trim(),
    pid: server.pid,
    body: (uuid) => JSON.stringify({ query, variables: { id: uuid } }),
    stop: () => server.stop(),
  };
}

async function gateway(name: string, upstream: Upstream, extraConfig: Record<string, unknown>, processOptions: GatewayProcessOptions = {}): Promise<Target> {
  const config = { providers: [{ name: 'airops', kind: 'airops', baseUrl: upstream.url, apiKey: upstream.apiKey, apps: [upstream.appUuid] }], ...extraConfig };
  const process: GatewayProcess = await startGatewayProcess(config, processOptions);
  return {
    name,
    url: process.url,
    pid: process.pid,
    body: (uuid) => JSON.stringify({ query, variables: { id: executionGlobalId('airops', uuid) } }),
    stop: () => process.stop(),
  };
}

/** Every target answers the running execution (a bench of error answers would measure nothing). */
async function check(targets: Target[], upstream: Upstream): Promise<void> {
  for (const target of targets) {
    const response = await fetch(target.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: target.body(upstream.uuids[0]!) });
    const text = await response.text();
    if (response.status !== 200 || text.includes('"errors"') || !/running/i.test(text)) throw new Error(`${target.name} answered ${response.status}: ${text.slice(0, 300)}`);
  }
}

/** runql as it ships next to its variants, per workload: what metrics and tracing cost. */
interface Summary {
  workload: string;
  medians: LoadResult[];
  /** Median server CPU µs per request, per target. */
  cpu: number[];
}

function printComparisons(targets: Target[], summaries: Summary[]): void {
  const index = (name: string) => targets.findIndex((target) => target.name === name);
  const shipped = index('runql');
  const pairs: [string, number, number][] = [
    ['metrics on / metrics off (goal ≥ 0.95)', shipped, index('runql metrics off')],
    ['traced / not traced (metrics on both)', index('runql traced'), shipped],
    ['runql / runql (base)', shipped, index('runql (base)')],
  ];
  const shown = pairs.filter(([, left, right]) => left >= 0 && right >= 0);
  if (shown.length === 0) return;
  console.log(`\n| comparison (req/s ratio; server CPU per request ratio) | ${summaries.map((summary) => summary.workload).join(' | ')} |`);
  console.log(`|---|${summaries.map(() => '---').join('|')}|`);
  for (const [name, left, right] of shown) {
    const cells = summaries.map((summary) => {
      const throughput = summary.medians[left]!.perSecond / summary.medians[right]!.perSecond;
      const cpu = summary.cpu[left]! / summary.cpu[right]!;
      return `${throughput.toFixed(2)}; CPU ${cpu.toFixed(2)}`;
    });
    console.log(`| ${name} | ${cells.join(' | ')} |`);
  }
}

/** One round against one target: its load result and the target's CPU time per request. */
interface MeasuredRound extends LoadResult {
  cpuMicrosPerRequest: number;
}

/** The round of median throughput. */
function medianRound(rounds: MeasuredRound[]): MeasuredRound {
  const sorted = [...rounds].sort((left, right) => left.perSecond - right.perSecond);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function parseOptions(args: string[]): Options {
  const named = benchArgs(args);
  const number = (name: string, fallback: number) => {
    const value = named.get(name);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`--${name} must be a positive number, got ${value}`);
    return parsed;
  };
  const targets = named.get('targets')?.split(',');
  return { seconds: number('seconds', 5), rounds: number('rounds', 3), connections: number('connections', 16), base: named.get('base'), targets };
}
