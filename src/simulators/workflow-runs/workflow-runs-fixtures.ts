import type { SeededRandom } from '../kit/index.js';
import type { SeedRunInput, WorkflowRunsState } from './workflow-runs-state.js';
import type { RunRecord, StepDefinition, WorkflowRecord } from './workflow-runs-types.js';
import type { SeedWorkflowInput } from './workflow-runs-workflows.js';

const day = 86_400_000;
const minute = 60_000;

export const catalogWorkflowIds = {
  classify: 'wf_1',
  summarize: 'wf-summarize',
  ingest: 'wf.v2.ingest',
  translate: 'wf_翻訳-ünï',
  marketEnrich: 'wf_market.enrich',
} as const;

/** Inputs in several scripts, so unicode flows through inputs, outputs and child runs. */
export const demoInputs: ReadonlyArray<Record<string, unknown>> = [
  { text: 'Mon imprimante ne fonctionne plus 🖨️ — aidez-moi', tone: 'formal' },
  { text: '注文がまだ届いていません。確認をお願いします。', tone: 'casual' },
  { text: 'Refund request for order #4521', tone: 'formal', priority: 2 },
  { text: 'Привет! Как сбросить пароль?', tone: 'casual' },
  { text: 'Please summarise the attached Q3 report 📈', tone: 'formal', url: 'https://example.com/q3.pdf' },
  { text: 'مرحبا، أحتاج إلى مساعدة في الفاتورة', tone: 'formal' },
  { text: 'Zoë’s café — naïve résumé test', tone: 'casual', nested: { list: [1, 'two', { three: 3 }] } },
];

function step(type: StepDefinition['type'], key: string, index: number, extra: Partial<StepDefinition> = {}, next?: string): StepDefinition {
  return { type, key, destinations: next ? [next] : [], position: [index * 240, 0], size: [200, 80], ...extra };
}

/**
 * The workflow catalog: ids in the forms Cortex allows (underscore, dash, dots, non-ASCII),
 * workflows calling workflows three levels deep, a discoverable workflow of another app (A22),
 * and each retention form (days, a week, none, keep forever). Existing ids are left alone.
 */
export function seedCatalog(state: WorkflowRunsState): WorkflowRecord[] {
  const now = state.clock.now();
  const ids = catalogWorkflowIds;
  const definitions: SeedWorkflowInput[] = [
    {
      id: ids.classify,
      name: 'Classify ticket',
      description: 'Labels an incoming support ticket',
      tags: ['support', 'triage'],
      versionCount: 3,
      createdAt: now - 60 * day,
      steps: [
        step('input', 'input', 0, {}, 'prepare'),
        step('code', 'prepare', 1, { code: 'return { text: input.text.trim() }' }, 'classify'),
        step('model', 'classify', 2, { model: 'gpt-4o-mini', prompt: 'Classify: {{prepare.text}}', throw_on_error: true }, 'format'),
        step('code', 'format', 3, { code: 'return { result: { label: classify.message } }' }),
      ],
    },
    {
      id: ids.summarize,
      name: 'Summarize document',
      description: 'Fetches a document, classifies it and writes a summary',
      visibility: 'PUBLIC',
      tags: ['docs'],
      versionCount: 2,
      createdAt: now - 50 * day,
      retention: { max_age_in_seconds: 7 * 86_400 },
      steps: [
        step('input', 'input', 0, {}, 'fetch_doc'),
        step('http_request', 'fetch_doc', 1, { url: 'https://docs.example.com/api/doc' }, 'classify_doc'),
        step('workflow', 'classify_doc', 2, { workflow_id: ids.classify }, 'summarize'),
        step('model', 'summarize', 3, { model: 'claude-3-5-sonnet', auto: { provider: 'anthropic', model: 'claude-3-5-sonnet', temperature: 0.2 } }, 'finalize'),
        step('code', 'finalize', 4, { code: 'return { result: summarize.message }' }),
      ],
    },
    {
      id: ids.ingest,
      name: 'Ingest pipeline v2',
      description: null,
      tags: ['ingest'],
      versionCount: 3,
      createdAt: now - 40 * day,
      retention: null,
      steps: [
        step('input', 'input', 0, {}, 'crawl'),
        step('browser', 'crawl', 1, { url: 'https://news.example.com' }, 'summarize_page'),
        step('workflow', 'summarize_page', 2, { workflow_id: ids.summarize }, 'store'),
        step('code', 'store', 3, { code: 'return { stored: true }' }),
      ],
    },
    {
      id: ids.translate,
      name: 'Translate 翻訳',
      description: 'Übersetzt Texte — formal or casual',
      visibility: 'PUBLIC',
      tags: ['i18n', 'α'],
      versionCount: 2,
      createdAt: now - 20 * day,
      retention: { max_age_in_seconds: -1 },
      steps: [
        step('input', 'input', 0, {}, 'pick_tone'),
        step('branch', 'pick_tone', 1, {}, 'translate_formal'),
        step('model', 'translate_formal', 2, { conditional: "{{input.tone === 'formal'}}", model: 'gpt-4o' }),
        step('model', 'translate_casual', 3, { conditional: "{{input.tone === 'casual'}}", model: 'gpt-4o-mini' }),
        step('note', 'readme', 4, { note: 'Pick exactly one branch' }),
      ],
    },
  ];
  const foreign = state.settings.foreignApps[0];
  if (foreign) {
    definitions.push({
      id: ids.marketEnrich,
      appId: foreign.id,
      name: 'Enrich company (marketplace)',
      description: 'A discoverable workflow owned by another app',
      visibility: 'PUBLIC',
      tags: ['crm'],
      versionCount: 2,
      createdAt: now - 90 * day,
      steps: [
        step('input', 'input', 0, {}, 'lookup'),
        step('http_request', 'lookup', 1, { url: 'https://crm.example.com/lookup' }, 'enrich'),
        step('model', 'enrich', 2, { model: 'gpt-4o' }, 'merge'),
        step('code', 'merge', 3, { code: 'return { result: { company: lookup.body.title } }' }),
      ],
    });
  }
  return definitions.map((definition) => state.workflows.get(definition.id) ?? state.addWorkflow(definition));
}

