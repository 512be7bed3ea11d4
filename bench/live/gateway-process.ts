import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { projectRoot, startCommand } from '../../scripts/start-command.js';

/** The production gateway in a process of its own, so its memory is measured alone. */
export interface GatewayProcess {
  url: string;
  pid: number;
  /** Resident set size now, from /proc (bytes). */
  rssBytes(): number;
  graphql<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  stop(): Promise<void>;
}

export interface GatewayProcessOptions {
  /** Another checkout of runql to run (its own node_modules), for before/after in one run. */
  root?: string;
  /** Added to the gateway's environment (OTEL_* variables, say). */
  env?: Record<string, string>;
}

export async function startGatewayProcess(config: Record<string, unknown>, options: GatewayProcessOptions = {}): Promise<GatewayProcess> {
  const directory = mkdtempSync(join(tmpdir(), 'runql-bench-'));
  const configPath = join(directory, 'gateway.json');
  writeFileSync(configPath, JSON.stringify(config));
  // What `npm start` runs, heap budget included: the figures are those users get.
  const { program, args } = startCommand(nodeFlags());
  const child: ChildProcess = spawn(program, args, {
    cwd: options.root ?? projectRoot,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...(process.env.RUNQL_MAX_OLD_SPACE_MB ? { RUNQL_MAX_OLD_SPACE_MB: process.env.RUNQL_MAX_OLD_SPACE_MB } : {}),
      GATEWAY_CONFIG: configPath,
      PORT: '0',
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      ...(process.env.GATEWAY_NODE_OPTIONS ? { NODE_OPTIONS: process.env.GATEWAY_NODE_OPTIONS } : {}),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      // A JSON log line (`"url":"http://…"`), or the text line of a checkout from before JSON logs (`url=http://…`).
      const match = /url"?[=:]"?http:\/\/[^:]+:(\d+)\/graphql/.exec(output);
      if (match) resolve(Number(match[1]));
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`gateway exited (${code}):\n${output}`)));
  });
  // Keep draining its output so the child never blocks on a full pipe.
  child.stdout!.resume();
  child.stderr!.resume();
  const url = `http://127.0.0.1:${port}/graphql`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    pid: child.pid!,
    rssBytes: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const match = /VmRSS:\s+(\d+) kB/.exec(status);
      return match ? Number(match[1]) * 1024 : Number.NaN;
    },
    graphql: async <T>(query: string, variables?: Record<string, unknown>) => {
      const response = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, ...(variables ? { variables } : {}) }),
      });
      const body = (await response.body.json()) as { data?: T; errors?: unknown[] };
      if (body.errors) throw new Error(`gateway answered errors: ${JSON.stringify(body.errors)}`);
      return body.data!;
    },
    output: () => output,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** GATEWAY_NODE_FLAGS: flags for the gateway's node that NODE_OPTIONS refuses (e.g. `--trace-gc`). */
function nodeFlags(): string[] {
  return (process.env.GATEWAY_NODE_FLAGS ?? '').split(/\s+/).filter((flag) => flag.length > 0);
}
