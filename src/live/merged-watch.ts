import type { ExecutionRecord } from '../model/execution-record.js';
import type { ExecutionWatch } from './live-hub.js';
import { WatchQueue } from './watch-queue.js';

/**
 * Several watches as one: first the current state of each, in the order given, and only once
 * every one is known (so a missing execution fails the whole before anything is delivered);
 * then changes as they come; it ends when every watch has ended. Returning it, or any watch
 * failing, returns them all.
 */
export function mergeWatches(watches: readonly ExecutionWatch[]): ExecutionWatch {
  const queue = new WatchQueue<ExecutionRecord>(() => {
    for (const watch of watches) void watch.return?.();
  });
  const drain = async (watch: ExecutionWatch) => {
    for (;;) {
      const result = await watch.next();
      if (result.done || queue.closed) return;
      queue.push(result.value);
    }
  };
  const run = async () => {
    const firsts = await Promise.all(watches.map((watch) => watch.next()));
    for (const first of firsts) if (!first.done) queue.push(first.value);
    await Promise.all(watches.map(drain));
    queue.end();
  };
  run().catch((error: unknown) => queue.fail(error));
  return queue;
}
