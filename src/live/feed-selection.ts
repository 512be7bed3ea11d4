import { badUserInput } from '../errors/gateway-error.js';
import type { ExecutionFilterInput, ProviderDirectory } from '../listing/listing-scope.js';
import type { ExecutionRecord } from '../model/execution-record.js';
import type { ExecutionStatus } from '../model/execution-status.js';
import { forbidden } from '../operations/provider-access.js';
import type { CallOptions } from '../providers/provider.js';
import { hasOperation, type ProviderWith } from '../providers/require-operation.js';
import type { FeedMatcher } from './feed-watch.js';

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
}

/** Every native stream a provider lists with no filter (the scopes shared by every feed). */
export type UnfilteredStreams = (provider: ProviderWith<'list'>) => Promise<readonly string[]>;

export function feedScopeKey(provider: string, stream: string): string {
  return `${provider}\u0000${stream}`;
}

/**
 * Resolves a feed's filter. Unlike `executions`, a provider named in the filter that the key may
 * not see is FORBIDDEN (a feed cannot say "this one is missing" later); unknown is BAD_USER_INPUT.
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
  const named = input?.providers ?? null;
  if (named) {
    for (const name of named) {
      if (!directory.get(name)) throw badUserInput(`Unknown provider "${name}" in filter.providers`);
      if (!canSee(name)) throw forbidden(name);
    }
  }
  const statuses: ReadonlySet<ExecutionStatus> | null = input?.status ? new Set(input.status) : null;
  const targetIds = input?.targetIds ? [...new Set(input.targetIds)] : null;
  const none: FeedSelection = { scopes: [], matches: () => false };
  if (statuses?.size === 0 || targetIds?.length === 0) return none;

  const providers = directory
    .all()
    .filter((provider) => canSee(provider.name) && (named === null || named.includes(provider.name)))
    .filter((provider): provider is ProviderWith<'list'> => hasOperation(provider, 'list'));
  const scopes: FeedScope[] = [];
  /** Scopes whose records are checked against the targets here. */
  const targetChecked = new Set<string>();
  await Promise.all(
    providers.map(async (provider) => {
      const all = await unfilteredStreams(provider);
      let streams: readonly string[] = all;
      let checkTargets = false;
      if (targetIds !== null) {
        const wanted = await provider.operations.list.streams({ targetIds, statuses: null }, options);
        if (wanted.every((stream) => all.includes(stream))) streams = wanted;
        else checkTargets = true;
      }
      for (const stream of new Set(streams)) {
        const key = feedScopeKey(provider.name, stream);
        scopes.push({ key, provider, stream });
        if (checkTargets) targetChecked.add(key);
      }
    }),
  );
  const targets = targetIds === null ? null : new TargetSet(targetIds);
  return {
    scopes,
    matches: (record: ExecutionRecord, scope: string) =>
      (statuses === null || statuses.has(record.status)) && (targets === null || !targetChecked.has(scope) || targets.has(record.targetId)),
  };
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Target ids as given; a uuid matches in any case (RFC 9562), anything else exactly. */
class TargetSet {
  #exact: Set<string>;
  #uuids: Set<string>;

  constructor(targetIds: readonly string[]) {
    this.#exact = new Set(targetIds);
    this.#uuids = new Set(targetIds.filter((id) => uuidPattern.test(id)).map((id) => id.toLowerCase()));
  }

  has(targetId: string | null): boolean {
    if (targetId === null) return false;
    return this.#exact.has(targetId) || (uuidPattern.test(targetId) && this.#uuids.has(targetId.toLowerCase()));
  }
}
