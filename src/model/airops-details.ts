import type { Feedback } from './feedback.js';

/** What AirOps reports beyond the common model (UPSTREAMS.md §4.2). */
export interface AirOpsDetails {
  /** The execution's integer `id` as a string (AirOps reads and writes by uuid). */
  numericId: string | null;
  feedback: Feedback | null;
  conversationId: string | null;
  appVersionId: string | null;
  workspaceId: string | null;
  source: string | null;
  /** Run time in whole seconds, as AirOps reports it. */
  runtimeSeconds: number | null;
  errorCode: string | null;
  /** `error_message` verbatim: AirOps sends any JSON type there. */
  errorPayload: unknown;
}
