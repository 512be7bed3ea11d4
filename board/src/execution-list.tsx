import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { goTo, viewHref, type BoardView } from './board-url.js';
import type { BoardProvidersQuery, BoardRowFragment, ExecutionFilter, ExecutionStatus } from './gql/graphql.js';
import { isRefusedKey, request, subscribe, type GraphQLErrorShape } from './graphql-client.js';
import { BoardExecutionsDocument, BoardFeedDocument } from './operations.js';
import { newestFirst } from './execution-order.js';
import { executionStatuses, StatusBadge } from './status-badge.js';
import { relativeTime, runDuration } from './time-format.js';
import { useNow } from './use-now.js';

type ProviderInfo = BoardProvidersQuery['providers'][number];

const pageSize = 50;

interface ListState {
  rows: Map<string, BoardRowFragment>;
  /** Ids the feed delivered: a listing page read before that state does not overwrite it. */
  live: Set<string>;
  endCursor: string | null;
  hasNextPage: boolean;
  loading: boolean;
  problems: string[];
}

const emptyState = (): ListState => ({ rows: new Map(), live: new Set(), endCursor: null, hasNextPage: false, loading: true, problems: [] });

/**
 * The merged executions, newest first, kept live by `executionsFeed`. The feed is filtered by
 * provider only: the status filter is applied here, so that a row whose execution moves out of
 * the filter (a RUNNING view, a run that ends) leaves the view instead of going stale.
 */
