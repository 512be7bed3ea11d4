import { parseTimestamp } from '../../model/timestamp.js';
import type { Retention, Workflow, WorkflowFamily, WorkflowVersion } from '../../model/workflow.js';
import { idString, isObject, optionalNumber, optionalString } from '../wire-values.js';
import type { VersionWire, WorkflowWire } from './workflow-runs-api.js';

/** WorkflowSchema → Workflow; null when the body names no workflow. */
export function toWorkflow(wire: WorkflowWire, family: WorkflowFamily): Workflow | null {
  const id = idString(wire.id);
  if (id === null) return null;
  const app = isObject(wire.app) ? wire.app : {};
  return {
    id,
    family,
    name: optionalString(wire.name),
    description: optionalString(wire.description),
    appId: idString(app.id) ?? idString(wire.app_id),
    appName: optionalString(app.name),
    visibility: optionalString(wire.visibility),
    tags: Array.isArray(wire.tags) ? wire.tags.map(tagName).filter((name): name is string => name !== null) : [],
    createdAt: parseTimestamp(wire.created_at),
    updatedAt: parseTimestamp(wire.updated_at),
    currentVersion: isObject(wire.version) ? toWorkflowVersion(wire.version, { workflowId: id, isDraft: false }) : null,
    retention: toRetention(wire.retention),
  };
}

/** WorkflowVersionSchema (or a run's `workflow_version_draft`, which lacks ids) → WorkflowVersion. */
export function toWorkflowVersion(wire: VersionWire, context: { workflowId: string; isDraft: boolean }): WorkflowVersion {
  const author = isObject(wire.created_by) ? wire.created_by : null;
  return {
    id: idString(wire.id),
    workflowId: idString(wire.workflow_id) ?? context.workflowId,
    appId: idString(wire.app_id),
    number: optionalNumber(wire.version),
    rollbackVersion: optionalNumber(wire.rollback_version),
    isDraft: context.isDraft,
    description: optionalString(wire.description),
    notes: optionalString(wire.notes),
    createdBy: author ? { id: idString(author.id), name: optionalString(author.name) } : null,
    createdAt: parseTimestamp(wire.created_at),
    key: optionalString(wire.key),
    input: wire.input ?? null,
    inputDefault: wire.input_default ?? null,
    inputOptions: wire.input_options ?? null,
    steps: Array.isArray(wire.steps) ? wire.steps : [],
  };
}

/**
 * `retention` is `{max_age_in_seconds, preserve_on_failure?}` or, as request bodies allow, a
 * bare number of seconds; -1 means keep forever.
 */
export function toRetention(value: unknown): Retention | null {
  const maxAge = isObject(value) ? optionalNumber(value.max_age_in_seconds) : optionalNumber(value);
  if (maxAge === null) return null;
  const preserve = isObject(value) && typeof value.preserve_on_failure === 'boolean' ? value.preserve_on_failure : null;
  const keepForever = maxAge < 0;
  return { maxAgeSeconds: keepForever ? null : maxAge, keepForever, preserveOnFailure: preserve };
}

/** Tags arrive as objects (`{id, name, ...}`) or, in older payloads, as plain names. */
function tagName(tag: unknown): string | null {
  if (typeof tag === 'string') return tag;
  return isObject(tag) ? optionalString(tag.name) : null;
}
