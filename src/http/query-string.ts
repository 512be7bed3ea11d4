import type { QueryValue, UpstreamRequest } from './upstream-request.js';

/** `?a=1&b=x` from a request's query (arrays repeat the name; null and undefined are left out), or ''. */
export function queryString(query: UpstreamRequest['query']): string {
  if (!query) return '';
  const parts: string[] = [];
  for (const [name, value] of Object.entries(query)) {
    appendQuery(parts, name, value);
  }
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

function appendQuery(parts: string[], name: string, value: QueryValue): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(item))}`);
    return;
  }
  parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`);
}
