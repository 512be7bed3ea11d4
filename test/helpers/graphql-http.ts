import { request } from 'undici';

export interface GraphqlResponse<T = Record<string, unknown>> {
  status: number;
  body: { data?: T | null; errors?: GraphqlError[] };
  text: string;
}

export interface GraphqlError {
  message: string;
  path?: (string | number)[];
  extensions?: Record<string, unknown> & { code?: string };
}

/** POSTs one GraphQL operation over a real loopback socket. */
export async function postGraphql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphqlResponse<T>> {
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
    body: JSON.stringify({ query, ...(variables ? { variables } : {}) }),
  });
  const text = await response.body.text();
  let body: GraphqlResponse<T>['body'];
  try {
    body = JSON.parse(text) as GraphqlResponse<T>['body'];
  } catch {
    body = {};
  }
  return { status: response.statusCode, body, text };
}
