import type { GatewayContext } from '../context.js';
import { notFound, preconditionFailed } from '../errors/gateway-error.js';
import type { ExecutionRecord } from '../model/execution-record.js';
import type { Feedback } from '../model/feedback.js';
import type { ExecutionCommand, Provider } from '../providers/provider.js';
import { requireOperation } from '../providers/require-operation.js';
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
  const operation = commandOperation(provider, command, feedback);
  const options = context.callOptions();
  const record = await provider.operations.get(nativeId, options);
  if (!record) throw notFound(`No execution "${nativeId}" at provider "${provider.name}"`, provider.name);

  const refusal = genericRefusal(command, record) ?? operation.refusal?.(record) ?? null;
  if (refusal) throw preconditionFailed(refusal, provider.name);

  let updated: ExecutionRecord;
  try {
    updated = await operation.run(record, options);
  } finally {
    // Even a write whose answer was lost may have changed the execution: no finished state survives it.
    context.gateway.finishedExecutions.invalidate(provider.name, nativeId);
  }

  const key = { provider: provider.name, nativeId: updated.nativeId };
  context.loaders.executions.clear(key).prime(key, updated);
  return updated;
}

/** The command's operation (NOT_SUPPORTED when absent), rate's feedback bound so that all three run alike. */
function commandOperation(provider: Provider, command: Command, feedback: Feedback | undefined): ExecutionCommand {
  if (command !== 'rate') return requireOperation(provider, command, operationNames[command]);
  const rate = requireOperation(provider, 'rate', operationNames.rate);
  return { refusal: (record) => rate.refusal?.(record) ?? null, run: (record, options) => rate.run(record, feedback!, options) };
}

/** The contract's preconditions, the same for every provider. */
function genericRefusal(command: Command, record: ExecutionRecord): string | null {
  if (command === 'cancel' && record.isTerminal) return `Cannot cancel an execution that has finished (status ${record.status})`;
  if (command === 'retry' && record.status !== 'FAILED') return `Only a FAILED execution can be retried (status ${record.status})`;
  if (command === 'rate' && record.status !== 'SUCCEEDED') return `Only a SUCCEEDED execution can be rated (status ${record.status})`;
  return null;
}