export function ExecutionList({ view, providers, onRefusedKey }: { view: BoardView; providers: ProviderInfo[]; onRefusedKey(): void }) {
  const [state, setState] = useState<ListState>(emptyState);
  const [feedState, setFeedState] = useState<'connecting' | 'live' | 'failed'>('connecting');
  const now = useNow();
  const providerFilter = view.providers.length > 0 ? view.providers : null;
  const statusFilter = view.statuses.length > 0 ? (view.statuses as ExecutionStatus[]) : null;
  const filterKey = JSON.stringify([providerFilter, statusFilter]);
  const statuses = statusFilter ? new Set<string>(statusFilter) : null;
  /** The listing asks the gateway for the statuses too; the feed does not (see above). */
  const pageFilter: ExecutionFilter = { ...(providerFilter ? { providers: providerFilter } : {}), ...(statusFilter ? { status: statusFilter } : {}) };

  useEffect(() => {
    let active = true;
    setState(emptyState());
    setFeedState('connecting');
    const feedFilter: ExecutionFilter = providerFilter ? { providers: providerFilter } : {};
    // The feed first: whatever changes while the first page is read is not lost.
    const stop = subscribe(BoardFeedDocument, { filter: feedFilter }, {
      next: (data) => {
        if (!active) return;
        setFeedState('live');
        const row = data.executionsFeed;
        setState((current) => {
          const rows = new Map(current.rows);
          rows.set(row.id, row);
          return { ...current, rows, live: new Set(current.live).add(row.id) };
        });
      },
      error: (error) => {
        if (!active) return;
        if (isRefusedKey(error)) onRefusedKey();
        setFeedState('failed');
      },
    });
    void loadPage(pageFilter, null);
    return () => {
      active = false;
      stop();
    };

    async function loadPage(filter: ExecutionFilter, after: string | null): Promise<void> {
      try {
        const answer = await request(BoardExecutionsDocument, { filter, first: pageSize, after });
        if (!active) return;
        const connection = answer.data!.executions;
        setState((current) => {
          const rows = new Map(current.rows);
          for (const { node } of connection.edges) if (!current.live.has(node.id)) rows.set(node.id, node);
          return {
            ...current,
            rows,
            endCursor: connection.pageInfo.endCursor ?? null,
            hasNextPage: connection.pageInfo.hasNextPage,
            loading: false,
            problems: answer.errors.map(describeProblem),
          };
        });
        // The stream says nothing until something changes: once the page is in, the board is live.
        setFeedState((current) => (current === 'connecting' ? 'live' : current));
      } catch (error) {
        if (!active) return;
        if (isRefusedKey(error)) onRefusedKey();
        setState((current) => ({ ...current, loading: false, problems: [describeError(error)] }));
      }
    }
  }, [filterKey]);

  const rows = useMemo(
    () => [...state.rows.values()].filter((row) => statuses === null || statuses.has(row.status)).sort(newestFirst),
    [state.rows, view.statuses.join(',')],
  );

  // The filter an older page was asked for: one that arrives after the filter changed is dropped, not merged into the new view.
  const shownFilter = useRef(filterKey);
  shownFilter.current = filterKey;
  const loadMore = async () => {
    const askedFor = filterKey;
    try {
      const answer = await request(BoardExecutionsDocument, { filter: pageFilter, first: pageSize, after: state.endCursor });
      if (shownFilter.current !== askedFor) return;
      const connection = answer.data!.executions;
      setState((current) => {
        const merged = new Map(current.rows);
        for (const { node } of connection.edges) if (!current.live.has(node.id)) merged.set(node.id, node);
        return { ...current, rows: merged, endCursor: connection.pageInfo.endCursor ?? null, hasNextPage: connection.pageInfo.hasNextPage };
      });
    } catch (error) {
      if (shownFilter.current !== askedFor) return;
      setState((current) => ({ ...current, problems: [describeError(error)] }));
    }
  };

  return (
    <section class="listing">
      <Filters view={view} providers={providers} feedState={feedState} />
      {state.problems.map((problem) => (
        <p class="problem" key={problem}>
          {problem}
        </p>
      ))}
      <table class="executions">
        <thead>
          <tr>
            <th>Status</th>
            <th>Provider</th>
            <th>Target</th>
            <th>Execution</th>
            <th>Created</th>
            <th>Duration</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-execution-id={row.id} data-status={row.status} class={row.isTerminal ? 'ended' : 'active'}>
              <td>
                <StatusBadge status={row.status} nativeStatus={row.nativeStatus} />
              </td>
              <td class="provider">{row.provider.name}</td>
              <td class="target" title={row.targetId ?? ''}>
                {row.targetId ?? '—'}
              </td>
              <td class="native-id">
                <a href={viewHref({ ...view, execution: row.id })} onClick={(event) => navigate(event, { ...view, execution: row.id })} title={row.nativeId}>
                  {row.nativeId}
                </a>
              </td>
              <td class="created" title={row.createdAt}>
                {relativeTime(row.createdAt, now)}
              </td>
              <td class="duration">{runDuration(row, now)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {state.loading ? <p class="quiet">Loading…</p> : rows.length === 0 ? <p class="quiet">No executions match.</p> : null}
      {state.hasNextPage ? (
        <button type="button" class="more" onClick={() => void loadMore()}>
          Older executions
        </button>
      ) : null}
    </section>
  );
}

function Filters({ view, providers, feedState }: { view: BoardView; providers: ProviderInfo[]; feedState: string }) {
  const toggle = (list: string[], value: string) => (list.includes(value) ? list.filter((item) => item !== value) : [...list, value]);
  return (
    <div class="filters">
      <fieldset>
        <legend>Providers</legend>
        {providers.map((provider) => (
          <label key={provider.name}>
            <input
              type="checkbox"
              name="provider"
              value={provider.name}
              checked={view.providers.includes(provider.name)}
              onChange={() => goTo({ ...view, providers: toggle(view.providers, provider.name) })}
            />
            {provider.name}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Status</legend>
        {executionStatuses.map((status: ExecutionStatus) => (
          <label key={status}>
            <input type="checkbox" name="status" value={status} checked={view.statuses.includes(status)} onChange={() => goTo({ ...view, statuses: toggle(view.statuses, status) })} />
            <StatusBadge status={status} />
          </label>
        ))}
      </fieldset>
      <span class={`feed feed-${feedState}`} data-feed-state={feedState}>
        {feedState === 'live' ? 'live' : feedState === 'failed' ? 'live updates stopped' : 'connecting…'}
      </span>
    </div>
  );
}

export function navigate(event: MouseEvent, view: BoardView): void {
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
  event.preventDefault();
  goTo(view);
}

function describeProblem(error: GraphQLErrorShape): string {
  const provider = error.extensions?.provider;
  return `${provider ? `${provider}: ` : ''}${error.message}${error.extensions?.code ? ` (${error.extensions.code})` : ''}`;
}

export function describeError(error: unknown): string {
  if (error && typeof error === 'object' && 'errors' in error && Array.isArray((error as { errors: unknown }).errors)) {
    return ((error as { errors: GraphQLErrorShape[] }).errors).map(describeProblem).join('; ');
  }
  return error instanceof Error ? error.message : String(error);
}
