import type { ExecutionRecord } from '../model/execution-record.js';
import type { Provider } from '../providers/provider.js';
import type { SourceStats } from './live-stats.js';

/** What is known of a watched execution: its record, or that the upstream does not know it (never did, or deleted it). */
export type LiveState = ExecutionRecord | 'missing';

/** Where a source hands what it learns: the hub of this process, which fans it out to its watches. */
export interface LivePublisher {
  /** The current state of a followed execution (the first one, then one per observed change), in order. */
  publish(key: string, state: LiveState): void;
}

/**
 * The one seam of live status: who polls, and how records reach this process. The in-memory
 * source (ExecutionPoller) polls here and publishes straight to the hub. The shared source
 * (RedisLiveSource) takes part in leases on poll partitions, polls only the partitions it holds
 * (the same poller, publishing to Redis), and relays the records Redis carries for every key
 * this process follows to `publish`, dropping what is not newer than the last it relayed: the
 * hub and everything above it stay as they are.
 */
export interface LiveSource {
  /**
   * This process wants the states of `nativeId` at `provider`, published under `key` (provider
   * name and native id: the same on every replica, so it can name a shared channel too): first
   * the current one, as soon as it is known, then each change.
   * Called when the first local watch arrives; not again until `unfollow`.
   */
  follow(key: string, provider: Provider, nativeId: string): void;
  /** The last local watch left: nothing more is published under `key`, and no upstream call is made for it on this process's behalf. */
  unfollow(key: string): void;
  /**
   * Whether a followed key must be polled at the base interval even while it does not change
   * (a live listing owes its feeds every change within a few ticks), or may back off again.
   */
  pace(key: string, steady: boolean): void;
  /** Upstream work per provider (the hub adds what it knows: watches and deliveries). */
  stats(): SourceStats[];
  close(): Promise<void>;
}

/** A source is made for the hub it publishes to. */
export type LiveSourceFactory = (publisher: LivePublisher) => LiveSource;
