/**
 * `npm run bench -- request [--seconds=5] [--rounds=3] [--connections=16] [--base=/path/to/other/checkout]`
 *
 * The request path against its physical floor on this machine. One AirOps upstream (the
 * simulator in its own process, frozen clock, 16 running executions), and in front of it, each
 * in its own process and measured in alternating rounds: a bare undici pass-through server
 * (one upstream GET per request, no GraphQL) and runql as `npm start` runs it. Two workloads,
 * `connections` closed-loop clients each:
 * - same id: every client asks for the same running execution (runql may share in-flight GETs);
 * - distinct ids: each client asks for its own running execution (nothing can be shared).
 * Goals (issue 11): runql ≥ 0.6 of the pass-through on the same id, ≥ 0.35 on distinct ids.
 * `--base` adds a third column: runql from another checkout (e.g. a worktree of the commit
 * before a change), for before/after ratios in one run. GATEWAY_NODE_FLAGS=--cpu-prof profiles
 * the gateway (the profile lands in the gateway's working directory).
 */
import { executionGlobalId } from '../src/model/global-id.js';
import { closedLoop, type LoadResult } from './request/closed-loop-load.js';
import { startScript, type ScriptProcess } from './request/script-process.js';
import { startGatewayProcess, type GatewayProcess } from './live/gateway-process.js';

interface Options {
  seconds: number;
  rounds: number;
  connections: number;
  base: string | undefined;
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
  try {
    targets.push(await passThrough(upstream));
    targets.push(await gateway('runql', upstream));
    if (options.base !== undefined) targets.push(await gateway('runql (base)', upstream, options.base));
    await check(targets, upstream);
    const workloads: { name: string; goal: number; uuidOf: (connection: number) => string }[] = [
      { name: 'same id', goal: 0.6, uuidOf: () => upstream.uuids[0]! },
      { name: 'distinct ids', goal: 0.35, uuidOf: (connection) => upstream.uuids[connection % upstream.uuids.length]! },
    ];
    console.log(`${options.connections} connections, ${options.rounds} alternating rounds of ${options.seconds} s (+1 s warm-up) per target; medians\n`);
    const header = ['workload', ...targets.map((target) => `${target.name} req/s`), ...targets.slice(1).map((target) => `${target.name} / pass-through`), 'goal', ...targets.map((target) => `${target.name} p50 / p99 ms`)];
    console.log(`| ${header.join(' | ')} |`);
    console.log(`|${header.map(() => '---').join('|')}|`);
    for (const workload of workloads) {
      const results = targets.map(() => [] as LoadResult[]);
      for (let round = 0; round < options.rounds; round++) {
        // Alternate the order so neither target always runs on a warmer (or busier) machine.
        const order = targets.map((_, index) => index);
        if (round % 2 === 1) order.reverse();
        for (const index of order) {
          const target = targets[index]!;
          results[index]!.push(await closedLoop(target.url, options.connections, options.seconds, 1, (connection) => target.body(workload.uuidOf(connection))));
        }
      }
      const medians = results.map((rounds) => median(rounds));
      const failures = results.flat().reduce((sum, result) => sum + result.failures, 0);
      const floor = medians[0]!.perSecond;
      console.log(
        `| ${[
          workload.name,
          ...medians.map((result) => result.perSecond.toFixed(0)),
          ...medians.slice(1).map((result) => (result.perSecond / floor).toFixed(2)),
          `≥ ${workload.goal}`,
          ...medians.map((result) => `${result.p50Ms.toFixed(2)} / ${result.p99Ms.toFixed(2)}`),
        ].join(' | ')} |${failures > 0 ? ` ${failures} failed requests` : ''}`,
      );
    }
  } finally {
    await Promise.allSettled(targets.map((target) => target.stop()));
    await upstreamProcess.stop();
  }
}

async function passThrough(upstream: Upstream): Promise<Target> {
  const server: ScriptProcess = await startScript('./pass-through-process.ts', { UPSTREAM_URL: upstream.url, UPSTREAM_KEY: upstream.apiKey }, /^url=/);
  return {
    name: 'pass-through',
    url: server.readyLine.slice('url='.length).trim(),
    body: (uuid) => JSON.stringify({ query, variables: { id: uuid } }),
    stop: () => server.stop(),
  };
}

async function gateway(name: string, upstream: Upstream, root?: string): Promise<Target> {
  const config = { providers: [{ name: 'airops', kind: 'airops', baseUrl: upstream.url, apiKey: upstream.apiKey, apps: [upstream.appUuid] }] };
  const process: GatewayProcess = await startGatewayProcess(config, root);
  return {
    name,
    url: process.url,
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

function median(results: LoadResult[]): LoadResult {
  const sorted = [...results].sort((left, right) => left.perSecond - right.perSecond);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function parseOptions(args: string[]): Options {
  const named = new Map(args.map((argument) => argument.replace(/^--/, '').split('=') as [string, string | undefined]));
  const number = (name: string, fallback: number) => {
    const value = named.get(name);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`--${name} must be a positive number, got ${value}`);
    return parsed;
  };
  return { seconds: number('seconds', 5), rounds: number('rounds', 3), connections: number('connections', 16), base: named.get('base') };
}
