import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../src/errors/gateway-error.js';
import { pageWindow } from '../../../src/providers/workflow-runs/page-window.js';
import { splitNativeId, toWorkflowRunRecord } from '../../../src/providers/workflow-runs/workflow-runs-mapping.js';
import { replayStepKey } from '../../../src/providers/workflow-runs/workflow-runs-steps.js';
import { toRetention, toWorkflow } from '../../../src/providers/workflow-runs/workflow-mapping.js';

const context = { provider: 'cortex', verbose: false, family: 'plain' as const };

function map(wire: Record<string, unknown>) {
  return toWorkflowRunRecord({ id: 'run_1', workflow_id: 'wf.v2', status: 'COMPLETED', created_at: '2023-12-25', ...wire }, context);
}

describe('workflow run native ids', () => {
  it('splits at the last slash, so workflow ids keep theirs', () => {
    expect(splitNativeId('wf_翻訳-ünï/run_1')).toEqual({ workflowId: 'wf_翻訳-ünï', runId: 'run_1' });
    expect(splitNativeId('team/wf.v2/run_ü')).toEqual({ workflowId: 'team/wf.v2', runId: 'run_ü' });
    for (const bad of ['run_1', '/run_1', 'wf/']) expect(splitNativeId(bad)).toBeNull();
  });
});

