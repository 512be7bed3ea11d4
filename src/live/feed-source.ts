import type { ExecutionRecord } from '../model/execution-record.js';
import type { ProviderWith } from '../providers/require-operation.js';

/** One read of a feed scope: its newest executions, as one native list call returned them. */
export interface ScopeReading {
  /** Newest first. */
  records: readonly ExecutionRecord[];
  /** True when nothing older was left out: the reading holds the whole scope. */
  complete: boolean;
}

/** What is known of a feed scope after a read: the reading, or that the read failed (the source keeps trying). */
export type ScopeState = ScopeReading | 'unavailable';

/** Where a feed source hands its readings: the live feed of this process, which diffs and fans out. */
export interface FeedPublisher {
  /** Every read of a followed scope, in order (a shared source may skip readings equal to the last). */
  publish(scope: string, state: ScopeState): void;
}

/** Upstream work of a feed source, per provider. */
export interface FeedSourceStats {
  provider: string;
  /** Scopes read once per tick right now. */
  scopes: number;
  /** List calls sent upstream for feed scopes since start-up. */
  scopeReads: number;
  /** Of those, the ones that failed (the scope backs off and keeps being read). */
  scopeReadFailures: number;
}

/**
 * The seam of the live listing, as LiveSource is the seam of live status: who reads the feed
 * scopes (an AirOps app, a Cortex workflow, the Zaia workspace, all FlowMason flows), and how the
 * readings reach this process. In memory (ScopePoller) this process reads every scope its feeds
 * need once per tick. The shared source (RedisFeedSource) has each scope read by one replica
 * and relays its readings to every replica's `publish`: the live feed, its diffing and everything
 * above it stay as they are.
 */
export interface FeedSource {
  /**
   * This process wants the readings of `stream` at `provider`, published under `scope` (provider
   * name and stream: the same on every replica): the first at once, then one per tick. Called
   * when the first local feed needs the scope; not again until `unfollow`.
   */
  follow(scope: string, provider: ProviderWith<'list'>, stream: string): void;
  /** The last local feed of the scope closed: no further upstream call for it, a call in flight is aborted. */
  unfollow(scope: string): void;
  stats(): FeedSourceStats[];
  close(): Promise<void>;
}

/** A source is made for the feed it publishes to. */
export type FeedSourceFactory = (publisher: FeedPublisher) => FeedSource;
