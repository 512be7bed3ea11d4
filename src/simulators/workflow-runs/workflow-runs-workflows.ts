import type { WireDateFormat } from './workflow-runs-dates.js';
import { stableHash, type SeededRandom } from '../kit/index.js';
import type { RetentionWire, StepDefinition, WorkflowContent, WorkflowRecord, WorkflowVersionRecord } from './workflow-runs-types.js';

export interface SeedWorkflowInput {
  id: string;
  /** Owner app (default: the main app). */
  appId?: string;
  name?: string;
  description?: string | null;
  visibility?: 'PUBLIC' | 'PRIVATE';
  tags?: string[];
  /** Steps of the current version (default: input → code → model → code). Older versions lack one step. */
  steps?: StepDefinition[];
  /** Number of deployed versions (default 2). */
  versionCount?: number;
  /** The workflow's default run retention (default 30 days, failures preserved). */
  retention?: RetentionWire | null;
  createdAt?: number;
  dateFormat?: WireDateFormat;
}

const day = 86_400_000;

/**
 * A workflow with its deployed versions and a draft. Older versions lack the step before the
 * last one, so a replay or `from_step_key` can name a step that one version has and another
 * has not; the draft adds a note (notes never execute).
 */
export function buildWorkflow(input: SeedWorkflowInput & { appId: string }, now: number, random: SeededRandom, dateFormat: WireDateFormat): WorkflowRecord {
  const createdAt = input.createdAt ?? now - 30 * day;
  const steps = input.steps ?? defaultSteps();
  const versionCount = Math.max(1, input.versionCount ?? 2);
  const key = `${input.id}-key`;
  const versions: WorkflowVersionRecord[] = [];
  for (let number = 1; number <= versionCount; number++) {
    const versionSteps = number < versionCount && steps.length > 3 ? steps.filter((_, index) => index !== steps.length - 2) : steps;
    versions.push({
      id: `workv_${random.base62(20)}`,
      version: number,
      ...(number === 2 && versionCount >= 3 ? { rollbackVersion: 1 } : {}),
      description: input.description ?? null,
      notes: number === 1 ? null : `Release ${number}: tuned prompts ✨`,
      createdBy: { id: `user_${stableHash(input.id) % 1000}`, name: number % 2 === 0 ? 'Zoë Ångström' : 'Sam Lee' },
      createdAt: createdAt + number * day,
      key,
      input: { text: { type: 'string', label: 'Text', required: true }, tone: { type: 'string', label: 'Tone' } },
      inputDefault: { text: '', tone: 'formal' },
      inputOptions: { display: { field: 'inline', container: 'grid', hidden: false } },
      steps: versionSteps,
    });
  }
  const first = versions[0]!;
  return {
    id: input.id,
    appId: input.appId,
    name: input.name ?? input.id,
    description: input.description ?? null,
    visibility: input.visibility ?? 'PRIVATE',
    tags: input.tags ?? [],
    createdAt,
    updatedAt: versions[versions.length - 1]!.createdAt,
    retention: input.retention === undefined ? { max_age_in_seconds: 30 * 86_400, preserve_on_failure: true } : input.retention,
    versions,
    draft: {
      key,
      input: first.input,
      inputDefault: first.inputDefault,
      inputOptions: first.inputOptions,
      steps: [...steps, { type: 'note', key: 'draft_note', note: 'WIP: try a cheaper model', destinations: [], position: [640, 40], size: [200, 80] }],
    },
    dateFormat,
  };
}

export function latestVersion(workflow: WorkflowRecord): WorkflowVersionRecord {
  return workflow.versions[workflow.versions.length - 1]!;
}

/** The content a run executes: a version's, or the draft's (`null`). */
export function contentOf(workflow: WorkflowRecord, versionNumber: number | null): WorkflowContent {
  if (versionNumber === null) return workflow.draft;
  return workflow.versions.find((version) => version.version === versionNumber) ?? latestVersion(workflow);
}

/** `{version_id_or_version_number}` of the version routes. */
export function findVersion(workflow: WorkflowRecord, idOrNumber: string): WorkflowVersionRecord | undefined {
  if (/^\d+$/.test(idOrNumber)) return workflow.versions.find((version) => version.version === Number(idOrNumber));
  return workflow.versions.find((version) => version.id === idOrNumber);
}

/** `workflow_version_id` of a create body: `draft`, `latest`, a version id or number. undefined: no such version. */
export function resolveVersionSelector(workflow: WorkflowRecord, selector: unknown): number | null | undefined {
  if (selector === undefined || selector === null || selector === 'latest') return latestVersion(workflow).version;
  if (selector === 'draft') return null;
  if (typeof selector === 'number') return workflow.versions.some((version) => version.version === selector) ? selector : undefined;
  if (typeof selector === 'string') return findVersion(workflow, selector)?.version;
  return undefined;
}

export function defaultSteps(): StepDefinition[] {
  return [
    { type: 'input', key: 'input', destinations: ['prepare'], position: [0, 0], size: [200, 80] },
    { type: 'code', key: 'prepare', code: 'return { text: input.text.trim() }', destinations: ['answer'], position: [240, 0], size: [200, 80] },
    { type: 'model', key: 'answer', model: 'gpt-4o-mini', prompt: 'Answer: {{prepare.text}}', destinations: ['format'], position: [480, 0], size: [200, 80] },
    { type: 'code', key: 'format', code: 'return { result: answer.message }', destinations: [], position: [720, 0], size: [200, 80] },
  ];
}
