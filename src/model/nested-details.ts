/**
 * The shapes Zaia's `detail` takes. Only the first (an `input` object, with `output`) is
 * documented; the others are recognized by their keys, and anything else is kept opaque.
 */
export type NestedDetailKind = 'input-output' | 'tool-call' | 'messages' | 'other';

/** What Zaia reports beyond the common model (UPSTREAMS.md §4.2, Zaia column). */
export interface NestedDetails {
  /** The "super-identity" responder that ran (typed as a plain string upstream, not always a uuid). */
  responderId: string;
  isAgentic: boolean;
  /** True once Zaia dropped the detail content: the record and its status stay, input and output are gone. */
  isPurged: boolean;
  /** `detail` verbatim. */
  detail: unknown;
  detailKind: NestedDetailKind;
  workspaceId: string | null;
  /** The chat message the execution answers; the payload never carries it, so known only after a lookup by it. */
  chatMessageId: string | null;
}
