import { Agent, request, type ClientRequest } from 'node:http';

/** What a crowd member received: the event's data, parsed, and when it arrived. */
export type EventListener = (data: unknown, receivedAt: number) => void;

/**
 * Many GraphQL-over-SSE subscriptions, one HTTP connection each (as a browser's EventSource
 * would hold them), with a parser that only splits events and parses their JSON.
 */
export class SseCrowd {
  #url: URL;
  #agent = new Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
  #requests: ClientRequest[] = [];
  #onEvent: EventListener;
  #query: string;
  closedEarly = 0;

  constructor(url: string, query: string, onEvent: EventListener) {
    this.#url = new URL(url);
    this.#query = query;
    this.#onEvent = onEvent;
  }

  get size(): number {
    return this.#requests.length;
  }

  /** Opens `count` subscriptions, `batch` at a time, each waiting for its first event. */
  async open(count: number, variablesOf: (index: number) => Record<string, unknown>, batch = 250): Promise<void> {
    for (let start = 0; start < count; start += batch) {
      const pending: Promise<void>[] = [];
      for (let index = start; index < Math.min(count, start + batch); index++) pending.push(this.#subscribe(variablesOf(index)));
      await Promise.all(pending);
    }
  }

  close(): void {
    for (const outgoing of this.#requests) outgoing.destroy();
    this.#requests = [];
    this.#agent.destroy();
  }

  #subscribe(variables: Record<string, unknown>): Promise<void> {
    return new Promise((resolve, reject) => {
      const outgoing = request({
        host: this.#url.hostname,
        port: this.#url.port,
        path: this.#url.pathname,
        method: 'POST',
        agent: this.#agent,
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      });
      this.#requests.push(outgoing);
      let first = true;
      outgoing.on('error', (error) => {
        if (first) reject(error);
      });
      outgoing.on('response', (response) => {
        response.setEncoding('utf8');
        let buffer = '';
        response.on('data', (chunk: string) => {
          const receivedAt = Date.now();
          buffer += chunk;
          let end = buffer.indexOf('\n\n');
          while (end !== -1) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            end = buffer.indexOf('\n\n');
            if (!block.startsWith('event: next')) continue;
            const dataAt = block.indexOf('data: ');
            if (dataAt === -1) continue;
            this.#onEvent(JSON.parse(block.slice(dataAt + 6)), receivedAt);
            if (first) {
              first = false;
              resolve();
            }
          }
        });
        response.on('close', () => {
          if (first) reject(new Error('an SSE subscription closed before its first event'));
          else this.closedEarly += 1;
        });
      });
      outgoing.end(JSON.stringify({ query: this.#query, variables }));
    });
  }
}
