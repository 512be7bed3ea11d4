import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const workerPath = fileURLToPath(new URL('./crowd-worker.ts', import.meta.url));

interface Reply {
  type: string;
  latencies?: number[];
  closedEarly?: number;
  message?: string;
}

/** SSE subscribers spread over worker processes (each one below the open-file limit). */
export class CrowdPool {
  #workers: ChildProcess[];

  constructor(workers: number) {
    this.#workers = Array.from({ length: workers }, () => fork(workerPath, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  }

  /** Subscribes to each global id once, round-robin over the workers; resolves when all saw a first event. */
  async open(url: string, query: string, ids: readonly string[]): Promise<void> {
    await this.openWith(url, query, ids.map((id) => ({ id })), 'executionUpdated');
  }

  /** One subscription per variables object; latency is read from `data[field].output.at`. */
  async openWith(url: string, query: string, variables: readonly Record<string, unknown>[], field: string): Promise<void> {
    const shares = this.#workers.map((_, index) => variables.filter((__, position) => position % this.#workers.length === index));
    await Promise.all(this.#workers.map((worker, index) => this.#ask(worker, { type: 'open', url, query, variables: shares[index], field }, 'opened')));
  }

  async measureFrom(since: number): Promise<void> {
    await Promise.all(this.#workers.map((worker) => this.#ask(worker, { type: 'measure', since }, 'measuring')));
  }

  async report(): Promise<{ latencies: number[]; closedEarly: number }> {
    const replies = await Promise.all(this.#workers.map((worker) => this.#ask(worker, { type: 'report' }, 'report')));
    return {
      latencies: replies.flatMap((reply) => reply.latencies ?? []),
      closedEarly: replies.reduce((sum, reply) => sum + (reply.closedEarly ?? 0), 0),
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map((worker) => this.#ask(worker, { type: 'close' }, 'closed')));
    for (const worker of this.#workers) worker.kill();
  }

  #ask(worker: ChildProcess, command: Record<string, unknown>, answer: string): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const onMessage = (reply: Reply) => {
        if (reply.type === 'error') {
          worker.off('message', onMessage);
          reject(new Error(`crowd worker: ${reply.message}`));
        } else if (reply.type === answer) {
          worker.off('message', onMessage);
          resolve(reply);
        }
      };
      worker.on('message', onMessage);
      worker.send(command);
    });
  }
}
