import { GatewayError } from '../errors/gateway-error.js';
import type { ExecutionRecord } from '../model/execution-record.js';
import type { CallOptions, Provider } from '../providers/provider.js';
import { abortableSleep } from '../util/abortable-sleep.js';

export interface WaitOptions {
  timeoutMs: number;
  intervalMs: number;
  /** The caller's options for every read of the wait (its signal also ends the wait). */
  call: CallOptions;
}

/**
 * Polls until the execution is terminal or the wait runs out, and answers the state then.
 * Upstream hiccups during the wait are not the client's problem: the last known state stands.
 */
export async function waitForTerminal(provider: Provider, started: ExecutionRecord, options: WaitOptions): Promise<ExecutionRecord> {
  const deadline = Date.now() + options.timeoutMs;
  let current = started;
  while (!current.isTerminal) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) break;
    await abortableSleep(Math.min(options.intervalMs, remaining), options.call.signal);
    try {
      current = (await provider.operations.get(current.nativeId, options.call)) ?? current;
    } catch (error) {
      if (!GatewayError.is(error)) throw error;
    }
  }
  return current;
}
