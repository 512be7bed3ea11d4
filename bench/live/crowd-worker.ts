/**
 * A child process holding part of the SSE crowd, so that parsing events never competes with
 * the simulator and the change driver for one event loop. Driven by messages from the bench.
 */
import { SseCrowd } from './sse-crowd.js';

type Command =
  | { type: 'open'; url: string; query: string; variables: Record<string, unknown>[]; field: string }
  | { type: 'measure'; since: number }
  | { type: 'report' }
  | { type: 'close' };

let crowd: SseCrowd | null = null;
let since = Number.POSITIVE_INFINITY;
let latencies: number[] = [];

process.on('message', (command: Command) => {
  void handle(command).catch((error: unknown) => {
    process.send!({ type: 'error', message: (error as Error).message });
  });
});

async function handle(command: Command): Promise<void> {
  switch (command.type) {
    case 'open': {
      const field = command.field;
      crowd = new SseCrowd(command.url, command.query, (data, receivedAt) => {
        const output = (data as { data?: Record<string, { output?: { at?: number } } | undefined> }).data?.[field]?.output;
        if (typeof output?.at === 'number' && output.at >= since) latencies.push(receivedAt - output.at);
      });
      await crowd.open(command.variables.length, (index) => command.variables[index]!);
      process.send!({ type: 'opened' });
      return;
    }
    case 'measure':
      since = command.since;
      latencies = [];
      process.send!({ type: 'measuring' });
      return;
    case 'report':
      process.send!({ type: 'report', latencies, closedEarly: crowd?.closedEarly ?? 0 });
      since = Number.POSITIVE_INFINITY;
      return;
    case 'close':
      crowd?.close();
      process.send!({ type: 'closed' });
      return;
  }
}
