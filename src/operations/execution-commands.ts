import type { GatewayContext } from '../context.js';
import { notFound, notSupported, preconditionFailed } from '../errors/gateway-error.js';
import type { ExecutionRecord } from '../model/execution-record.js';
import type { Feedback } from '../model/feedback.js';
import { requireExecution } from './locate-execution.js';

type Command = 'cancel' | 'retry' | 'rate';

const operationNames: Record<Command, string> = { cancel: 'cancelExecution', retry: 'retryExecution', rate: 'rateExecution' };

/**
 * Cancel, retry and rate share one path: capability check (NOT_SUPPORTED before any upstream
 * call), a fresh read, the contract's precondition and the upstream's own (PRECONDITION_FAILED
 * before any write), then the write, and the answer primed into this request's loader.
 */
export async function runCommand(context: GatewayContext, id: string, command: Command, feedback?: Feedback): Promise<ExecutionRecord> {
  const { provider, nativeId } = requireExecution(context, id);
  if (!provider.capabilities.has(command)) throw notSupported(provider.name, operationNames[command]);
  const options = context.signal ? { signal: context.signal } : {};
  const record = await provider.get(nativeId, options);
  if (!record) throw notFound(`No execution "${nativeId}" at provider "${provider.name}"`, provider.name);

  const refusal = genericRefusal(command, record) ?? provider.refusal?.(command, record) ?? null;
  if (refusal) throw preconditionFailed(refusal, provider.name);

  let updated: ExecutionRecord;
  try {
    if (command === 'cancel') updated = await provider.cancel!(record, options);
    else if (command === 'retry') updated = await provider.retry!(record, options);
    else updated = await provider.rate!(record, feedback!, options);
  } finally {
    // Even a write whose answer was lost may have changed the execution: no finished state survives it.
    context.gateway.finishedExecutions.invalidate(provider.name, nativeId);
  }

  const key = { provider: provider.name, nativeId: updated.nativeId };
  context.executionLoader.clear(key).prime(key, updated);
  return updated;
}

/** The contract's preconditions, the same for every provider. */
function genericRefusal(command: Command, record: ExecutionRecord): string | null {
  if (command === 'cancel' && record.isTerminal) return `Cannot cancel an execution that has finished (status ${record.status})`;
  if (command === 'retry' && record.status !== 'FAILED') return `Only a FAILED execution can be retried (status ${record.status})`;
  if (command === 'rate' && record.status !== 'SUCCEEDED') return `Only a SUCCEEDED execution can be rated (status ${record.status})`;
  return null;
}
