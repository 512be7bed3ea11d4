/**
 * Faults a test arms for the next N matching requests. Faults are consumed in the order they
 * were armed; a request matches a rule when its method and path match (both optional).
 */
export type Fault =
  /** Answer with this status; `body` verbatim (default: the simulator's error envelope). */
  | { kind: 'status'; status: number; body?: string; contentType?: string; headers?: Record<string, string> }
  /** 429 with a `Retry-After` header (seconds) and the simulator's error envelope. */
  | { kind: 'rate-limit'; retryAfterSeconds: number }
  /** Wait `ms` before handling the request normally. */
  | { kind: 'delay'; ms: number }
  /** Destroy the socket without answering. */
  | { kind: 'reset' }
  /** 200 with a body that is not JSON. */
  | { kind: 'malformed' }
  /** 200 with an empty body. */
  | { kind: 'empty' };

export interface FaultMatch {
  method?: string;
  /** Exact path, or a RegExp tested against the path (no query string). */
  path?: string | RegExp;
}

interface FaultRule {
  fault: Fault;
  remaining: number;
  match: FaultMatch;
}

export class FaultInjector {
  #rules: FaultRule[] = [];

  /** Arms `fault` for the next `times` matching requests (default 1). */
  inject(fault: Fault, options: FaultMatch & { times?: number } = {}): void {
    const { times = 1, ...match } = options;
    if (!Number.isInteger(times) || times < 1) throw new RangeError(`times must be a positive integer, got ${times}`);
    this.#rules.push({ fault, remaining: times, match });
  }

  clear(): void {
    this.#rules = [];
  }

  pending(): number {
    return this.#rules.reduce((sum, rule) => sum + rule.remaining, 0);
  }

  /** Consumes and returns the fault for this request, if one is armed for it. */
  take(method: string, path: string): Fault | undefined {
    const index = this.#rules.findIndex((rule) => matches(rule.match, method, path));
    if (index === -1) return undefined;
    const rule = this.#rules[index]!;
    rule.remaining -= 1;
    if (rule.remaining === 0) this.#rules.splice(index, 1);
    return rule.fault;
  }
}

function matches(match: FaultMatch, method: string, path: string): boolean {
  if (match.method && match.method.toUpperCase() !== method) return false;
  if (match.path === undefined) return true;
  return typeof match.path === 'string' ? match.path === path : match.path.test(path);
}
