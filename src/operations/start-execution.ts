import type { GatewayContext } from '../context.js';
import { badUserInput, notFound } from '../errors/gateway-error.js';
import type { ExecutionRecord } from '../model/execution-record.js';
import type { Provider } from '../providers/provider.js';
import { requireOperation } from '../providers/require-operation.js';
import { startFingerprint } from './idempotency-store.js';
import { providerNamed } from './provider-access.js';
import { waitForTerminal } from './wait-for-terminal.js';

export interface StartExecutionInput {
  provider: string;
  target: string;
  inputs: unknown;
  wait: boolean;
  waitTimeoutMs: number;
  idempotencyKey: string | null;
  version: string | null;
}

/** Longest a client may ask a start to wait (the AirOps synchronous bound plus margin). */
export const maxWaitTimeoutMs = 15 * 60_000;

/**
 * startExecution as the contract defines it: exactly one start reaches the upstream, whatever
 * `wait` says; with `wait`, the upstream's synchronous form is used when its bound fits
 * waitTimeoutMs, otherwise the run starts in the background and is polled until terminal or
 * until the wait runs out. The same idempotencyKey and input within 24 h answer the first
 * start's execution (in its current state) instead of starting another.
 */
export async function startExecution(context: GatewayContext, input: StartExecutionInput): Promise<ExecutionRecord> {
  const provider = providerNamed(context, input.provider);
  const start = requireOperation(provider, 'start', 'startExecution');
  validateStart(input);
  const mode = chooseMode(provider, input);

  const launch = () => start({ target: input.target, inputs: input.inputs, version: input.version, mode }, context.callOptions());
  const started = await startOnce(context, provider, input.idempotencyKey, { target: input.target, inputs: input.inputs, version: input.version }, launch);
  context.gateway.finishedExecutions.invalidate(provider.name, started.nativeId);
  return settle(context, provider, started, input.wait, input.waitTimeoutMs, mode);
}

/**
 * Runs `launch` once per idempotency key (when one is given). A replayed key re-reads the
 * execution the first start created, so the answer reflects its current state.
 */
export async function startOnce(
  context: GatewayContext,
  provider: Provider,
  idempotencyKey: string | null,
  request: unknown,
  launch: () => Promise<ExecutionRecord>,
): Promise<ExecutionRecord> {
  if (idempotencyKey === null) return launch();
  if (idempotencyKey.length === 0 || idempotencyKey.length > 255) throw badUserInput('idempotencyKey must be 1 to 255 characters');
  let launched: ExecutionRecord | undefined;
  const scope = `${context.identity.id}\u0000${provider.name}`;
  const { nativeId, replayed } = await context.gateway.idempotency.run(
    scope,
    idempotencyKey,
    startFingerprint(request),
    async () => {
      launched = await launch();
      return launched.nativeId;
    },
    { provider: provider.name, waitMs: longestStartMs(context, provider), ...signalOf(context) },
  );
  if (!replayed && launched) return launched;
  const current = await provider.operations.get(nativeId, context.callOptions());
  if (!current) throw notFound(`The execution started earlier with this idempotencyKey ("${nativeId}") no longer exists`, provider.name);
  return current;
}

/**
 * How long a repeat waits for the first start with its key: longer than any start may run (a
 * synchronous start waits for the run itself, up to maxWaitTimeoutMs, and each adapter's
 * deadline is at least the provider's timeoutMs), so only a stuck start is given up on.
 */
function longestStartMs(context: GatewayContext, provider: Provider): number {
  const timeoutMs = context.gateway.config.providers.find((config) => config.name === provider.name)?.timeoutMs ?? 0;
  return maxWaitTimeoutMs + timeoutMs + 60_000;
}

function signalOf(context: GatewayContext): { signal?: AbortSignal } {
  const { signal } = context.callOptions();
  return signal === undefined ? {} : { signal };
}

/** With `wait`, an execution started in the background is polled until terminal or the wait runs out. */
export async function settle(
  context: GatewayContext,
  provider: Provider,
  started: ExecutionRecord,
  wait: boolean,
  waitTimeoutMs: number,
  mode: 'sync' | 'async',
): Promise<ExecutionRecord> {
  if (!wait || started.isTerminal || mode === 'sync') return started;
  return waitForTerminal(provider, started, {
    timeoutMs: waitTimeoutMs,
    intervalMs: context.gateway.config.polling.intervalMs,
    call: context.callOptions(),
  });
}

export function chooseMode(provider: Provider, input: { wait: boolean; waitTimeoutMs: number }): 'sync' | 'async' {
  const { async, sync } = provider.startModes;
  if (!async) return 'sync';
  if (input.wait && sync !== null && sync.maxDurationMs <= input.waitTimeoutMs) return 'sync';
  return 'async';
}

function validateStart(input: StartExecutionInput): void {
  if (input.target.trim() === '') throw badUserInput('target must not be empty');
  if (!Number.isInteger(input.waitTimeoutMs) || input.waitTimeoutMs < 0 || input.waitTimeoutMs > maxWaitTimeoutMs) {
    throw badUserInput(`waitTimeoutMs must be an integer from 0 to ${maxWaitTimeoutMs}`);
  }
  if (input.inputs === undefined) throw badUserInput('inputs is required');
}
