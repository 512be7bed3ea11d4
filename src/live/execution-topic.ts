import type { ExecutionRecord } from '../model/execution-record.js';
import type { LiveEvent } from './live-event.js';
import type { WatchQueue } from './watch-queue.js';

/** One watcher of an execution: its queue, and the last event it was handed. */
export interface TopicWatcher {
  queue: WatchQueue<ExecutionRecord>;
  lastSequence: number;
}

/**
 * The bus subscription of one execution in this process, shared by all its local watchers:
 * the bus (Redis, later) carries each event once per process, not once per subscriber, and
 * the fan-out to thousands of watchers is a loop here.
 */
export class ExecutionTopic {
  readonly watchers = new Set<TopicWatcher>();
  #events: AsyncIterator<LiveEvent>;
  #closed = false;

  /**
   * `events` must already be listening (its first `next()` called) so that nothing published
   * from now on is lost; `deliver` hands one event to one watcher.
   */
  constructor(
    events: AsyncIterator<LiveEvent>,
    firstEvent: Promise<IteratorResult<LiveEvent>>,
    deliver: (watcher: TopicWatcher, event: LiveEvent) => void,
    onError: (error: unknown) => void,
  ) {
    this.#events = events;
    void this.#pump(firstEvent, deliver).catch(onError);
  }

  close(): void {
    this.#closed = true;
    void this.#events.return?.();
  }

  async #pump(firstEvent: Promise<IteratorResult<LiveEvent>>, deliver: (watcher: TopicWatcher, event: LiveEvent) => void): Promise<void> {
    let next = firstEvent;
    while (!this.#closed) {
      const result = await next;
      if (result.done || this.#closed) return;
      // Deleting the watcher being visited (it ended) is safe while iterating a Set.
      for (const watcher of this.watchers) deliver(watcher, result.value);
      next = this.#events.next();
    }
  }
}
