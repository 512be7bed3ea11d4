import { collectDefaultMetrics, Registry } from 'prom-client';

let processRegistry: Registry | null = null;

/**
 * The process's own metrics (memory, CPU, event loop lag, GC), once per process: they describe
 * the process, not one gateway, and prom-client's collector starts monitors that never stop.
 */
export function processMetrics(): Registry {
  if (processRegistry === null) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}
