import { spawn, type ChildProcess } from 'node:child_process';
import { projectRoot, startCommand } from '../../scripts/start-command.js';

export interface SpawnedGateway {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the first match of `pattern` in stdout+stderr. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs the gateway as a user would: the command of `npm start`, as one PID we can signal. */
export function spawnGateway(env: Record<string, string | undefined>): SpawnedGateway {
  const { program, args } = startCommand();
  return spawnProgram(program, args, env);
}

/** Runs one of the project's TypeScript entry points as `npm run` would, as one PID. */
export function spawnScript(script: string, args: string[], env: Record<string, string | undefined>): SpawnedGateway {
  return spawnProgram(process.execPath, ['--import', 'tsx', script, ...args], env);
}

function spawnProgram(program: string, args: string[], env: Record<string, string | undefined>): SpawnedGateway {
  const child = spawn(program, args, {
    cwd: projectRoot,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    output: () => output,
    exited,
    waitFor(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = output.match(pattern);
          if (match) {
            cleanup();
            resolve(match);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${pattern}; output so far:\n${output}`));
        }, timeoutMs);
        const onExit = () => {
          check();
          cleanup();
          reject(new Error(`gateway exited before ${pattern}; output:\n${output}`));
        };
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
          child.off('exit', onExit);
        };
        listeners.add(check);
        child.once('exit', onExit);
        check();
      });
    },
  };
}
