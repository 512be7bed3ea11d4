/**
 * `node --import tsx scripts/profile-summary.ts FILE.cpuprofile [--top=25]`: the self time of a
 * V8 CPU profile (`node --cpu-prof`) by function and by package, as percentages of the samples
 * that were not idle, so profiles of runql before and after a change can be compared.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, ...rest] = process.argv.slice(2);
if (file === undefined) {
  console.error('usage: profile-summary FILE.cpuprofile [--top=N]');
  process.exit(2);
}
const top = Number(rest.find((argument) => argument.startsWith('--top='))?.slice('--top='.length) ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfTime = new Map<number, number>();
profile.samples.forEach((id, index) => selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));

const byFunction = new Map<string, number>();
const byPackage = new Map<string, number>();
let busy = 0;
for (const [id, time] of selfTime) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  if (functionName === '(idle)' || functionName === '(program)') continue;
  busy += time;
  const place = url === '' ? '' : ` ${shortPath(url)}:${lineNumber + 1}`;
  const name = `${functionName || '(anonymous)'}${place}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + time);
  const owner = packageOf(functionName, url);
  byPackage.set(owner, (byPackage.get(owner) ?? 0) + time);
}

print('self time by package', byPackage, 15);
print('self time by function', byFunction, top);

function print(title: string, table: Map<string, number>, limit: number): void {
  console.log(`\n${title} (% of busy samples, ${(busy / 1000).toFixed(0)} ms busy)`);
  for (const [name, time] of [...table].sort((left, right) => right[1] - left[1]).slice(0, limit)) {
    console.log(`${((time / busy) * 100).toFixed(1).padStart(5)}%  ${name}`);
  }
}

function packageOf(functionName: string, url: string): string {
  if (functionName === '(garbage collector)') return '(gc)';
  if (url === '') return '(native)';
  if (url.startsWith('node:')) return 'node core';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const parts = url.slice(modules + '/node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  const source = url.indexOf('/src/');
  return source >= 0 ? `runql ${url.slice(source + 1).split('/').slice(0, 2).join('/')}` : url;
}

function shortPath(url: string): string {
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) return url.slice(modules + '/node_modules/'.length);
  const source = url.indexOf('/src/');
  return source >= 0 ? url.slice(source + 1) : url.replace(/^file:\/\//, '');
}
