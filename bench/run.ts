/**
 * `npm run bench` runs every benchmark; `npm run bench -- <name> [...]` runs the named ones.
 * Each benchmark is bench/<name>.ts exporting `run(args: string[]): Promise<void>` and printing
 * its own table of ratios measured side by side in one run.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface Benchmark {
  run(args: string[]): Promise<void>;
}

const directory = fileURLToPath(new URL('.', import.meta.url));
const available = readdirSync(directory)
  .filter((file) => file.endsWith('.ts') && file !== 'run.ts' && !file.startsWith('_'))
  .map((file) => file.slice(0, -3))
  .sort();

const [first, ...rest] = process.argv.slice(2);
const selected = first && !first.startsWith('-') ? [first] : available;
const args = first && !first.startsWith('-') ? rest : process.argv.slice(2);

if (available.length === 0) {
  console.error('no benchmarks yet');
  process.exit(1);
}
for (const name of selected) {
  if (!available.includes(name)) {
    console.error(`unknown benchmark "${name}"; available: ${available.join(', ')}`);
    process.exit(2);
  }
  console.log(`\n## bench ${name}\n`);
  const benchmark = (await import(`./${name}.ts`)) as Benchmark;
  await benchmark.run(args);
}
process.exit(0);