export interface DemoSeedSummary {
  appId: string;
  workflowIds: string[];
  /** Top-level runs seeded (child runs come on top). */
  runIds: string[];
}

const statusWeights: Array<[string, number]> = [
  ['COMPLETED', 0.62],
  ['FAILED', 0.16],
  ['CANCELLED', 0.1],
  ['SKIPPED', 0.06],
  ['RUNNING', 0.06],
];

/**
 * ~50 runs over the last three days in every status, with child runs, the odd cases a gateway
 * must survive (an unknown status, a purged run, a ~1 MB output, a draft run, a run of another
 * app, ids that are uuids or non-ASCII), and discover runs on a foreign workflow.
 */
export function seedDemo(state: WorkflowRunsState, options: { runs?: number } = {}): DemoSeedSummary {
  const workflows = seedCatalog(state);
  const random = state.random;
  const now = state.clock.now();
  const ids = catalogWorkflowIds;
  const own = workflows.filter((workflow) => workflow.appId === state.settings.appId);
  const count = options.runs ?? 50;
  const runIds: string[] = [];
  const weighted = [ids.classify, ids.classify, ids.classify, ids.summarize, ids.summarize, ids.ingest, ids.translate, ids.translate];
  for (let index = 0; index < count; index++) {
    const createdAt = now - index * 83 * minute - random.integer(0, 40) * minute - 5 * minute;
    const seed: SeedRunInput = {
      workflowId: random.pick(weighted),
      createdAt,
      status: weightedStatus(random),
      origin: random.pick(['WORKFLOW', 'TRIGGER', 'RECORD', 'TEST', 'ENDPOINT', 'WEBHOOK']),
      input: random.pick(demoInputs),
      script: { pendingMs: random.integer(200, 4000), runningMs: random.integer(5_000, 90_000) },
    };
    applySpecialCase(state, seed, index, now, random);
    runIds.push(state.addRun(seed).id);
  }
  // Fresh activity that moves in front of a viewer's eyes.
  runIds.push(state.addRun({ workflowId: ids.summarize, status: 'RUNNING', origin: 'ENDPOINT', input: demoInputs[4], script: { pendingMs: 800, runningMs: 20_000 } }).id);
  runIds.push(state.addRun({ workflowId: ids.classify, status: 'PENDING', origin: 'TRIGGER', input: demoInputs[0], script: { pendingMs: 3_000, runningMs: 8_000 } }).id);
  if (state.workflows.has(ids.marketEnrich)) {
    for (const status of ['COMPLETED', 'FAILED', 'RUNNING']) {
      runIds.push(
        state.addRun({
          workflowId: ids.marketEnrich,
          appId: state.settings.appId,
          family: 'discover',
          origin: 'ENDPOINT',
          status,
          input: { text: 'ACME GmbH — Köln' },
          script: { runningMs: 30_000 },
        }).id,
      );
    }
  }
  return { appId: state.settings.appId, workflowIds: own.map((workflow) => workflow.id), runIds };
}

