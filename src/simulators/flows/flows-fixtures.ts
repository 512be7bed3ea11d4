import type { SeededRandom } from '../kit/index.js';
import type { BrickType, FlowDefinition, FlowsExecutionStatus } from './flows-model.js';
import type { SeedExecution } from './flows-records.js';
import type { TimestampStyle } from './flows-timestamps.js';

/** Flow input as the flow editor stores it: only what the registry needs. */
export interface FlowInput {
  id: string;
  name?: string;
  active?: boolean;
  bricks?: BrickType[];
  behaviour?: Partial<FlowDefinition['behaviour']>;
}

export const defaultRunningMs = 1500;

export function toFlowDefinition(input: FlowInput): FlowDefinition {
  return {
    id: input.id,
    name: input.name ?? input.id,
    active: input.active ?? true,
    bricks: input.bricks ?? ['FieldMapping'],
    behaviour: { outcome: 'completed', runningMs: defaultRunningMs, ...input.behaviour },
  };
}

/** Ids in every form a FlowMason install may hold: code UUIDs, doc slugs, non-ASCII names. */
export const demoFlowIds = {
  textSummary: 'text-summary-flow',
  customerEnrichment: 'customer-enrichment',
  notionSync: '3f6c2a8e-9b1d-4c7e-a5f0-2d8b7e1c4a96',
  resume: 'résumé-flow',
  docsExample: 'flow-123',
  chineseSync: '客户-同步-flow',
  legacyImport: 'b7e4d2c1-5a3f-4e8b-9c6d-1f2a3b4c5d6e',
} as const;

export const demoFlows: FlowInput[] = [
  {
    id: demoFlowIds.textSummary,
    name: 'Text summary',
    bricks: ['OpenAi'],
    behaviour: { produceOutput: summarize, error: 'Brick execution error: OpenAI API error: 429 Too Many Requests' },
  },
  {
    id: demoFlowIds.customerEnrichment,
    name: 'Customer enrichment',
    bricks: ['HubSpot', 'FieldMapping'],
    behaviour: { produceOutput: enrich, runningMs: 2200, error: 'Brick execution error: HubSpot contact not found' },
  },
  {
    id: demoFlowIds.notionSync,
    name: 'Notion knowledge sync',
    bricks: ['Notion', 'Conditional', 'CombineText'],
    behaviour: { runningMs: 3000, error: 'Quota error: Daily quota exceeded for Notion' },
  },
  {
    id: demoFlowIds.resume,
    name: 'Résumé screening ✨',
    bricks: ['Nvidia', 'RulesEngine'],
    behaviour: { output: { verdict: 'shortlist', score: 0.87, notes: 'Expérience pertinente — 5 ans' } },
  },
  { id: demoFlowIds.docsExample, name: 'Docs example flow', bricks: ['N8n'] },
  {
    id: demoFlowIds.chineseSync,
    name: '客户同步',
    bricks: ['Odoo', 'FieldMapping', 'CombineText'],
    behaviour: { runningMs: 2500, output: { 同步: 12, 状态: '完成' } },
  },
  { id: demoFlowIds.legacyImport, name: 'Legacy Odoo import', active: false, bricks: ['Odoo', 'FieldMapping'] },
];

function summarize(input: unknown): unknown {
  const text = typeof input === 'object' && input !== null ? (input as Record<string, unknown>).text : undefined;
  const source = typeof text === 'string' ? text : JSON.stringify(input) ?? '';
  const words = source.split(/\s+/).filter((word) => word.length > 0);
  return { summary: words.slice(0, 12).join(' '), word_count: words.length, model: 'gpt-3.5-turbo', token_usage: 40 + words.length };
}

function enrich(input: unknown): unknown {
  const user = typeof input === 'object' && input !== null ? (input as Record<string, unknown>).user : undefined;
  return { user: { ...(typeof user === 'object' && user !== null ? user : {}), lifecycle_stage: 'lead', hubspot_id: 51_234 } };
}

/** Every timestamp form the gateway must accept; the code only ever emits `+00:00`. */
const timestampStyles: TimestampStyle[] = [
  { offset: '+00:00', fractionDigits: 'auto' },
  { offset: '+00:00', fractionDigits: 9 },
  { offset: '+00:00', fractionDigits: 6 },
  { offset: '+00:00', fractionDigits: 3 },
  { offset: '+00:00', fractionDigits: 0 },
  { offset: 'Z', fractionDigits: 0 },
  { offset: 'Z', fractionDigits: 3 },
  { offset: '+05:30', fractionDigits: 3 },
  { offset: '-08:00', fractionDigits: 0 },
];