describe('workflow run mapping', () => {
  it('orders the step map by start, whatever the key order, with epoch or ISO times', () => {
    const record = map({
      output: {
        format: { key: 'format', status: 'COMPLETED', type: 'code', start: 1_700_000_003_000, end: 1_700_000_004_000, output: { result: 1 } },
        input: { key: 'input', status: 'COMPLETED', type: 'input', start: '2023-11-14T22:13:20.000Z', end: 1_700_000_000_500 },
        classify: { key: 'classify', status: 'FAILED', type: 'model', start: 1_700_000_001_000, end: 1_700_000_002_000, error: 'quota' },
        late: { key: 'late', status: 'RUNNING', type: 'code' },
      },
      status: 'FAILED',
    });
    expect(record.details.steps.map((step) => step.key)).toEqual(['input', 'classify', 'format', 'late']);
    expect(record.details.steps[0]!.startedAt).toBe('2023-11-14T22:13:20.000Z');
    expect(record.details.steps[1]).toMatchObject({ status: 'FAILED', nativeStatus: 'FAILED', error: 'quota' });
    expect(replayStepKey(record.details.steps)).toBe('classify');
    expect(record.error).toEqual({ code: null, message: 'Step "classify" failed: quota', details: null });
  });

  it('reads the legacy array, keeping entries that are not steps as UNKNOWN ones', () => {
    const record = map({ output: [{ key: 'b', status: 'COMPLETED', start: 2, output: 'B' }, { key: 'a', status: 'COMPLETED', start: 1, output: 'A' }, 'bare output'] });
    expect(record.details.steps.map((step) => [step.key, step.status, step.output])).toEqual([
      ['a', 'SUCCEEDED', 'A'],
      ['b', 'SUCCEEDED', 'B'],
      ['2', 'UNKNOWN', 'bare output'],
    ]);
    // Without a result, the output is the latest step output.
    expect(record.output).toBe('bare output');
  });

  it('prefers result as the output, and keeps it apart', () => {
    const record = map({ result: { answer: 42 }, output: { only: { key: 'only', status: 'COMPLETED', start: 1, output: 'x' } } });
    expect(record.output).toEqual({ answer: 42 });
    expect(record.details.result).toEqual({ answer: 42 });
  });

  it('reads child links from workflow steps only', () => {
    const link = { run_id: 'run_child', workflow_id: 'wf_1', app_id: 'app_1', workflow_app_id: 'app_2', status: 'RUNNING', origin: 'WORKFLOW' };
    const record = map({
      output: {
        call: { key: 'call', type: 'workflow', status: 'RUNNING', start: 1, output: link },
        other: { key: 'other', type: 'code', status: 'COMPLETED', start: 0, output: link },
      },
    });
    expect(record.details.childRuns).toEqual([
      { nativeId: 'wf_1/run_child', runId: 'run_child', workflowId: 'wf_1', appId: 'app_1', workflowAppId: 'app_2', stepKey: 'call', status: 'RUNNING', nativeStatus: 'RUNNING' },
    ]);
  });

  it('reads plain dates as midnight UTC and date-times with any offset', () => {
    const plain = map({ created_at: '2023-12-25', started_at: '2023-12-25T10:00:00.123456789+05:30', ended_at: '2023-12-25T05:00:01Z' });
    expect(plain.createdAt).toBe('2023-12-25T00:00:00.000Z');
    expect(plain.startedAt).toBe('2023-12-25T04:30:00.123Z');
    expect(plain.details.timestampPrecision).toBe('DATE');
    expect(map({ created_at: '2023-12-25T00:00:00Z' }).details.timestampPrecision).toBe('DATE_TIME');
    expect(map({ created_at: undefined, started_at: '2023-12-24' }).createdAt).toBe('2023-12-24T00:00:00.000Z');
  });

  it('maps statuses case-insensitively, and an unknown one by its end time', () => {
    expect(map({ status: 'completed' })).toMatchObject({ status: 'SUCCEEDED', nativeStatus: 'completed', isTerminal: true });
    expect(map({ status: 'ARCHIVED', ended_at: '2023-12-25' })).toMatchObject({ status: 'UNKNOWN', isTerminal: true });
    expect(map({ status: 'PAUSED' })).toMatchObject({ status: 'UNKNOWN', isTerminal: false });
    expect(map({ origin: 'ENDPOINT' }).details.origin).toBe('API');
    expect(map({ origin: 'SCHEDULE' }).details).toMatchObject({ origin: 'UNKNOWN', nativeOrigin: 'SCHEDULE' });
  });

  it('reads usage, retention in both forms, and the version reference', () => {
    const record = map({
      usage: { total: 1.25, calls: [{ id: 'c', total: 1.25 }], steps: { classify: { total: 1.25, calls: [] } } },
      retention: { max_age_in_seconds: 3600 },
      retention_due_at: '2023-12-25T01:00:00Z',
      version: 3,
    });
    expect(record.creditsUsed).toBe(1.25);
    expect(record.details.usage).toEqual({ total: 1.25, unit: 'cortex:credits', byStep: [{ stepKey: 'classify', total: 1.25 }], calls: [{ id: 'c', total: 1.25 }] });
    expect(record.details.retention).toEqual({ maxAgeSeconds: 3600, keepForever: false, preserveOnFailure: null, dueAt: '2023-12-25T01:00:00.000Z' });
    expect(record.details.version).toEqual({ id: null, number: 3, isDraft: false });
    expect(toRetention(-1)).toEqual({ maxAgeSeconds: null, keepForever: true, preserveOnFailure: null });
    expect(toRetention(null)).toBeNull();
    const draft = toWorkflowRunRecord(
      { id: 'r', workflow_id: 'w', status: 'RUNNING', created_at: '2023-12-25', workflow_version: null, workflow_version_draft: { key: 'k', steps: [] } },
      { ...context, verbose: true },
    );
    expect(draft.details.version.isDraft).toBe(true);
    expect(draft.details.workflowVersion).toMatchObject({ isDraft: true, id: null, key: 'k', workflowId: 'w' });
  });

  it('refuses a run it cannot identify or date', () => {
    for (const wire of [{ id: undefined }, { created_at: 'yesterday' }]) {
      const error = (() => {
        try {
          map(wire);
          return null;
        } catch (caught) {
          return caught;
        }
      })();
      expect(GatewayError.is(error) && error.code).toBe('UPSTREAM_ERROR');
    }
  });

  it('reads workflows with tags as objects or names', () => {
    expect(toWorkflow({ id: 'wf', tags: [{ name: 'α' }, 'β', 3], app: { id: 'app_1', name: 'Desk' }, retention: null }, 'plain')).toMatchObject({
      id: 'wf',
      tags: ['α', 'β'],
      appId: 'app_1',
      appName: 'Desk',
      retention: null,
      currentVersion: null,
    });
    expect(toWorkflow({ name: 'no id' }, 'plain')).toBeNull();
  });
});

describe('page windows', () => {
  it('reads an offset window with one page when a take holds it, else two', () => {
    expect(pageWindow(0, 20)).toEqual({ take: 20, firstPage: 1, pageCount: 1, skip: 0 });
    expect(pageWindow(20, 20)).toEqual({ take: 20, firstPage: 2, pageCount: 1, skip: 0 });
    expect(pageWindow(2, 3)).toEqual({ take: 5, firstPage: 1, pageCount: 1, skip: 2 });
    expect(pageWindow(150, 60)).toEqual({ take: 70, firstPage: 3, pageCount: 1, skip: 10 });
    expect(pageWindow(99, 100)).toEqual({ take: 100, firstPage: 1, pageCount: 2, skip: 99 });
    expect(pageWindow(7, 0)).toEqual({ take: 1, firstPage: 8, pageCount: 1, skip: 0 });
  });
});
