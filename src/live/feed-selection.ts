import { selectProviders, unlistableError, type ExecutionFilterInput, type ProviderDirectory } from '../listing/listing-scope.js';
import type { ExecutionRecord } from '../model/execution-record.js';
import type { ExecutionStatus } from '../model/execution-status.js';
import { forbidden } from '../operations/provider-access.js';
import type { CallOptions } from '../providers/provider.js';
import type { ProviderWith } from '../providers/require-operation.js';
import type { FeedMatcher } from './feed-watch.js';
import { isUuid } from '../model/uuid.js';

/** One native listing scope a feed reads: a provider's stream with no filter pushed down. */
export interface FeedScope {
  /** Provider name and stream (names cannot contain the separator). */
  key: string;
  provider: ProviderWith<'list'>;
  stream: string;
}

/** What one feed subscribes to: the scopes it needs, and which of their executions it keeps. */
export interface FeedSelection extends FeedMatcher {
  scopes: FeedScope[];
  /** Providers whose scopes could not be resolved (their upstream failed): the feed asks again until they are. */
  unresolved: UnresolvedScopes[];
}

/** A provider of a feed whose scopes are not known yet. */
export interface UnresolvedScopes {
  provider: ProviderWith<'list'>;
  /** Why the last attempt failed. */
  error: unknown;
  /** Asks again: the provider's scopes for this feed, or a rejection. */
  resolve(): Promise<FeedScope[]>;
}

/** Every native stream a provider lists with no filter (the scopes shared by every feed). */
export type UnfilteredStreams = (provider: ProviderWith<'list'>) => Promise<readonly string[]>;

export function feedScopeKey(provider: string, stream: string): string {
  return `${provider}\u0000${stream}`;
}

/**
 * Resolves a feed's filter (selectProviders, as `executions` does). Unlike `executions`, a
 * provider named in the filter that the key may not see is FORBIDDEN, and one that cannot list
 * NOT_SUPPORTED, before the stream starts: a feed cannot say "this one is missing" later.
 * Unknown is BAD_USER_INPUT. A provider whose streams cannot be resolved now (its upstream
 * fails) does not fail the feed: it is `unresolved`, and the others are served meanwhile.
 *
 * Scopes are always read unfiltered, so that every feed of a provider shares them: statuses are
 * checked here on each record. Targets narrow the scopes where the provider's streams for those
 * targets are among its unfiltered ones (AirOps apps, Cortex workflows, however the target is
 * spelled); otherwise (one stream for all flows, the Zaia workspace) the record's target is
 * compared here, uuids case-insensitively.
 */
export async function resolveFeedSelection(
  input: ExecutionFilterInput | null | undefined,
  directory: ProviderDirectory,
  canSee: (name: string) => boolean,
  unfilteredStreams: UnfilteredStreams,
  options: CallOptions,
): Promise<FeedSelection> {
  const { providers, unlistable, hidden } = selectProviders(input, directory, canSee);
  if (hidden.length > 0) throw forbidden(hidden[0]!);
  if (unlistable.length > 0) throw unlistableError(unlistable[0]!);
  const statuses: ReadonlySet<ExecutionStatus> | null = input?.status ? new Set(input.status) : null;
  const targetIds = input?.targetIds ? [...new Set(input.targetIds)] : null;

  /** Scopes whose records are checked against the targets here. */
  const targetChecked = new Set<string>();
  const scopesOf = async (provider: ProviderWith<'list'>): Promise<FeedScope[]> => {
    const all = await unfilteredStreams(provider);
    let streams: readonly string[] = all;
    let checkTargets = false;
    if (targetIds !== null) {
      const wanted = await provider.operations.list.streams({ targetIds, statuses: null }, options);
      if (wanted.every((stream) => all.includes(stream))) streams = wanted;
      else checkTargets = true;
    }
    const scopes: FeedScope[] = [];
    for (const stream of new Set(streams)) {
      const key = feedScopeKey(provider.name, stream);
      scopes.push({ key, provider, stream });
      if (checkTargets) targetChecked.add(key);
    }
    return scopes;
  };
  const scopes: FeedScope[] = [];
  const unresolved: UnresolvedScopes[] = [];
  await Promise.all(
    providers.map(async (provider) => {
      try {
        scopes.push(...(await scopesOf(provider)));
      } catch (error) {
        unresolved.push({ provider, error, resolve: () => scopesOf(provider) });
      }
    }),
  );
  // The client left while the scopes were asked for: there is no feed to serve.
  options.signal?.throwIfAborted();
  const targets = targetIds === null ? null : new TargetSet(targetIds);
  return {
    scopes,
    unresolved,
    matches: (record: ExecutionRecord, scope: string) =>
      (statuses === null || statuses.has(record.status)) && (targets === null || !targetChecked.has(scope) || targets.has(record.targetId)),
  };
}

/** Target ids as given; a uuid matches in any case (RFC 9562), anything else exactly. */
class TargetSet {
  #exact: Set<string>;
  #uuids: Set<string>;

  constructor(targetIds: readonly string[]) {
    this.#exact = new Set(targetIds);
    this.#uuids = new Set(targetIds.filter(isUuid).map((id) => id.toLowerCase()));
  }

  has(targetId: string | null): boolean {
    if (targetId === null) return false;
    return this.#exact.has(targetId) || (isUuid(targetId) && this.#uuids.has(targetId.toLowerCase()));
  }
}
