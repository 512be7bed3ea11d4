import { stableHash } from '../kit/index.js';
import type { StepCall, StepDefinition } from './workflow-runs-types.js';

/** What a step produces, synthesized from its definition and the run input (no code is run). */
export interface SynthesizedStep {
  output: unknown;
  logs: unknown[];
  calls: StepCall[];
}

const failureMessages = [
  "TypeError: Cannot read properties of undefined (reading 'title')",
  'Model provider timed out after 30000 ms',
  'Échec de la requête HTTP — 上游错误 502 Bad Gateway',
  'ValidationError: output.result must be a string, received object',
];

export function failureMessageFor(runId: string, stepKey: string): string {
  return failureMessages[stableHash(`${runId}/${stepKey}`) % failureMessages.length]!;
}

export function synthesizeStep(
  step: StepDefinition,
  input: unknown,
  runId: string,
  window: { start: number; end: number },
): SynthesizedStep {
  const hash = stableHash(`${runId}/${step.key}`);
  const text = inputText(input);
  switch (step.type) {
    case 'input':
      return { output: input ?? {}, logs: [], calls: [] };
    case 'code': {
      const logs = [{ level: 'info', message: `${step.key}: processed ${text.length} characters`, timestamp: window.start }];
      if (step.code?.includes('result')) {
        return { output: { result: { summary: headline(text), score: (hash % 100) / 100, tags: ['α', 'β'] } }, logs, calls: [] };
      }
      return { output: { text: text.trim(), length: text.length, checksum: hash.toString(16) }, logs, calls: [] };
    }
    case 'model': {
      const model = step.model ?? step.auto?.model ?? 'gpt-4o-mini';
      const total = Math.round(((hash % 250) + 50)) / 100;
      return {
        output: {
          model,
          message: `${step.key === 'translate_casual' ? 'Yo! ' : ''}${headline(text)} — ✓ ${hash % 1000}`,
          finish_reason: 'stop',
          usage: { input_tokens: 40 + (hash % 400), output_tokens: 10 + (hash % 90) },
        },
        logs: [],
        calls: [{ id: `call_${hash.toString(36)}`, type: 'model', provider: 'openai', model, total, start: window.start, end: window.end }],
      };
    }
    case 'http_request':
      return {
        output: {
          status: 200,
          headers: { 'content-type': 'application/json; charset=utf-8' },
          body: { title: headline(text), words: text.split(/\s+/).filter(Boolean).length },
        },
        logs: [{ level: 'debug', message: `GET ${step.url ?? 'https://example.com'} → 200`, timestamp: window.start }],
        calls: [{ id: `http_${hash.toString(36)}`, type: 'http', total: 0, start: window.start, end: window.end }],
      };
    case 'browser':
      return {
        output: { url: step.url ?? 'https://example.com/page', title: `Page ${hash % 97}`, content: `${text}\n— crawled ✓` },
        logs: [{ level: 'info', message: 'page loaded', timestamp: window.end }],
        calls: [],
      };
    case 'branch':
      return { output: { branch: toneOf(input) }, logs: [], calls: [] };
    case 'service':
      return { output: { ok: true, reference: `svc-${hash % 10_000}` }, logs: [], calls: [] };
    case 'note':
    case 'workflow':
      return { output: null, logs: [], calls: [] };
  }
}

/** The input a child run receives from its parent's `workflow` step. */
export function childInputFor(parentInput: unknown, step: StepDefinition): Record<string, unknown> {
  return { text: inputText(parentInput), requested_by_step: step.key };
}

/** `{{input.tone === 'casual'}}` and the like; anything else always runs. */
export function conditionHolds(step: StepDefinition, input: unknown): boolean {
  if (!step.conditional) return true;
  const match = /input\.(\w+)\s*===\s*'([^']*)'/.exec(step.conditional);
  if (!match) return true;
  const record = isRecord(input) ? input : {};
  return String(record[match[1]!] ?? '') === match[2];
}

function toneOf(input: unknown): string {
  return isRecord(input) && typeof input.tone === 'string' ? input.tone : 'formal';
}

function inputText(input: unknown): string {
  if (isRecord(input)) {
    for (const value of Object.values(input)) if (typeof value === 'string') return value;
  }
  return typeof input === 'string' ? input : JSON.stringify(input ?? {});
}

function headline(text: string): string {
  const trimmed = text.trim();
  return trimmed.length > 60 ? `${trimmed.slice(0, 60)}…` : trimmed || '(empty)';
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
