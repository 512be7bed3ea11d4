/** The path of a node request's URL, without its query string. */
export function pathOf(url: string | undefined): string {
  const text = url ?? '';
  const queryAt = text.indexOf('?');
  return queryAt === -1 ? text : text.slice(0, queryAt);
}
