/**
 * `detail` is an undocumented `anyOf` of three variants (A15). Only the first is known to start
 * with an `input` object; the other two are this simulator's plausible guesses, kept opaque to
 * the gateway:
 *   1. io:        `{ input: {...}, output: {...} }`; a failure puts `error` (any JSON) in `output`.
 *   2. tool-call: `{ toolCall: { id, name, arguments: {...} }, result: any | null }`; a failure
 *                 adds `error` (any JSON) and leaves `result` null.
 *   3. message:   `{ messages: [{ role, content }] }`; the reply is appended on success; a failure
 *                 adds `error` (any JSON).
 * A detail changes with the execution's stage, so a spec holds one value per stage.
 */
export type NestedDetailVariant = 'io' | 'tool-call' | 'message' | 'custom';

export type NestedDetailStage = 'in-progress' | 'succeeded' | 'failed';

export interface NestedDetailSpec {
  variant: NestedDetailVariant;
  inProgress: unknown;
  succeeded: unknown;
  failed: unknown;
}

/** How a purged record's detail looks: `{}` (default) or the variant's skeleton with its content emptied. */
export type NestedPurgedDetail = 'empty-object' | 'emptied-variant';

export interface NestedChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export function ioDetail(
  input: Record<string, unknown>,
  output: Record<string, unknown>,
  options: { error?: unknown } = {},
): NestedDetailSpec {
  return {
    variant: 'io',
    inProgress: { input, output: {} },
    succeeded: { input, output },
    failed: { input, output: 'error' in options ? { error: options.error } : {} },
  };
}

export function toolCallDetail(call: {
  id: string;
  name: string;
  arguments: Record<string, unknown>;
  result: unknown;
  error?: unknown;
}): NestedDetailSpec {
  const toolCall = { id: call.id, name: call.name, arguments: call.arguments };
  return {
    variant: 'tool-call',
    inProgress: { toolCall, result: null },
    succeeded: { toolCall, result: call.result },
    failed: { toolCall, result: null, ...('error' in call ? { error: call.error } : {}) },
  };
}

export function messageDetail(
  prompt: NestedChatMessage[],
  reply: NestedChatMessage,
  options: { error?: unknown } = {},
): NestedDetailSpec {
  return {
    variant: 'message',
    inProgress: { messages: prompt },
    succeeded: { messages: [...prompt, reply] },
    failed: { messages: prompt, ...('error' in options ? { error: options.error } : {}) },
  };
}

/** The same value at every stage: for tests that want an exact, odd detail on the wire. */
export function fixedDetail(value: unknown): NestedDetailSpec {
  return { variant: 'custom', inProgress: value, succeeded: value, failed: value };
}

export function renderDetail(
  spec: NestedDetailSpec,
  stage: NestedDetailStage,
  purged: boolean,
  purgedDetail: NestedPurgedDetail,
): unknown {
  if (purged) return purgedDetail === 'empty-object' ? {} : emptiedVariant(spec.variant);
  switch (stage) {
    case 'in-progress':
      return spec.inProgress;
    case 'succeeded':
      return spec.succeeded;
    case 'failed':
      return spec.failed;
  }
}

function emptiedVariant(variant: NestedDetailVariant): unknown {
  switch (variant) {
    case 'io':
      return { input: {}, output: {} };
    case 'tool-call':
      return { toolCall: null, result: null };
    case 'message':
      return { messages: [] };
    case 'custom':
      return {};
  }
}
