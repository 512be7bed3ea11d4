import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root, where `npm start` runs. */
export const projectRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * What `npm start` runs, as a program and its arguments that leave one PID to signal: the
 * `start` script of package.json under `sh -c exec`, as npm runs it (its shell expands the heap
 * budget's default) without npm's own process in between. Tests and the live benchmark start
 * the gateway this way, so they run exactly what users run. `nodeFlags` go right after `node`
 * (e.g. `--trace-gc`, which NODE_OPTIONS refuses).
 */
export function startCommand(nodeFlags: readonly string[] = []): { program: string; args: string[] } {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } };
  const script = manifest.scripts.start;
  if (!script.startsWith('node ')) throw new Error(`the start script must begin with "node ": ${script}`);
  const flags = nodeFlags.length === 0 ? '' : `${nodeFlags.join(' ')} `;
  return { program: 'sh', args: ['-c', `exec node ${flags}${script.slice('node '.length)}`] };
}
