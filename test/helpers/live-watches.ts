import { notFound } from '../../src/errors/gateway-error.js';
import type { WatchedExecution } from '../../src/live/live-hub.js';
import { LiveWatch, type LiveUpdate, type ValueSink } from '../../src/live/live-watch.js';
import type { ExecutionRecord } from '../../src/model/execution-record.js';
import { ScriptedProvider, scriptedRecord } from './scripted-provider.js';

export interface DetachedWatch {
  watch: LiveWatch;
  /** Native ids the watch let go of, in order. */
  left: string[];
  /** Hands the watch a state of one of its executions (output `{ n }`), as the hub would. */
  hand(nativeId: string, n: number, fields?: Partial<ExecutionRecord<'airops'>>): boolean;
  /** Hands the watch the NOT_FOUND of one of its executions. */
  handMissing(nativeId: string): boolean;
}

/** A watch of executions of provider `p` outside any hub: the test hands it states and sees what it lets go of. */
export function detachedWatch(nativeIds: readonly string[] = ['a']): DetachedWatch {
  const provider = new ScriptedProvider('p');
  const executions: WatchedExecution[] = nativeIds.map((nativeId) => ({ key: `p:${nativeId}`, provider, nativeId, latest: undefined, watches: new Set(), steadyWatches: 0 }));
  const left: string[] = [];
  // As the hub's, leaving is idempotent: only the first leave of an execution counts.
  const watch = new LiveWatch({ leave: (_watch, execution) => void (left.includes(execution.nativeId) || left.push(execution.nativeId)) }, executions);
  const execution = (nativeId: string) => executions.find((candidate) => candidate.nativeId === nativeId)!;
  return {
    watch,
    left,
    hand: (nativeId, n, fields = {}) => watch.receive(execution(nativeId), scriptedRecord('p', nativeId, { output: { n }, ...fields })),
    handMissing: (nativeId) => watch.receive(execution(nativeId), notFound(`No execution "${nativeId}"`, 'p')),
  };
}

/** What a watch yielded, short: `id:n` for a state, `NOT_FOUND` for the error. */
export function shortly(update: LiveUpdate): string {
  if (update instanceof Error) return (update as { code?: string }).code ?? update.message;
  return `${update.nativeId}:${(update.output as { n: number }).n}`;
}

/** A sink that records what it is handed, and asks again after each value (as an SSE subscription does). */
export function recordingSink(watch: LiveWatch, options: { askAgain?: boolean; throwOn?: number } = {}) {
  const seen: (string | 'end' | { failed: unknown })[] = [];
  const sink: ValueSink<LiveUpdate> = {
    value(update) {
      const short = shortly(update);
      if (options.throwOn !== undefined && short.endsWith(`:${options.throwOn}`)) throw new Error(`cannot take ${short}`);
      seen.push(short);
      if (options.askAgain !== false) watch.nextInto(sink);
    },
    end: () => seen.push('end'),
    fail: (error) => seen.push({ failed: (error as Error).message }),
  };
  return { seen, sink };
}
