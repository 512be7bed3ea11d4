import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../src/errors/gateway-error.js';
import { asExecution, asExecutionList, flowsPaths } from '../../../src/providers/flows/flows-api.js';
import { toFlowRecord } from '../../../src/providers/flows/flows-mapping.js';

const base = {
  execution_id: '6f1c2b9e-3d4a-4e5f-8a7b-9c0d1e2f3a4b',
  flow_id: 'text-summary-flow',
  status: 'completed',
  started_at: '2025-01-01T00:00:00.123456789+00:00',
  completed_at: '2025-01-01T00:00:01.5+00:00',
  input_payload: { text: 'hello' },
  output_payload: { summary: 'hi' },
  error: null,
};

const map = (wire: Record<string, unknown>, context: Record<string, unknown> = {}) => toFlowRecord(wire, { provider: 'flows', ...context });

describe('toFlowRecord', () => {
  it('maps the code form: +00:00 offsets with 9 digits to ms UTC, createdAt = startedAt, no updatedAt', () => {
    const record = map(base);
    expect(record).toMatchObject({
      kind: 'flows',
      provider: 'flows',
      nativeId: base.execution_id,
      status: 'SUCCEEDED',
      nativeStatus: 'completed',
      isTerminal: true,
      input: { text: 'hello' },
      output: { summary: 'hi' },
      error: null,
      createdAt: '2025-01-01T00:00:00.123Z',
      startedAt: '2025-01-01T00:00:00.123Z',
      endedAt: '2025-01-01T00:00:01.500Z',
      updatedAt: null,
      creditsUsed: null,
      targetId: 'text-summary-flow',
      parentNativeId: null,
      details: { flowId: 'text-summary-flow', retryOf: null },
    });
  });

  it('reads the docs form (Z, no fraction) and other offsets', () => {
    expect(map({ ...base, started_at: '2025-01-01T00:00:00Z' }).createdAt).toBe('2025-01-01T00:00:00.000Z');
    expect(map({ ...base, started_at: '2025-01-01T05:30:00.000001+05:30' }).createdAt).toBe('2025-01-01T00:00:00.000Z');
  });

  it.each([
    ['pending', 'PENDING', false],
    ['running', 'RUNNING', false],
    ['completed', 'SUCCEEDED', true],
    ['failed', 'FAILED', true],
    ['Completed', 'SUCCEEDED', true],
    ['Failed', 'FAILED', true],
    ['RUNNING', 'RUNNING', false],
  ])('maps %s to %s, case-insensitively (the webhook says PascalCase)', (nativeStatus, status, isTerminal) => {
    expect(map({ ...base, status: nativeStatus, completed_at: null })).toMatchObject({ status, nativeStatus, isTerminal });
  });

  it('maps unknown statuses to UNKNOWN, terminal only when an end time is reported', () => {
    expect(map({ ...base, status: 'archived' })).toMatchObject({ status: 'UNKNOWN', nativeStatus: 'archived', isTerminal: true });
    expect(map({ ...base, status: 'paused', completed_at: null })).toMatchObject({ status: 'UNKNOWN', isTerminal: false });
    expect(map({ ...base, status: undefined, completed_at: undefined })).toMatchObject({ status: 'UNKNOWN', nativeStatus: '', isTerminal: false });
  });

  it('turns `error` into {code: null, message}, and names a failure FlowMason left unexplained', () => {
    expect(map({ ...base, status: 'failed', error: 'API key invalid' }).error).toEqual({ code: null, message: 'API key invalid', details: 'API key invalid' });
    expect(map({ ...base, status: 'failed', error: null }).error).toMatchObject({ code: null, message: expect.stringMatching(/no message/) });
    expect(map({ ...base, status: 'failed', error: { brick: 2 } }).error).toMatchObject({ message: '{"brick":2}' });
    expect(map({ ...base, status: 'failed', error: 'x'.repeat(5000) }).error!.message).toHaveLength(4001);
  });

  it('accepts records with the optional fields left out (the docs mark them optional)', () => {
    const record = map({ execution_id: 'exec-456', flow_id: 'flow-123', status: 'running', started_at: '2025-01-01T00:00:00Z', input_payload: null });
    expect(record).toMatchObject({ nativeId: 'exec-456', endedAt: null, output: null, error: null, input: null, isTerminal: false });
  });

  it('treats ids as opaque strings (numbers too) and takes missing ones from the call', () => {
    expect(map({ ...base, execution_id: 42, flow_id: 7 })).toMatchObject({ nativeId: '42', targetId: '7', details: { flowId: '7' } });
    expect(map({ ...base, execution_id: undefined }, { requestedId: 'exécution ✨' }).nativeId).toBe('exécution ✨');
    expect(map({ ...base, flow_id: undefined }, { flowId: '客户-同步-flow' }).details.flowId).toBe('客户-同步-flow');
  });

  it('refuses records it cannot identify or place in time, as UPSTREAM_ERROR', () => {
    for (const wire of [{ ...base, execution_id: undefined }, { ...base, flow_id: null }, { ...base, started_at: 'yesterday', completed_at: null }]) {
      let caught: unknown;
      try {
        map(wire);
      } catch (error) {
        caught = error;
      }
      expect(GatewayError.is(caught) && caught.code).toBe('UPSTREAM_ERROR');
    }
    expect(map({ ...base, started_at: 'yesterday' }).createdAt).toBe('2025-01-01T00:00:01.500Z');
  });

  it('carries the retry link it is given', () => {
    expect(map(base, { retryOf: 'exec-1' }).details.retryOf).toBe('exec-1');
  });
});

describe('FlowMason wire helpers', () => {
  it('accepts both list shapes: the documented bare array and the {items, limit, offset, total} envelope', () => {
    expect(asExecutionList([base])).toEqual([base]);
    expect(asExecutionList({ items: [base], limit: 100, offset: 0, total: null })).toEqual([base]);
    expect(asExecutionList({ data: [base] })).toBeNull();
    expect(asExecutionList(undefined)).toBeNull();
  });

  it('recognizes an execution body, and nothing else', () => {
    expect(asExecution(base)).toBe(base);
    expect(asExecution({ error: 'boom', status: 500 })).toBeNull();
    expect(asExecution({ flow_id: 'f', status: 'running' })).not.toBeNull();
    expect(asExecution({ error: 'boom', code: 'X' })).toBeNull();
    expect(asExecution(undefined)).toBeNull();
  });

  it('encodes every path segment (slashes and unicode in ids stay inside their segment)', () => {
    expect(flowsPaths.execution('a/b ✨')).toBe('/api/v1/executions/a%2Fb%20%E2%9C%A8');
    expect(flowsPaths.flowExecutions('客户')).toBe('/api/v1/executions/flow/%E5%AE%A2%E6%88%B7');
  });
});
