/** The view, as the URL holds it: `/board?provider=a&provider=b&status=FAILED`, `/board?execution=<id>`. */
export interface BoardView {
  providers: string[];
  statuses: string[];
  execution: string | null;
}

export function readView(location: Location = window.location): BoardView {
  const parameters = new URLSearchParams(location.search);
  return {
    providers: parameters.getAll('provider').filter((value) => value !== ''),
    statuses: parameters.getAll('status').filter((value) => value !== ''),
    execution: parameters.get('execution') || null,
  };
}

export function viewHref(view: BoardView): string {
  const parameters = new URLSearchParams();
  for (const provider of view.providers) parameters.append('provider', provider);
  for (const status of view.statuses) parameters.append('status', status);
  if (view.execution) parameters.set('execution', view.execution);
  const query = parameters.toString();
  return `${window.location.pathname}${query ? `?${query}` : ''}`;
}

/** A new history entry, so that back returns to the previous view. */
export function goTo(view: BoardView): void {
  window.history.pushState(null, '', viewHref(view));
  window.dispatchEvent(new PopStateEvent('popstate'));
}
