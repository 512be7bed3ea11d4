import type { NestedDetailKind } from '../../model/nested-details.js';
import { isObject } from '../wire-values.js';

/** What the normalized model takes from a `detail`. */
export interface MinedDetail {
  kind: NestedDetailKind;
  input: unknown;
  output: unknown;
  /** The failure the detail reports (any JSON value), or null when it reports none. */
  error: { value: unknown } | null;
}

/**
 * `detail` is an `anyOf` of three undocumented variants (docs/upstreams.md A15); only the first is known to
 * start with an `input` object. Variants are told apart by their keys, never by position, so
 * a fourth shape or a reordered union degrades to `other` (input and output null, detail still
 * exposed verbatim) instead of failing the read. A purged record keeps at most a skeleton:
 * nothing in it is the execution's content any more.
 */
export function mineDetail(detail: unknown, isPurged: boolean): MinedDetail {
  const kind = detailKind(detail);
  if (isPurged || !isObject(detail)) return { kind, input: null, output: null, error: null };
  switch (kind) {
    case 'input-output':
      return {
        kind,
        input: detail.input ?? null,
        output: detail.output ?? null,
        // A failure sits beside input/output or inside output, depending on the producer.
        error: errorIn(detail) ?? (isObject(detail.output) ? errorIn(detail.output) : null),
      };
    case 'tool-call': {
      const call = detail.toolCall;
      const input = isObject(call) && 'arguments' in call ? call.arguments : call;
      return { kind, input: input ?? null, output: detail.result ?? null, error: errorIn(detail) };
    }
    case 'messages':
      return { kind, ...splitConversation(detail.messages as unknown[]), error: errorIn(detail) };
    case 'other':
      return { kind, input: null, output: null, error: errorIn(detail) };
  }
}

function detailKind(detail: unknown): NestedDetailKind {
  if (!isObject(detail)) return 'other';
  if ('input' in detail || 'output' in detail) return 'input-output';
  if ('toolCall' in detail) return 'tool-call';
  if (Array.isArray(detail.messages)) return 'messages';
  return 'other';
}

/** A conversation in, the assistant's closing message out (none yet while it is being answered). */
function splitConversation(messages: unknown[]): { input: unknown; output: unknown } {
  const last = messages.at(-1);
  if (isObject(last) && typeof last.role === 'string' && last.role.toLowerCase() === 'assistant') {
    return { input: messages.slice(0, -1), output: last };
  }
  return { input: messages, output: null };
}

function errorIn(container: Record<string, unknown>): { value: unknown } | null {
  return 'error' in container && container.error !== null && container.error !== undefined ? { value: container.error } : null;
}
