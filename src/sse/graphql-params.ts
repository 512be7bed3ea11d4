/** One GraphQL request as the lean SSE path serves it. */
export interface GraphQLParams {
  query: string;
  variables: Record<string, unknown> | undefined;
  operationName: string | undefined;
}

const knownParameters: ReadonlySet<string> = new Set(['query', 'variables', 'operationName', 'extensions']);

/**
 * The parameters of a GET, read as Yoga reads them (empty values count as absent). Anything
 * Yoga would refuse (a `variables` or `extensions` that is not a JSON object, no query) or treats
 * specially (`extensions.persistedQuery`) gives undefined, so that Yoga answers it as it always has.
 */
export function paramsFromQueryString(search: string): GraphQLParams | undefined {
  const parameters = new URLSearchParams(search);
  const variables = parseJsonParameter(parameters.get('variables'));
  const extensions = parseJsonParameter(parameters.get('extensions'));
  if (variables === invalid || extensions === invalid || isPersistedQuery(extensions)) return undefined;
  return checked({ query: parameters.get('query') || undefined, variables, operationName: parameters.get('operationName') || undefined });
}

/** The parameters of a JSON POST body; undefined for anything Yoga would refuse or treat specially. */
export function paramsFromJsonBody(body: Buffer): GraphQLParams | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!isObject(parsed)) return undefined;
  for (const [name, value] of Object.entries(parsed)) {
    if (value !== null && value !== undefined && !knownParameters.has(name)) return undefined;
  }
  const { extensions } = parsed;
  if (extensions !== null && extensions !== undefined && (!isObject(extensions) || isPersistedQuery(extensions))) return undefined;
  return checked(parsed);
}

const invalid = Symbol('invalid');

function parseJsonParameter(text: string | null): unknown {
  if (!text) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value === null || isObject(value) ? value : invalid;
  } catch {
    return invalid;
  }
}

function checked(candidate: Record<string, unknown>): GraphQLParams | undefined {
  const { query, variables, operationName } = candidate;
  if (typeof query !== 'string') return undefined;
  if (variables !== null && variables !== undefined && !isObject(variables)) return undefined;
  if (operationName !== null && operationName !== undefined && typeof operationName !== 'string') return undefined;
  return { query, variables: variables ?? undefined, operationName: operationName ?? undefined } as GraphQLParams;
}

/** Automatic persisted queries are Yoga's (its onParams hook): the lean path leaves them to it. */
function isPersistedQuery(extensions: unknown): boolean {
  return isObject(extensions) && extensions.persistedQuery !== undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
