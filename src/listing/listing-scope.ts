import { createHash } from 'node:crypto';
import { badUserInput, notSupported, type GatewayError } from '../errors/gateway-error.js';
import type { ExecutionRecord } from '../model/execution-record.js';
import type { ExecutionStatus } from '../model/execution-status.js';
import type { ListFilter, Provider } from '../providers/provider.js';
import { hasOperation, type ProviderWith } from '../providers/require-operation.js';

/** `ExecutionFilter` as the client sent it; null or absent fields do not restrict. */
export interface ExecutionFilterInput {
  providers?: readonly string[] | null | undefined;
  status?: readonly ExecutionStatus[] | null | undefined;
  targetIds?: readonly string[] | null | undefined;
}

/** What one `executions` request lists. */
export interface ListingScope {
  /** Permitted providers that can list and that the filter selects, in configuration order. */
  providers: ProviderWith<'list'>[];
  /** Providers the filter names explicitly that cannot list (each gets a NOT_SUPPORTED error). */
  unlistable: Provider[];
  /** Pushed down to every provider (each filters upstream where it can). */
  filter: ListFilter;
  /** Identifies the filter, so a cursor's native positions are reused only under the same one. */
  digest: string;
}

export interface ProviderDirectory {
  get(name: string): Provider | undefined;
  /** Every configured provider, in configuration order. */
  all(): Provider[];
}

/** The providers a filter selects for a client key: what `executions` and `executionsFeed` share. */
export interface ProviderSelection {
  /** Permitted providers that can list and that the filter selects, in configuration order (none when the filter matches nothing). */
  providers: ProviderWith<'list'>[];
  /** Permitted providers the filter names explicitly that cannot list (see unlistableError). */
  unlistable: Provider[];
  /** Names in the filter of providers the key may not see. */
  hidden: string[];
}

/**
 * The one reading of `filter.providers` (and of a filter that matches nothing): an unknown
 * provider name is BAD_USER_INPUT; a provider the key may not see is left out (and named in
 * `hidden`); one named explicitly that cannot list is `unlistable`. How hidden and unlistable
 * providers are answered is the caller's: a listing reports them beside what others listed, a
 * feed (which cannot say "this one is missing" later) refuses to start.
 */
export function selectProviders(input: ExecutionFilterInput | null | undefined, directory: ProviderDirectory, canSee: (name: string) => boolean): ProviderSelection {
  const named = input?.providers ?? null;
  if (named) {
    for (const name of named) {
      if (!directory.get(name)) throw badUserInput(`Unknown provider "${name}" in filter.providers`);
    }
  }
  const selected = directory.all().filter((provider) => canSee(provider.name) && (named === null || named.includes(provider.name)));
  const canList = (provider: Provider): provider is ProviderWith<'list'> => hasOperation(provider, 'list');
  // An empty status or target list matches nothing: no upstream needs asking.
  const matchesNothing = input?.status?.length === 0 || input?.targetIds?.length === 0;
  return {
    providers: matchesNothing ? [] : selected.filter(canList),
    unlistable: named === null ? [] : selected.filter((provider) => !canList(provider)),
    hidden: named === null ? [] : [...new Set(named)].filter((name) => !canSee(name)),
  };
}

/** The answer about a provider named in a filter that cannot list, for `executions` and `executionsFeed` alike. */
export function unlistableError(provider: Provider): GatewayError {
  return notSupported(provider.name, 'listing executions');
}

/**
 * Resolves the filter against the configured providers (see selectProviders: a provider the
 * key may not see is left out, as if not configured). The same filter always gives the same
 * digest, whatever its order.
 */
export function resolveListingScope(input: ExecutionFilterInput | null | undefined, directory: ProviderDirectory, canSee: (name: string) => boolean): ListingScope {
  const { providers, unlistable } = selectProviders(input, directory, canSee);
  const named = input?.providers ?? null;
  const statuses = input?.status ? [...new Set(input.status)].sort() : null;
  const targetIds = input?.targetIds ? [...new Set(input.targetIds)].sort() : null;
  const filter: ListFilter = { statuses, targetIds };
  const digest = createHash('sha256')
    .update(JSON.stringify([named ? [...new Set(named)].sort() : null, statuses, targetIds]))
    .digest('base64url')
    .slice(0, 12);
  return { providers, unlistable, filter, digest };
}

/**
 * What the gateway checks itself on every listed record. Statuses: upstreams that cannot
 * filter by status return everything. Targets are not re-checked here: every provider selects
 * them through its streams or upstream parameters, and only it knows which forms name the same
 * target (an AirOps app by uuid or by numeric id).
 */
export function matchesFilter(record: ExecutionRecord, filter: ListFilter): boolean {
  return filter.statuses === null || filter.statuses.includes(record.status);
}
