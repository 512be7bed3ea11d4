import type { Provider } from '../providers/provider.js';
import { AdaptiveInterval } from './adaptive-interval.js';
import type { ExecutionRecord } from '../model/execution-record.js';

/** One followed execution, as the poller keeps it. */
export interface PollTarget {
  /** The key it is published under. */
  readonly key: string;
  readonly provider: Provider;
  readonly nativeId: string;
  /** The last record published (undefined until the first answer). */
  latest: ExecutionRecord | undefined;
  /** Terminal or missing: held for its watchers, never polled again. */
  finished: boolean;
  /** Consecutive "not found" answers after it had been seen. */
  missingAnswers: number;
  /** Polled at the base interval even while unchanged (see LiveSource.pace). */
  steady: boolean;
  /** Where it is polled; null once finished. */
  group: PollGroup | null;
}

/**
 * What one timer polls per tick: a single execution read by id, or the executions of one
 * provider scope (an app, a responder, a workflow) read by one list call. The interval adapts
 * per group, because one list call answers for every member at once.
 */
export class PollGroup {
  readonly id: string;
  readonly provider: Provider;
  /** null: a single execution. */
  readonly scope: string | null;
  readonly members = new Map<string, PollTarget>();
  readonly interval: AdaptiveInterval;
  /** False once the scope's list call failed for a reason other than the upstream's health. */
  listable = true;
  /** Rounds run so far. */
  rounds = 0;
  timer: NodeJS.Timeout | null = null;
  dueAt = 0;
  /** A round is waiting for the upstream. */
  inFlight = false;
  /**
   * One per group, not per round: a group polled every tick for as long as it is watched
   * would otherwise make (and soon drop) an AbortController and its signal each tick.
   */
  #abort: AbortController | null = null;

  constructor(provider: Provider, scope: string | null, id: string, interval: AdaptiveInterval) {
    this.provider = provider;
    this.scope = scope;
    this.id = id;
    this.interval = interval;
  }

  static singleId(provider: string, nativeId: string): string {
    return `execution\u0000${provider}\u0000${nativeId}`;
  }

  static scopeId(provider: string, scope: string): string {
    return `scope\u0000${provider}\u0000${scope}`;
  }

  /** Aborted when the group is cancelled; a cancelled group is never polled again. */
  get signal(): AbortSignal {
    this.#abort ??= new AbortController();
    return this.#abort.signal;
  }

  /** Stops the pending tick and any upstream call of the current one. */
  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.#abort?.abort();
    this.inFlight = false;
  }
}
