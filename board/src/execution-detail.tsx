import { useEffect, useState } from 'preact/hooks';
import { viewHref, type BoardView } from './board-url.js';
import { describeError, navigate } from './execution-list.js';
import type { BoardDetailFragment, BoardProvidersQuery, BoardRowFragment, Feedback } from './gql/graphql.js';
import { isRefusedKey, request, subscribe } from './graphql-client.js';
import { BoardCancelDocument, BoardExecutionDocument, BoardExecutionUpdatedDocument, BoardRateDocument, BoardRetryDocument } from './operations.js';
import { StatusBadge } from './status-badge.js';
import { relativeTime, runDuration } from './time-format.js';
import { useNow } from './use-now.js';

type ProviderInfo = BoardProvidersQuery['providers'][number];

type Loaded = { state: 'loading' } | { state: 'missing' } | { state: 'failed'; message: string } | { state: 'ready'; execution: BoardDetailFragment };

const feedbacks: Feedback[] = ['POSITIVE', 'NEUTRAL', 'NEGATIVE'];

/** One execution: what it got and gave, where it sits in its tree, and what can be done to it. */
export function ExecutionDetail({ view, providers, onRefusedKey }: { view: BoardView; providers: ProviderInfo[]; onRefusedKey(): void }) {
  const id = view.execution!;
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [actionState, setActionState] = useState<{ busy: string | null; message: string | null; failed: boolean; other: BoardRowFragment | null }>({
    busy: null,
    message: null,
    failed: false,
    other: null,
  });
  const now = useNow();

  useEffect(() => {
    let active = true;
    setLoaded({ state: 'loading' });
    setActionState({ busy: null, message: null, failed: false, other: null });
    request(BoardExecutionDocument, { id }).then(
      (answer) => active && setLoaded(answer.data!.execution ? { state: 'ready', execution: answer.data!.execution } : { state: 'missing' }),
      (error: unknown) => {
        if (!active) return;
        if (isRefusedKey(error)) onRefusedKey();
        setLoaded({ state: 'failed', message: describeError(error) });
      },
    );
    // Its live status until it ends (the subscription completes after the terminal state).
    const stop = subscribe(BoardExecutionUpdatedDocument, { id }, {
      next: (data) => active && setLoaded({ state: 'ready', execution: data.executionUpdated }),
      error: () => undefined,
    });
    return () => {
      active = false;
      stop();
    };
  }, [id]);

  const back = { ...view, execution: null };
  const header = (
    <p class="crumbs">
      <a href={viewHref(back)} onClick={(event) => navigate(event, back)}>
        ← All executions
      </a>
    </p>
  );
  if (loaded.state === 'loading') return <section class="detail">{header}<p class="quiet">Loading…</p></section>;
  if (loaded.state === 'missing') return <section class="detail">{header}<p class="problem">No execution with this id (it may have been deleted).</p></section>;
  if (loaded.state === 'failed') return <section class="detail">{header}<p class="problem">{loaded.message}</p></section>;

  const execution = loaded.execution;
  const capabilities = new Set(providers.find((provider) => provider.name === execution.provider.name)?.capabilities ?? []);
  const act = async (name: string, run: () => Promise<BoardDetailFragment>) => {
    setActionState({ busy: name, message: null, failed: false, other: null });
    try {
      const result = await run();
      if (result.id === execution.id) {
        setLoaded({ state: 'ready', execution: result });
        setActionState({ busy: null, message: `${name}: done`, failed: false, other: null });
      } else {
        setActionState({ busy: null, message: `${name}: a new execution was started`, failed: false, other: result });
      }
    } catch (error) {
      if (isRefusedKey(error)) onRefusedKey();
      setActionState({ busy: null, message: `${name} refused: ${describeError(error)}`, failed: true, other: null });
    }
  };

  return (
    <section class="detail" data-execution-detail={execution.id} data-status={execution.status}>
      {header}
      <h2>
        <StatusBadge status={execution.status} nativeStatus={execution.nativeStatus} /> <span class="native-id">{execution.nativeId}</span>
      </h2>
      <dl class="facts">
        <dt>Provider</dt>
        <dd>{execution.provider.name}</dd>
        <dt>Target</dt>
        <dd>{execution.targetId ?? '—'}</dd>
        <dt>Upstream status</dt>
        <dd>{execution.nativeStatus}</dd>
        <dt>Created</dt>
        <dd title={execution.createdAt}>{relativeTime(execution.createdAt, now)}</dd>
        <dt>Duration</dt>
        <dd>{runDuration(execution, now) || '—'}</dd>
        {execution.creditsUsed !== null && execution.creditsUsed !== undefined ? (
          <>
            <dt>Credits</dt>
            <dd>{execution.creditsUsed}</dd>
          </>
        ) : null}
        {'feedback' in execution && execution.feedback ? (
          <>
            <dt>Feedback</dt>
            <dd>{execution.feedback}</dd>
          </>
        ) : null}
      </dl>

      <div class="actions">
        {capabilities.has('cancel') ? (
          <button type="button" name="cancel" disabled={actionState.busy !== null} onClick={() => void act('Cancel', async () => (await request(BoardCancelDocument, { id: execution.id })).data!.cancelExecution)}>
            Cancel
          </button>
        ) : null}
        {capabilities.has('retry') ? (
          <button type="button" name="retry" disabled={actionState.busy !== null} onClick={() => void act('Retry', async () => (await request(BoardRetryDocument, { id: execution.id })).data!.retryExecution)}>
            Retry
          </button>
        ) : null}
        {capabilities.has('rate')
          ? feedbacks.map((feedback) => (
              <button
                type="button"
                name="rate"
                value={feedback}
                key={feedback}
                disabled={actionState.busy !== null}
                onClick={() => void act(`Rate ${feedback.toLowerCase()}`, async () => (await request(BoardRateDocument, { id: execution.id, feedback })).data!.rateExecution)}
              >
                Rate {feedback.toLowerCase()}
              </button>
            ))
          : null}
        {actionState.message ? (
          <p role="status" class={actionState.failed ? 'action-error' : 'action-done'}>
            {actionState.message}
            {actionState.other ? (
              <>
                {' '}
                <a href={viewHref({ ...view, execution: actionState.other.id })} onClick={(event) => navigate(event, { ...view, execution: actionState.other!.id })}>
                  {actionState.other.nativeId}
                </a>
              </>
            ) : null}
          </p>
        ) : null}
      </div>

      <h3>Input</h3>
      <pre class="json input">{json(execution.input)}</pre>
      <h3>Output</h3>
      <pre class="json output">{json(execution.output)}</pre>
      <h3>Error</h3>
      <pre class={`json error${execution.error ? ' has-error' : ''}`}>{execution.error ? `${execution.error.code ? `${execution.error.code}: ` : ''}${execution.error.message}` : '—'}</pre>

      <h3>Parent</h3>
      {execution.parent ? <ExecutionLinks view={view} rows={[execution.parent]} now={now} /> : <p class="quiet">None</p>}
      <h3>Children</h3>
      {execution.children.edges.length > 0 ? <ExecutionLinks view={view} rows={execution.children.edges.map((edge) => edge.node)} now={now} /> : <p class="quiet">None</p>}
    </section>
  );
}

function ExecutionLinks({ view, rows, now }: { view: BoardView; rows: BoardRowFragment[]; now: number }) {
  return (
    <ul class="links">
      {rows.map((row) => (
        <li key={row.id} data-execution-id={row.id} data-status={row.status}>
          <StatusBadge status={row.status} />{' '}
          <a href={viewHref({ ...view, execution: row.id })} onClick={(event) => navigate(event, { ...view, execution: row.id })}>
            {row.nativeId}
          </a>{' '}
          <span class="quiet">{relativeTime(row.createdAt, now)}</span>
        </li>
      ))}
    </ul>
  );
}

function json(value: unknown): string {
  if (value === null || value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}
