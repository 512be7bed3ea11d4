import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A bench script in a node process of its own (one PID, as `node --import tsx`), ready once its stdout matches. */
export interface ScriptProcess {
  pid: number;
  /** The first stdout line that matched the ready pattern. */
  readyLine: string;
  stop(): Promise<void>;
}

export async function startScript(file: string, env: Record<string, string>, ready: RegExp, nodeFlags: readonly string[] = []): Promise<ScriptProcess> {
  const path = fileURLToPath(new URL(file, import.meta.url));
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', path], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const readyLine = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const line = output.split('\n').find((candidate) => ready.test(candidate));
      if (line !== undefined) resolve(line);
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('exit', (code) => reject(new Error(`${file} exited (${code}):\n${output}`)));
  });
  child.stdout.resume();
  child.stderr.resume();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    pid: child.pid!,
    readyLine,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
