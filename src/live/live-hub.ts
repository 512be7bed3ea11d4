import { notFound } from '../errors/gateway-error.js';
import type { Logger } from '../log/logger.js';
import type { ExecutionRecord } from '../model/execution-record.js';
import type { Provider } from '../providers/provider.js';
import type { ExecutionPoller } from './execution-poller.js';
import type { LiveBus } from './live-bus.js';
import { liveTopic, type LiveEvent } from './live-event.js';
import { emptyProviderLiveStats, type LiveStats, type ProviderLiveStats } from './live-stats.js';
import { ExecutionTopic, type TopicWatcher } from './execution-topic.js';
import type { SinkIterator } from './value-sink.js';
import { WatchQueue } from './watch-queue.js';

/**
 * The states of one execution as the shared poller sees them: first the current one, then one
 * per observed change; it ends after a terminal state, and `next()` rejects with NOT_FOUND
 * when the upstream does not know the execution. `return()` stops watching at once.
 */
export type ExecutionWatch = SinkIterator<ExecutionRecord>;

export interface LiveHubOptions {
  bus: LiveBus;
  poller: ExecutionPoller;
  logger: Logger;
}

/**
 * Hands execution states to whoever watches. It knows no GraphQL: a watcher gets the poller's
 * ExecutionRecords through the bus (one subscription per execution in this process), never a
 * read of its own.
 */
export class LiveHub {
  #bus: LiveBus;
  #poller: ExecutionPoller;
  #logger: Logger;
  #topics = new Map<string, ExecutionTopic>();
  /** Per provider: states handed to watchers, and subscription events resolved from them. */
  #eventCounts = new Map<string, { deliveries: number; resolutions: number }>();

  constructor(options: LiveHubOptions) {
    this.#bus = options.bus;
    this.#poller = options.poller;
    this.#logger = options.logger;
  }

  watch(provider: Provider, nativeId: string): ExecutionWatch {
    const key = liveTopic(provider.name, nativeId);
    const topic = this.#topics.get(key) ?? this.#openTopic(key, provider, nativeId);
    const watcher: TopicWatcher = {
      lastSequence: 0,
      queue: new WatchQueue<ExecutionRecord>(() => {
        topic.watchers.delete(watcher);
        if (topic.watchers.size === 0) {
          topic.close();
          if (this.#topics.get(key) === topic) this.#topics.delete(key);
        }
        this.#poller.release(provider, nativeId);
      }),
    };
    topic.watchers.add(watcher);
    this.#poller.acquire(provider, nativeId);
    // A watcher that joins a watched execution starts from the poller's latest state.
    this.#poller.latest(provider, nativeId).then(
      (latest) => {
        if (latest && !watcher.queue.closed) this.#deliver(watcher, latest, provider, nativeId);
      },
      (error: unknown) => this.#failed(watcher, provider, error),
    );
    return watcher.queue;
  }

  /** One subscription event was resolved from a state of this provider (counted, for liveStats). */
  noteEventResolved(provider: string): void {
    this.#eventCountsOf(provider).resolutions += 1;
  }

  stats(): LiveStats {
    const providers: ProviderLiveStats[] = this.#poller.stats().map((entry) => ({ ...entry, eventDeliveries: 0, eventResolutions: 0 }));
    for (const [provider, counts] of this.#eventCounts) {
      let entry = providers.find((candidate) => candidate.provider === provider);
      if (!entry) {
        entry = emptyProviderLiveStats(provider);
        providers.push(entry);
      }
      entry.eventDeliveries = counts.deliveries;
      entry.eventResolutions = counts.resolutions;
    }
    return {
      watchedExecutions: providers.reduce((sum, entry) => sum + entry.watchedExecutions, 0),
      subscribers: providers.reduce((sum, entry) => sum + entry.subscribers, 0),
      providers,
    };
  }

  /** Completes every watch and stops polling. */
  async close(): Promise<void> {
    for (const topic of [...this.#topics.values()]) {
      for (const watcher of [...topic.watchers]) watcher.queue.end();
    }
    await this.#poller.close();
  }

  #openTopic(key: string, provider: Provider, nativeId: string): ExecutionTopic {
    const events = this.#bus.subscribe(key)[Symbol.asyncIterator]();
    // The bus listens only from the first next(): ask now, before the poller can publish.
    const firstEvent = events.next();
    const topic: ExecutionTopic = new ExecutionTopic(
      events,
      firstEvent,
      (watcher, event) => this.#deliver(watcher, event, provider, nativeId),
      (error) => {
        for (const watcher of [...topic.watchers]) this.#failed(watcher, provider, error);
      },
    );
    this.#topics.set(key, topic);
    return topic;
  }

  #deliver(watcher: TopicWatcher, event: LiveEvent, provider: Provider, nativeId: string): void {
    if (deliver(watcher, event, provider, nativeId)) this.#eventCountsOf(provider.name).deliveries += 1;
  }

  #eventCountsOf(provider: string): { deliveries: number; resolutions: number } {
    let counts = this.#eventCounts.get(provider);
    if (!counts) {
      counts = { deliveries: 0, resolutions: 0 };
      this.#eventCounts.set(provider, counts);
    }
    return counts;
  }

  #failed(watcher: TopicWatcher, provider: Provider, error: unknown): void {
    this.#logger.error('live watch failed (a bug)', { provider: provider.name, message: (error as Error)?.message });
    void watcher.queue.return();
  }
}

/** True when a state was handed over. */
function deliver(watcher: TopicWatcher, event: LiveEvent, provider: Provider, nativeId: string): boolean {
  // Events queued on the bus before the latest state was read are already covered by it.
  if (event.sequence <= watcher.lastSequence) return false;
  watcher.lastSequence = event.sequence;
  if (event.type === 'missing') {
    watcher.queue.fail(notFound(`No execution "${nativeId}" at provider "${provider.name}"`, provider.name));
    return false;
  }
  watcher.queue.push(event.record);
  if (event.record.isTerminal) watcher.queue.end();
  return true;
}
