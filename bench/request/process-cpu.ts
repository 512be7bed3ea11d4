import { readFileSync } from 'node:fs';

const ticksPerSecond = 100;

/**
 * CPU seconds (user + system) a process has used so far, from /proc (Linux). Per request it
 * is a steadier measure than throughput on a shared machine: other work slows a server down
 * but does not make each of its requests cost more CPU.
 */
export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}