function weightedStatus(random: SeededRandom): string {
  let roll = random.next();
  for (const [status, weight] of statusWeights) {
    if (roll < weight) return status;
    roll -= weight;
  }
  return 'COMPLETED';
}

function applySpecialCase(state: WorkflowRunsState, seed: SeedRunInput, index: number, now: number, random: SeededRandom): void {
  const ids = catalogWorkflowIds;
  switch (index) {
    case 0:
      seed.status = 'RUNNING';
      seed.createdAt = now - 10_000;
      seed.script = { pendingMs: 1_000, runningMs: 45_000 };
      break;
    case 3:
      seed.workflowId = ids.classify;
      seed.status = 'ARCHIVED';
      break;
    case 5:
      seed.workflowId = ids.ingest;
      seed.status = 'COMPLETED';
      seed.script = { ...seed.script, stepOutputs: { crawl: { url: 'https://news.example.com/huge', content: 'Lorem ipsum ✓ dolor — '.repeat(48_000) } } };
      break;
    case 7:
      seed.version = 'draft';
      seed.status = 'COMPLETED';
      break;
    case 9:
      seed.origin = 'RECORD';
      seed.collectionId = `col_${random.base62(12)}`;
      seed.recordId = `rec_${random.base62(12)}`;
      break;
    case 11:
      seed.retention = { max_age_in_seconds: -1 };
      break;
    case 13:
      seed.workflowId = ids.classify;
      seed.status = 'COMPLETED';
      seed.retention = { max_age_in_seconds: 3_600, preserve_on_failure: false };
      break;
    case 15:
      if (state.settings.foreignApps[0]) {
        seed.workflowId = ids.translate;
        seed.appId = state.settings.foreignApps[0].id;
        seed.family = 'discover';
        seed.origin = 'ENDPOINT';
      }
      break;
    case 17:
      seed.workflowId = ids.classify;
      seed.version = 1;
      break;
    case 19:
      seed.workflowId = ids.summarize;
      seed.status = 'FAILED';
      seed.retention = { max_age_in_seconds: 3_600, preserve_on_failure: true };
      break;
    case 21:
      seed.id = random.uuid();
      break;
    case 23:
      seed.id = `run_ünï.çødé-${index}`;
      break;
    case 25:
      seed.workflowId = ids.summarize;
      seed.status = 'FAILED';
      seed.script = { ...seed.script, failStepKey: 'classify_doc' };
      break;
    default:
      break;
  }
}

/**
 * What demo mode calls every few seconds: a background run of one of the app's workflows, with
 * a mostly-successful random outcome over a few seconds (child runs included where the
 * workflow calls another).
 */
export function startDemoRun(state: WorkflowRunsState, options: { workflowId?: string } = {}): RunRecord {
  const workflows = seedCatalog(state).filter((workflow) => workflow.appId === state.settings.appId);
  const random = state.random;
  const workflowId = options.workflowId ?? random.pick(workflows).id;
  const roll = random.next();
  const outcome = roll < 0.7 ? 'success' : roll < 0.85 ? 'error' : roll < 0.93 ? 'cancelled' : 'skipped';
  return state.addRun({
    workflowId,
    origin: random.pick(['ENDPOINT', 'ENDPOINT', 'TRIGGER', 'WEBHOOK', 'RECORD']),
    input: random.pick(demoInputs),
    script: { outcome, pendingMs: random.integer(500, 2_500), runningMs: random.integer(3_000, 12_000) },
  });
}
