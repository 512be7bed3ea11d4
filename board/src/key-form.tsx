import { useState } from 'preact/hooks';

/** Asks for a client key once per tab; a refused key shows why, and the form again. */
export function KeyForm({ refused, onKey }: { refused: string | null; onKey(key: string): void }) {
  const [value, setValue] = useState('');
  return (
    <section class="key-panel">
      <h2>This gateway needs a client key</h2>
      {refused ? <p role="alert" class="alert">{refused}</p> : null}
      <form
        id="board-key"
        onSubmit={(event) => {
          event.preventDefault();
          if (value.trim() !== '') onKey(value.trim());
        }}
      >
        <label>
          API key <input name="apiKey" type="password" autocomplete="off" value={value} onInput={(event) => setValue(event.currentTarget.value)} required />
        </label>
        <button type="submit">Open the board</button>
      </form>
      <p class="hint">The key is kept for this tab only (sessionStorage) and sent as <code>Authorization: Bearer</code> to /graphql.</p>
    </section>
  );
}
