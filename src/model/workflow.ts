/**
 * Cortex workflows and their versions in normalized form (UPSTREAMS.md §2.2): plain data,
 * independent of GraphQL and of the wire format.
 */

/** How long Cortex keeps a run's data. `keepForever` is Cortex's `max_age_in_seconds: -1`. */
export interface Retention {
  /** Seconds after creation; null when kept forever. */
  maxAgeSeconds: number | null;
  keepForever: boolean;
  /** FAILED runs are exempt from purging; null when Cortex does not say. */
  preserveOnFailure: boolean | null;
}

export interface WorkflowAuthor {
  id: string | null;
  name: string | null;
}

/** A deployed version of a workflow, or its draft (`isDraft`, which has no id). */
export interface WorkflowVersion {
  id: string | null;
  workflowId: string;
  /** The app owning the workflow. */
  appId: string | null;
  number: number | null;
  rollbackVersion: number | null;
  isDraft: boolean;
  description: string | null;
  notes: string | null;
  createdBy: WorkflowAuthor | null;
  createdAt: string | null;
  key: string | null;
  /** The input schema, defaults and display options, verbatim. */
  input: unknown;
  inputDefault: unknown;
  inputOptions: unknown;
  /** The step definitions, verbatim (notes included: they never run). */
  steps: unknown[];
}

/** Which route family a workflow was read through: the app's own, or the public catalog. */
export type WorkflowFamily = 'plain' | 'discover';

export interface Workflow {
  id: string;
  family: WorkflowFamily;
  name: string | null;
  description: string | null;
  appId: string | null;
  appName: string | null;
  visibility: string | null;
  tags: string[];
  createdAt: string | null;
  updatedAt: string | null;
  /** The current deployed version, when Cortex includes it. */
  currentVersion: WorkflowVersion | null;
  /** The default retention of the workflow's runs. */
  retention: Retention | null;
}

/** One window of a listing that Cortex paginates by page and take. */
export interface CatalogPage<T> {
  items: T[];
  /** From the `pagination-count` header; null when absent. */
  totalCount: number | null;
  hasNextPage: boolean;
}
