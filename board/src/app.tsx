import { useCallback, useEffect, useState } from 'preact/hooks';
import { readView, type BoardView } from './board-url.js';
import { ExecutionDetail } from './execution-detail.js';
import { describeError, ExecutionList } from './execution-list.js';
import type { BoardProvidersQuery } from './gql/graphql.js';
import { clientKey, isRefusedKey, request, resetSubscriptions } from './graphql-client.js';
import { KeyForm } from './key-form.js';
import { BoardProvidersDocument } from './operations.js';

type Providers = BoardProvidersQuery['providers'];

type Gate = { state: 'asking'; refused: string | null } | { state: 'checking' } | { state: 'open'; providers: Providers } | { state: 'failed'; message: string };

/** The board: a key when the gateway wants one, then the listing or one execution, as the URL says. */
export function App({ keyRequired }: { keyRequired: boolean }) {
  const [view, setView] = useState<BoardView>(() => readView());
  const [gate, setGate] = useState<Gate>(() => (keyRequired && !clientKey.get() ? { state: 'asking', refused: null } : { state: 'checking' }));

  useEffect(() => {
    const onPop = () => setView(readView());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const refuse = useCallback(() => {
    clientKey.clear();
    resetSubscriptions();
    setGate({ state: 'asking', refused: 'The gateway refused this key. Check it and try again.' });
  }, []);

  useEffect(() => {
    if (gate.state !== 'checking') return;
    request(BoardProvidersDocument, {}).then(
      (answer) => setGate({ state: 'open', providers: answer.data!.providers }),
      (error: unknown) => (isRefusedKey(error) ? refuse() : setGate({ state: 'failed', message: describeError(error) })),
    );
  }, [gate.state]);

  let body;
  if (gate.state === 'asking') {
    body = (
      <KeyForm
        refused={gate.refused}
        onKey={(key) => {
          clientKey.set(key);
          resetSubscriptions();
          setGate({ state: 'checking' });
        }}
      />
    );
  } else if (gate.state === 'checking') {
    body = <p class="quiet">Connecting…</p>;
  } else if (gate.state === 'failed') {
    body = <p class="problem">{gate.message}</p>;
  } else if (view.execution) {
    body = <ExecutionDetail view={view} providers={gate.providers} onRefusedKey={refuse} />;
  } else {
    body = <ExecutionList view={view} providers={gate.providers} onRefusedKey={refuse} />;
  }

  return (
    <>
      <header class="bar">
        <h1>
          <a href="/board">runql board</a>
        </h1>
        <span class="quiet">executions of every provider, newest first, live</span>
        {keyRequired && gate.state === 'open' ? (
          <button type="button" class="forget" onClick={() => refuseWith(setGate)}>
            Forget key
          </button>
        ) : null}
      </header>
      <main>{body}</main>
    </>
  );
}

function refuseWith(setGate: (gate: Gate) => void): void {
  clientKey.clear();
  resetSubscriptions();
  setGate({ state: 'asking', refused: null });
}