const inputs: unknown[] = [
  { text: 'Long article text here about Rust, async runtimes and flow engines.' },
  { user: { name: 'John Doe', email: 'john@example.com', company: 'Acme Corp' } },
  { user: { name: 'Zoë Ångström', email: 'zoe@exämple.org', company: 'Société Générale' } },
  { text: '東京の天気は晴れです。明日は雨が降るでしょう。' },
  ['first', 2, { third: true }],
  'plain string input',
  42,
  null,
  true,
  { nested: { depth: { level: 3, emoji: '🚀' } }, tags: [] },
];

const outputs: unknown[] = [
  { summary: 'Rust async runtimes explained', word_count: 11 },
  { user: { name: 'John Doe', lifecycle_stage: 'lead' } },
  ['row-1', 'row-2', { row: 3 }],
  'résumé: ok ✅',
  3.14159,
  null,
  { 结果: '成功', 条目: [1, 2, 3] },
  false,
];

const errors: string[] = [
  'API key invalid',
  'Quota error: Daily quota exceeded for OpenAi',
  'Brick execution error: HubSpot API error: 429 Too Many Requests',
  'Brick execution error: Invalid configuration: missing field `database_id`\n  at brick 1 (notion)',
  'Échec : délai dépassé — 超时',
  '',
];

/** ~1 MB of text: one demo output large enough to exercise body limits and streaming. */
function largeOutput(): unknown {
  const line = 'Résumé line — the quick brown fox jumps over the lazy dog. 0123456789\n';
  return { report: line.repeat(Math.ceil(1_048_576 / Buffer.byteLength(line))), lines: 'many' };
}

/**
 * ~40 settled executions over the last day, mostly completed, some failed, a few odd ones
 * (doc-style ids, an unknown status, a stale `running`, a `pending`, omitted null fields).
 */
export function demoExecutions(now: number, random: SeededRandom, count = 40): SeedExecution[] {
  const flowIds = demoFlows.map((flow) => flow.id);
  const seeds: SeedExecution[] = [];
  for (let index = 0; index < count; index++) {
    // Mostly oldest first, with a few late inserts of older runs so storage order is not time order.
    const slot = index % 9 === 8 ? count - index + 3 : count - index;
    const startedAt = now - slot * 35 * 60_000 - random.integer(0, 600_000);
    const status: FlowsExecutionStatus = index % 5 === 3 ? 'failed' : 'completed';
    const seed: SeedExecution = {
      flowId: flowIds[index % flowIds.length]!,
      status,
      startedAt,
      completedAt: startedAt + random.integer(80, 9_000),
      inputPayload: inputs[index % inputs.length],
      timestampStyle: timestampStyles[index % timestampStyles.length]!,
    };
    if (status === 'completed') seed.outputPayload = outputs[index % outputs.length];
    else seed.error = errors[index % errors.length]!;
    seeds.push(seed);
  }
  return applyOddities(seeds);
}

function applyOddities(seeds: SeedExecution[]): SeedExecution[] {
  const at = (index: number): SeedExecution | undefined => seeds[index];
  Object.assign(at(0) ?? {}, { executionId: 'exec-456', flowId: demoFlowIds.docsExample, timestampStyle: { offset: 'Z', fractionDigits: 0 } });
  Object.assign(at(1) ?? {}, { executionId: 'exec-457', flowId: demoFlowIds.docsExample, omitNullFields: true });
  Object.assign(at(2) ?? {}, { executionId: 'exéc-ünïcødé-789' });
  Object.assign(at(5) ?? {}, { status: 'paused', completedAt: null, outputPayload: null, error: null });
  Object.assign(at(6) ?? {}, { outputPayload: largeOutput(), flowId: demoFlowIds.notionSync });
  Object.assign(at(11) ?? {}, { status: 'pending', completedAt: null, outputPayload: null, error: null });
  Object.assign(at(12) ?? {}, { status: 'running', completedAt: null, outputPayload: null, error: null, omitNullFields: true });
  Object.assign(at(13) ?? {}, { status: 'failed', error: 'API key invalid', outputPayload: null, omitNullFields: true });
  return seeds;
}

/** Inputs the demo cycles through when it starts new runs. */
export const demoRunInputs: unknown[] = inputs.slice(0, 4);
