import { timestampPrecisions, workflowRunOrigins, type WorkflowRunRetention, type WorkflowRunUsage, type WorkflowRunVersionReference } from '../model/workflow-run-details.js';
import type { Retention, WorkflowAuthor } from '../model/workflow.js';
import { builder } from './builder.js';
import { safeInt } from './scalars.js';

/** Small types of WorkflowRun and Workflow: origin, timestamp precision, retention, usage, version references. */
export const WorkflowRunOriginEnum = builder.enumType('WorkflowRunOrigin', {
  description: "Where a Cortex run came from. API is Cortex's ENDPOINT (started through its API, runql included).",
  values: workflowRunOrigins,
});

export const TimestampPrecisionEnum = builder.enumType('TimestampPrecision', {
  description: 'DATE: the upstream sent a plain date (2023-12-25), read as midnight UTC; DATE_TIME: a full date-time.',
  values: timestampPrecisions,
});

export const RetentionFields = {
  maxAgeSeconds: 'Seconds after creation the data is kept; null when kept forever.',
  keepForever: "Cortex's max_age_in_seconds -1.",
  preserveOnFailure: 'FAILED runs are exempt from purging; null when Cortex does not say.',
} as const;

export const WorkflowRetentionRef = builder.objectRef<Retention>('WorkflowRetention').implement({
  description: "The default retention of a workflow's runs.",
  fields: (t) => ({
    maxAgeSeconds: t.int({ nullable: true, description: RetentionFields.maxAgeSeconds, resolve: (retention) => safeInt(retention.maxAgeSeconds) }),
    keepForever: t.boolean({ description: RetentionFields.keepForever, resolve: (retention) => retention.keepForever }),
    preserveOnFailure: t.boolean({ nullable: true, description: RetentionFields.preserveOnFailure, resolve: (retention) => retention.preserveOnFailure }),
  }),
});

export const WorkflowRunRetentionRef = builder.objectRef<WorkflowRunRetention>('WorkflowRunRetention').implement({
  description: "How long Cortex keeps this run's data; after dueAt its input, output and result may read null.",
  fields: (t) => ({
    maxAgeSeconds: t.int({ nullable: true, description: RetentionFields.maxAgeSeconds, resolve: (retention) => safeInt(retention.maxAgeSeconds) }),
    keepForever: t.boolean({ description: RetentionFields.keepForever, resolve: (retention) => retention.keepForever }),
    preserveOnFailure: t.boolean({ nullable: true, description: RetentionFields.preserveOnFailure, resolve: (retention) => retention.preserveOnFailure }),
    dueAt: t.field({ type: 'DateTime', nullable: true, description: '`retention_due_at`.', resolve: (retention) => retention.dueAt }),
  }),
});

export const WorkflowStepUsageRef = builder.objectRef<WorkflowRunUsage['byStep'][number]>('WorkflowStepUsage').implement({
  fields: (t) => ({
    stepKey: t.string({ resolve: (usage) => usage.stepKey }),
    total: t.float({ nullable: true, resolve: (usage) => usage.total }),
  }),
});

export const WorkflowRunUsageRef = builder.objectRef<WorkflowRunUsage>('WorkflowRunUsage').implement({
  description: "Credits a run used, in Cortex's own unit: never comparable with, or to be added to, another provider's.",
  fields: (t) => ({
    total: t.float({ nullable: true, resolve: (usage) => usage.total }),
    unit: t.string({ description: 'Vendor-scoped unit of total (cortex:credits).', resolve: (usage) => usage.unit }),
    byStep: t.field({ type: [WorkflowStepUsageRef], resolve: (usage) => usage.byStep }),
    calls: t.field({ type: 'JSON', nullable: true, description: '`usage.calls`, verbatim.', resolve: (usage) => usage.calls }),
  }),
});

export const WorkflowRunVersionRef = builder.objectRef<WorkflowRunVersionReference>('WorkflowRunVersion').implement({
  description: 'The workflow version a run executed.',
  fields: (t) => ({
    id: t.string({ nullable: true, resolve: (version) => version.id }),
    number: t.int({ nullable: true, resolve: (version) => safeInt(version.number) }),
    isDraft: t.boolean({
      nullable: true,
      description: "True when the run executed the workflow's draft; null when Cortex's answer did not say.",
      resolve: (version) => version.isDraft,
    }),
  }),
});

export const WorkflowVersionAuthorRef = builder.objectRef<WorkflowAuthor>('WorkflowVersionAuthor').implement({
  fields: (t) => ({
    id: t.string({ nullable: true, resolve: (author) => author.id }),
    name: t.string({ nullable: true, resolve: (author) => author.name }),
  }),
});
