import { Pool } from 'undici';

/** Sends GraphQL operations over a keep-alive pool, as a frontend's many users would. */
export class GraphqlLoad {
  #pool: Pool;
  #path: string;
  failures = 0;

  constructor(url: string, connections: number) {
    const parsed = new URL(url);
    this.#pool = new Pool(parsed.origin, { connections, pipelining: 1 });
    this.#path = parsed.pathname;
  }

  async send(query: string, variables?: Record<string, unknown>): Promise<unknown> {
    const response = await this.#pool.request({
      method: 'POST',
      path: this.#path,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, ...(variables ? { variables } : {}) }),
    });
    const body = (await response.body.json()) as { errors?: unknown[]; data?: unknown };
    if (response.statusCode !== 200 || body.errors) this.failures += 1;
    return body.data;
  }

  /** `clients` loops, each sending `next()` until `count` operations in all have been sent; resolves with the elapsed ms. */
  async run(clients: number, count: number, next: (index: number) => { query: string; variables?: Record<string, unknown> }): Promise<number> {
    let issued = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (issued < count) {
          const operation = next(issued++);
          await this.send(operation.query, operation.variables);
        }
      }),
    );
    return performance.now() - started;
  }

  /** Like run, for `seconds`; resolves with operations completed per second. */
  async throughput(clients: number, seconds: number, next: () => { query: string; variables?: Record<string, unknown> }): Promise<{ perSecond: number; operations: number }> {
    let operations = 0;
    const deadline = performance.now() + seconds * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (performance.now() < deadline) {
          const operation = next();
          await this.send(operation.query, operation.variables);
          operations += 1;
        }
      }),
    );
    return { perSecond: (operations * 1000) / (performance.now() - started), operations };
  }

  close(): Promise<void> {
    return this.#pool.close();
  }
}
