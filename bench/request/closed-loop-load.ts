import { createRequire } from 'node:module';

export interface LoadResult {
  perSecond: number;
  requests: number;
  /** Non-2xx answers, socket errors and timeouts. */
  failures: number;
  p50Ms: number;
  p99Ms: number;
}

interface AutocannonClient {
  setBody(body: string): void;
}

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;

// autocannon is CommonJS without types; it builds each connection's raw request once, so the
// load generator's own CPU share stays small next to the servers it measures.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/**
 * `connections` clients, each sending its next request as soon as the previous answer arrives
 * (a closed loop), for `seconds` after `warmupSeconds` not counted. Connection `n` always sends
 * `bodyOf(n)`.
 */
export async function closedLoop(url: string, connections: number, seconds: number, warmupSeconds: number, bodyOf: (connection: number) => string): Promise<LoadResult> {
  const options = (duration: number) => {
    let next = 0;
    return {
      url,
      method: 'POST',
      connections,
      pipelining: 1,
      duration,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      setupClient: (client: AutocannonClient) => client.setBody(bodyOf(next++)),
    };
  };
  if (warmupSeconds > 0) await autocannon(options(warmupSeconds));
  const result = await autocannon(options(seconds));
  return {
    perSecond: result.requests.total / seconds,
    requests: result.requests.total,
    failures: result.non2xx + result.errors + result.timeouts,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
  };
}
