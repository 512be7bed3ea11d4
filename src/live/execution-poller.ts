import type { Provider } from '../providers/provider.js';
import type { LiveEvent } from './live-event.js';
import type { ProviderPollStats } from './live-stats.js';

/**
 * Polls each watched execution once per tick however many watch it, and publishes what it
 * sees on the live bus. This is the seam for a poller shared by several replicas (a lease per
 * execution and the latest state in Redis): the hub only acquires, releases and reads.
 */
export interface ExecutionPoller {
  /** One more watcher of this execution; the first one starts polling it at once. */
  acquire(provider: Provider, nativeId: string): void;
  /** One watcher fewer; after the last, no further upstream call is made for it. */
  release(provider: Provider, nativeId: string): void;
  /** The last event published for this execution, if there was one. */
  latest(provider: Provider, nativeId: string): Promise<LiveEvent | undefined>;
  stats(): ProviderPollStats[];
  close(): Promise<void>;
}
