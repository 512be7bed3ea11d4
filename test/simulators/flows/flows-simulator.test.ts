import { describe, expect, it } from 'vitest';
import { request } from 'undici';
import {
  createFlowsSimulator,
  demoFlowIds,
  type FlowExecutionWire,
  type FlowsSimulator,
  type FlowsSimulatorOptions,
} from '../../../src/simulators/flows/index.js';
import { simulatorStarter } from '../../helpers/simulator-starter.js';

const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const rfc3339Code = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3}|\.\d{6}|\.\d{9})?\+00:00$/;
const wireFieldOrder = [
  'flow_id',
  'execution_id',
  'status',
  'started_at',
  'completed_at',
  'input_payload',
  'output_payload',
  'error',
];

const startOnManualClock = simulatorStarter<FlowsSimulator>();

async function startSimulator(options: FlowsSimulatorOptions = {}) {
  const { simulator, clock } = await startOnManualClock((clock) => createFlowsSimulator({ clock, apiKeys: ['fm_test_key_0123456789'], ...options }));
  simulator.addFlow({ id: 'text-summary-flow', name: 'Text summary', bricks: ['OpenAi'] });
  return { simulator, clock };
}

interface CallOptions {
  body?: string;
  json?: unknown;
  headers?: Record<string, string>;
  auth?: string | null;
}

async function call(simulator: FlowsSimulator, method: string, path: string, options: CallOptions = {}) {
  const headers: Record<string, string> = { ...options.headers };
  const auth = options.auth === undefined ? `Bearer ${simulator.apiKeys[0]}` : options.auth;
  if (auth !== null) headers.authorization = auth;
  let body = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] ??= 'application/json';
  }
  const response = await request(`${simulator.url}${path}`, {
    method: method as 'GET',
    headers,
    ...(body !== undefined ? { body } : {}),
  });
  const text = await response.body.text();
  return {
    status: response.statusCode,
    headers: response.headers,
    text,
    json: () => JSON.parse(text) as unknown,
  };
}

function execute(simulator: FlowsSimulator, flowId: string, inputPayload: unknown = { text: 'hello world' }) {
  return call(simulator, 'POST', '/api/v1/executions', { json: { flow_id: flowId, input_payload: inputPayload } });
}

async function listAll(simulator: FlowsSimulator, path = '/api/v1/executions'): Promise<FlowExecutionWire[]> {
  const response = await call(simulator, 'GET', `${path}?limit=1000`);
  return (response.json() as { items: FlowExecutionWire[] }).items;
}

describe('auth (crates/auth/src/middleware.rs)', () => {
  it('accepts a fm_ key as Bearer or ApiKey, and a JWT as Bearer', async () => {
    const { simulator } = await startSimulator();
    const key = simulator.apiKeys[0]!;
    for (const auth of [`Bearer ${key}`, `ApiKey ${key}`, `Bearer ${simulator.issueJwt()}`]) {
      expect((await call(simulator, 'GET', '/api/v1/executions', { auth })).status).toBe(200);
    }
  });

  it('answers every failure with 401 and an empty body', async () => {
    const { simulator } = await startSimulator({ apiKeys: ['fm_test_key_0123456789', 'fm_short'] });
    const other = createFlowsSimulator({ jwtSecret: 'another-secret' });
    const key = simulator.apiKeys[0]!;
    const rejected = [
      null,
      `bearer ${key}`,
      `Bearer  ${key}`,
      `Basic ${key}`,
      key,
      'Bearer fm_unknown_key_9999',
      // Configured, but not longer than 10 bytes.
      'Bearer fm_short',
      `Bearer ${simulator.issueJwt({ expiresInSeconds: -120 })}`,
      `Bearer ${other.issueJwt()}`,
      `ApiKey ${simulator.issueJwt()}`,
    ];
    for (const auth of rejected) {
      const response = await call(simulator, 'GET', '/api/v1/executions', { auth });
      expect(response.status, String(auth)).toBe(401);
      expect(response.text).toBe('');
      expect(response.headers['content-length']).toBe('0');
    }
  });

  it('tolerates 60 s of JWT expiry skew on the simulator clock', async () => {
    const { simulator, clock } = await startSimulator();
    const token = simulator.issueJwt({ expiresInSeconds: 10 });
    clock.advance(69_000);
    expect((await call(simulator, 'GET', '/api/v1/executions', { auth: `Bearer ${token}` })).status).toBe(200);
    clock.advance(2_000);
    expect((await call(simulator, 'GET', '/api/v1/executions', { auth: `Bearer ${token}` })).status).toBe(401);
  });

  it('authenticates before it looks at the body', async () => {
    const { simulator } = await startSimulator();
    const response = await call(simulator, 'POST', '/api/v1/executions', { auth: null, body: 'not json' });
    expect(response.status).toBe(401);
  });
});

describe('POST /api/v1/executions', () => {
  it('holds the request until the run ends on the simulator clock, showing it running meanwhile', async () => {
    const { simulator, clock } = await startSimulator();
    const pending = execute(simulator, 'text-summary-flow', { text: 'Résumé of a long text 🚀' });
    const [executionId] = await simulator.waitForInFlightRuns(1);

    const during = await call(simulator, 'GET', `/api/v1/executions/${executionId}`);
    expect(during.status).toBe(200);
    expect(during.json()).toMatchObject({ status: 'running', completed_at: null, output_payload: null, error: null });
    expect((await listAll(simulator)).map((execution) => execution.execution_id)).toContain(executionId);

    clock.advance(1_499);
    expect(simulator.getExecution(executionId!)?.status).toBe('running');
    clock.advance(1);
    const response = await pending;
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    const body = response.json() as FlowExecutionWire;
    expect(Object.keys(body)).toEqual(wireFieldOrder);
    expect(body).toMatchObject({
      flow_id: 'text-summary-flow',
      execution_id: executionId,
      status: 'completed',
      input_payload: { text: 'Résumé of a long text 🚀' },
      error: null,
    });
    expect(body.execution_id).toMatch(uuidV4);
    expect(body.started_at).toMatch(rfc3339Code);
    expect(body.completed_at).toMatch(rfc3339Code);
    expect(Date.parse(body.completed_at!) - Date.parse(body.started_at)).toBe(1_500);
    expect(body.output_payload).toEqual({ result: 'ok', bricks_run: 1, input: { text: 'Résumé of a long text 🚀' } });
    expect(simulator.getExecution(executionId!)).toEqual(body);
    expect(simulator.inFlightRuns()).toEqual([]);
  });

  it('answers a failed run with an empty 500 and stores nothing (code, D4)', async () => {
    const { simulator, clock } = await startSimulator();
    simulator.scriptNextRuns([{ outcome: 'failed', runningMs: 800, error: 'API key invalid' }]);
    const pending = execute(simulator, 'text-summary-flow');
    const [executionId] = await simulator.waitForInFlightRuns(1);
    expect(simulator.getExecution(executionId!)?.status).toBe('running');

    clock.advance(800);
    expect((await call(simulator, 'GET', `/api/v1/executions/${executionId}`)).status).toBe(404);
    const response = await pending;
    expect(response.status).toBe(500);
    expect(response.text).toBe('');
    expect(await listAll(simulator)).toEqual([]);
  });

  it('stores a failed run and answers 200 with status failed (failureMode docs)', async () => {
    const { simulator, clock } = await startSimulator({ failureMode: 'docs' });
    simulator.scriptNextRuns([{ outcome: 'failed', runningMs: 800, error: 'API key invalid' }]);
    const pending = execute(simulator, 'text-summary-flow');
    await simulator.waitForInFlightRuns(1);
    clock.advance(800);
    const response = await pending;
    expect(response.status).toBe(200);
    const body = response.json() as FlowExecutionWire;
    expect(body).toMatchObject({ status: 'failed', output_payload: null, error: 'API key invalid' });
    expect(body.completed_at).toMatch(rfc3339Code);
    expect(await listAll(simulator)).toEqual([body]);
  });

  it('answers 408 with an empty body after 30 s of simulator time and stores nothing (code, D3)', async () => {
    const { simulator, clock } = await startSimulator();
    simulator.scriptNextRuns([{ runningMs: 45_000 }]);
    const pending = execute(simulator, 'text-summary-flow');
    const [executionId] = await simulator.waitForInFlightRuns(1);
    clock.advance(29_999);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(simulator.inFlightRuns()).toEqual([executionId]);
    expect(simulator.getExecution(executionId!)?.status).toBe('running');

    clock.advance(1);
    const response = await pending;
    expect(response.status).toBe(408);
    expect(response.text).toBe('');
    expect(simulator.getExecution(executionId!)).toBeUndefined();
  });

  it('stores a timed-out run as failed when timeoutMode is docs', async () => {
    const { simulator, clock } = await startSimulator({ timeoutMode: 'docs' });
    simulator.scriptNextRuns([{ runningMs: 60_000 }]);
    const pending = execute(simulator, 'text-summary-flow');
    await simulator.waitForInFlightRuns(1);
    clock.advance(30_000);
    const response = await pending;
    expect(response.status).toBe(200);
    expect(response.json()).toMatchObject({ status: 'failed', error: 'Execution timed out after 30 seconds' });
  });

  it('consumes scripted runs in order, and flow-targeted scripts only for their flow', async () => {
    const { simulator, clock } = await startSimulator({ failureMode: 'docs' });
    simulator.addFlow({ id: 'other-flow' });
    simulator.scriptNextRuns([
      { flowId: 'other-flow', outcome: 'failed', runningMs: 100, error: 'only for other-flow' },
      { outcome: 'completed', runningMs: 200, output: ['scripted', 1] },
    ]);
    const first = execute(simulator, 'text-summary-flow');
    await simulator.waitForInFlightRuns(1);
    clock.advance(200);
    expect((await first).json()).toMatchObject({ status: 'completed', output_payload: ['scripted', 1] });

    const second = execute(simulator, 'other-flow');
    await simulator.waitForInFlightRuns(1);
    clock.advance(100);
    expect((await second).json()).toMatchObject({ status: 'failed', error: 'only for other-flow' });
  });

  it('follows the per-flow behaviour, and runs inactive flows (only the webhook checks the flag)', async () => {
    const { simulator, clock } = await startSimulator();
    simulator.addFlow({ id: 'résumé-flow', active: false, behaviour: { runningMs: 50, output: { verdict: 'ok ✅' } } });
    const pending = execute(simulator, 'résumé-flow', null);
    await simulator.waitForInFlightRuns(1);
    clock.advance(50);
    const response = await pending;
    expect(response.status).toBe(200);
    expect(response.json()).toMatchObject({ flow_id: 'résumé-flow', input_payload: null, output_payload: { verdict: 'ok ✅' } });
  });

  it('answers an unknown flow with an empty 404', async () => {
    const { simulator } = await startSimulator();
    const response = await execute(simulator, 'no-such-flow');
    expect(response.status).toBe(404);
    expect(response.text).toBe('');
  });

  it('rejects bodies the way axum does: 415, 400 and 422 as text/plain', async () => {
    const { simulator } = await startSimulator();
    const cases: Array<{ options: CallOptions; status: number; message: RegExp }> = [
      { options: { body: '{"flow_id":"x","input_payload":{}}' }, status: 415, message: /^Expected request with `Content-Type: application\/json`$/ },
      {
        options: { body: '{"flow_id":"x","input_payload":{}}', headers: { 'content-type': 'text/plain' } },
        status: 415,
        message: /Content-Type/,
      },
      { options: { body: '{"flow_id": ', headers: { 'content-type': 'application/json' } }, status: 400, message: /^Failed to parse the request body as JSON: / },
      { options: { body: '', headers: { 'content-type': 'application/json' } }, status: 400, message: /EOF while parsing/ },
      { options: { json: { input_payload: {} } }, status: 422, message: /^Failed to deserialize the JSON body into the target type: missing field `flow_id`/ },
      { options: { json: { flow_id: 'text-summary-flow' } }, status: 422, message: /missing field `input_payload`/ },
      { options: { json: { flow_id: 5, input_payload: {} } }, status: 422, message: /flow_id: invalid type: integer `5`, expected a string/ },
      { options: { json: 'text-summary-flow' }, status: 422, message: /expected struct ExecuteFlowRequest/ },
    ];
    for (const { options, status, message } of cases) {
      const response = await call(simulator, 'POST', '/api/v1/executions', options);
      expect(response.status, JSON.stringify(options)).toBe(status);
      expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(response.text).toMatch(message);
    }
    expect(simulator.inFlightRuns()).toEqual([]);
  });

  it('accepts JSON content types with parameters or a +json suffix', async () => {
    const { simulator } = await startSimulator();
    // Zero-length runs end at once, so no clock advance is needed.
    simulator.scriptNextRuns([{ runningMs: 0 }, { runningMs: 0 }]);
    for (const contentType of ['application/json; charset=utf-8', 'application/vnd.flowmason+json']) {
      const response = await call(simulator, 'POST', '/api/v1/executions', {
        body: JSON.stringify({ flow_id: 'text-summary-flow', input_payload: 1 }),
        headers: { 'content-type': contentType },
      });
      expect(response.status).toBe(200);
    }
  });
});

describe('GET /api/v1/executions', () => {
  function seedMany(simulator: FlowsSimulator, count: number, flowId = 'text-summary-flow'): string[] {
    return Array.from({ length: count }, (_, index) =>
      simulator.addExecution({ flowId, inputPayload: { index }, startedAt: Date.parse('2026-01-10T00:00:00Z') + ((index * 7919) % 97) * 1000 }),
    );
  }

  it('answers the code envelope {items, limit, offset, total: null} with defaults 100 and 0 (D5)', async () => {
    const { simulator } = await startSimulator();
    seedMany(simulator, 3);
    const body = (await call(simulator, 'GET', '/api/v1/executions')).json() as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['items', 'limit', 'offset', 'total']);
    expect(body).toMatchObject({ limit: 100, offset: 0, total: null });
    expect(body.items).toHaveLength(3);
  });

  it('answers the documented bare array when listEnvelope is docs', async () => {
    const { simulator } = await startSimulator({ listEnvelope: 'docs' });
    const ids = seedMany(simulator, 3);
    const body = (await call(simulator, 'GET', '/api/v1/executions?limit=2&offset=1')).json() as FlowExecutionWire[];
    expect(body.map((execution) => execution.execution_id)).toEqual(ids.slice(1, 3));
  });

  it('pages in storage order to the end, showing records added mid-walk at once', async () => {
    const { simulator } = await startSimulator();
    const ids = seedMany(simulator, 20);
    const seen: string[] = [];
    for (let offset = 0; ; offset += 7) {
      const body = (await call(simulator, 'GET', `/api/v1/executions?limit=7&offset=${offset}`)).json() as {
        items: FlowExecutionWire[];
        limit: number;
        offset: number;
      };
      expect(body).toMatchObject({ limit: 7, offset });
      if (body.items.length === 0) break;
      seen.push(...body.items.map((execution) => execution.execution_id));
      if (offset === 7) ids.push(simulator.addExecution({ flowId: 'text-summary-flow', startedAt: 0 }));
    }
    expect(seen).toEqual(ids);
  });

  it('clamps the page size to 1000 but echoes the requested limit', async () => {
    const { simulator } = await startSimulator();
    seedMany(simulator, 1003);
    const body = (await call(simulator, 'GET', '/api/v1/executions?limit=5000')).json() as { items: unknown[]; limit: number };
    expect(body.items).toHaveLength(1000);
    expect(body.limit).toBe(5000);
    const empty = (await call(simulator, 'GET', '/api/v1/executions?limit=0')).json() as { items: unknown[] };
    expect(empty.items).toEqual([]);
  });

  it('rejects limit and offset that are not u32 with a text/plain 400', async () => {
    const { simulator } = await startSimulator();
    for (const query of ['limit=abc', 'offset=-1', 'limit=', 'limit=4294967296', 'limit=1&limit=2']) {
      const response = await call(simulator, 'GET', `/api/v1/executions?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.text).toMatch(/^Failed to deserialize query string: /);
    }
    expect((await call(simulator, 'GET', '/api/v1/executions?page=2&limit=%2B3')).status).toBe(200);
  });

  it('can shuffle deterministically, or sort like the code (started_at DESC as text)', async () => {
    const { simulator } = await startSimulator({ listOrder: 'shuffled' });
    const { simulator: twin } = await startSimulator({ listOrder: 'shuffled' });
    const ids = seedMany(simulator, 12);
    seedMany(twin, 12);
    const shuffled = (await listAll(simulator)).map((execution) => execution.execution_id);
    expect(shuffled).toEqual((await listAll(twin)).map((execution) => execution.execution_id));
    expect(shuffled).not.toEqual(ids);
    expect([...shuffled].sort()).toEqual([...ids].sort());

    simulator.setListOrder('started-desc');
    const startedAt = (await listAll(simulator)).map((execution) => execution.started_at);
    expect(startedAt).toEqual([...startedAt].sort().reverse());
  });

  it('lists one flow by id (unicode too), and an unknown flow as an empty list', async () => {
    const { simulator } = await startSimulator();
    seedMany(simulator, 4);
    const unicode = seedMany(simulator, 3, 'résumé-flow');
    const path = `/api/v1/executions/flow/${encodeURIComponent('résumé-flow')}`;
    const body = (await call(simulator, 'GET', `${path}?limit=2&offset=1`)).json() as { items: FlowExecutionWire[] };
    expect(body.items.map((execution) => execution.execution_id)).toEqual(unicode.slice(1, 3));
    const unknown = await call(simulator, 'GET', '/api/v1/executions/flow/no-such-flow');
    expect(unknown.status).toBe(200);
    expect(unknown.json()).toEqual({ items: [], limit: 100, offset: 0, total: null });
    simulator.setListEnvelope('docs');
    expect((await call(simulator, 'GET', '/api/v1/executions/flow/no-such-flow')).json()).toEqual([]);
  });
});

describe('GET /api/v1/executions/:id and state helpers', () => {
  it('reads doc-style and unicode ids, and answers unknown ids with an empty 404', async () => {
    const { simulator } = await startSimulator();
    simulator.addExecution({
      executionId: 'exec-456',
      flowId: 'flow-123',
      startedAt: '2025-01-01T00:00:00Z',
      completedAt: '2025-01-01T00:00:01Z',
      inputPayload: { text: 'Long text to summarize...' },
      outputPayload: { summary: 'short' },
    });
    simulator.addExecution({ executionId: 'exéc-ü-1', flowId: 'flow-123', status: 'failed', error: '' });
    const docs = await call(simulator, 'GET', '/api/v1/executions/exec-456');
    expect(docs.json()).toEqual({
      flow_id: 'flow-123',
      execution_id: 'exec-456',
      status: 'completed',
      started_at: '2025-01-01T00:00:00Z',
      completed_at: '2025-01-01T00:00:01Z',
      input_payload: { text: 'Long text to summarize...' },
      output_payload: { summary: 'short' },
      error: null,
    });
    const unicode = await call(simulator, 'GET', `/api/v1/executions/${encodeURIComponent('exéc-ü-1')}`);
    expect(unicode.json()).toMatchObject({ status: 'failed', error: '' });
    const missing = await call(simulator, 'GET', '/api/v1/executions/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.text).toBe('');
  });

  it('omits null optional fields for records seeded that way', async () => {
    const { simulator } = await startSimulator();
    const id = simulator.addExecution({ flowId: 'flow-123', status: 'running', omitNullFields: true });
    const body = (await call(simulator, 'GET', `/api/v1/executions/${id}`)).json() as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['flow_id', 'execution_id', 'status', 'started_at', 'input_payload']);
  });

  it('moves a seeded record from running to its status on the clock', async () => {
    const { simulator, clock } = await startSimulator();
    const id = simulator.addExecution({
      flowId: 'text-summary-flow',
      status: 'completed',
      runningMs: 2_000,
      outputPayload: 'done',
      timestampStyle: { offset: '+05:30', fractionDigits: 3 },
    });
    const before = (await call(simulator, 'GET', `/api/v1/executions/${id}`)).json() as FlowExecutionWire;
    expect(before).toMatchObject({ status: 'running', completed_at: null, output_payload: null });
    expect(before.started_at).toMatch(/^2026-01-15T17:30:00\.000\+05:30$/);
    clock.advance(2_000);
    const after = (await call(simulator, 'GET', `/api/v1/executions/${id}`)).json() as FlowExecutionWire;
    expect(after).toMatchObject({ status: 'completed', completed_at: '2026-01-15T17:30:02.000+05:30', output_payload: 'done' });
  });

  it('forces any status, including pending and unknown strings', async () => {
    const { simulator, clock } = await startSimulator();
    const id = simulator.addExecution({ flowId: 'text-summary-flow' });
    simulator.forceStatus(id, 'pending');
    expect(simulator.getExecution(id)).toMatchObject({ status: 'pending', completed_at: null });
    clock.advance(10);
    simulator.forceStatus(id, 'paused', { error: 'waiting for ✋ approval' });
    const body = (await call(simulator, 'GET', `/api/v1/executions/${id}`)).json();
    expect(body).toMatchObject({ status: 'paused', error: 'waiting for ✋ approval' });
    simulator.forceStatus(id, 'failed', { completedAt: '2026-01-15T12:00:01.5+00:00' });
    expect(simulator.getExecution(id)).toMatchObject({ status: 'failed', completed_at: '2026-01-15T12:00:01.5+00:00' });
  });

  it('keeps a run whose status was forced while its request was held', async () => {
    const { simulator, clock } = await startSimulator();
    simulator.scriptNextRuns([{ outcome: 'failed', runningMs: 500 }]);
    const pending = execute(simulator, 'text-summary-flow');
    const [id] = await simulator.waitForInFlightRuns(1);
    simulator.forceStatus(id!, 'completed', { outputPayload: { forced: true } });
    clock.advance(500);
    const response = await pending;
    expect(response.status).toBe(200);
    expect(response.json()).toMatchObject({ status: 'completed', output_payload: { forced: true } });
  });
});

describe('execution data routes (code only)', () => {
  it('grows with the clock per brick, filters by type and brick, and deletes with 204', async () => {
    const { simulator, clock } = await startSimulator();
    simulator.addFlow({ id: 'customer-enrichment', bricks: ['HubSpot', 'FieldMapping'], behaviour: { runningMs: 1_000 } });
    const pending = execute(simulator, 'customer-enrichment', { user: { name: 'Zoë' } });
    const [id] = await simulator.waitForInFlightRuns(1);
    const base = `/api/v1/executions/${id}/data`;
    expect((await call(simulator, 'GET', base)).json()).toEqual([]);

    clock.advance(500);
    const half = (await call(simulator, 'GET', base)).json() as Array<Record<string, unknown>>;
    expect(half.map((row) => [row.brick_index, row.brick_type, row.data_type, row.data_key])).toEqual([
      [0, 'HubSpot', 'intermediate', 'brick_0'],
      [0, 'HubSpot', 'fetched', 'fetched_0'],
    ]);
    expect(Object.keys(half[0]!)).toEqual(['id', 'execution_id', 'brick_index', 'brick_type', 'data_type', 'data_key', 'data_value', 'timestamp']);
    expect(half[0]!.timestamp).toMatch(rfc3339Code);

    clock.advance(500);
    const done = (await pending).json() as FlowExecutionWire;
    const last = (await call(simulator, 'GET', `${base}/brick/1`)).json() as Array<Record<string, unknown>>;
    expect(last).toHaveLength(1);
    expect(last[0]!.data_value).toEqual(done.output_payload);
    expect(((await call(simulator, 'GET', `${base}/fetched`)).json() as unknown[]).length).toBe(1);
    expect(((await call(simulator, 'GET', `${base}/intermediate`)).json() as unknown[]).length).toBe(2);

    const deleted = await call(simulator, 'DELETE', base);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect((await call(simulator, 'GET', base)).json()).toEqual([]);
    expect(simulator.getExecution(id!)?.status).toBe('completed');
  });

  it('answers unknown executions with [] and a bad brick index with a text/plain 400', async () => {
    const { simulator } = await startSimulator();
    expect((await call(simulator, 'GET', '/api/v1/executions/nope/data')).json()).toEqual([]);
    const bad = await call(simulator, 'GET', '/api/v1/executions/nope/data/brick/first');
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/^Invalid URL: /);
    simulator.addExecutionData('exec-456', [{ brickIndex: 2, brickType: 'Notion', dataType: 'fetched', dataValue: [1, '二'] }]);
    expect((await call(simulator, 'GET', '/api/v1/executions/exec-456/data/brick/2')).json()).toMatchObject([
      { brick_type: 'Notion', data_type: 'fetched', data_key: 'fetched_2', data_value: [1, '二'] },
    ]);
  });
});

describe('POST /api/v1/webhooks/flows/:flow_id/trigger', () => {
  it('needs no auth, takes the whole body as input and answers a PascalCase status with sorted keys', async () => {
    const { simulator, clock } = await startSimulator();
    const pending = call(simulator, 'POST', '/api/v1/webhooks/flows/text-summary-flow/trigger', {
      auth: null,
      body: JSON.stringify({ event: 'créé' }),
    });
    const [id] = await simulator.waitForInFlightRuns(1);
    expect(simulator.getExecution(id!)?.status).toBe('running');
    clock.advance(1_500);
    const response = await pending;
    expect(response.status).toBe(200);
    const body = response.json() as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['execution_id', 'output', 'status', 'success']);
    expect(body).toMatchObject({ execution_id: id, status: 'Completed', success: true });
    expect(body.output).toEqual(simulator.getExecution(id!)?.output_payload);
    expect(simulator.getExecution(id!)?.input_payload).toEqual({ event: 'créé' });
  });

  it('turns an invalid or empty body into {}', async () => {
    const { simulator } = await startSimulator();
    simulator.scriptNextRuns([{ runningMs: 0 }, { runningMs: 0 }]);
    for (const body of ['{not json', '']) {
      const response = await call(simulator, 'POST', '/api/v1/webhooks/flows/text-summary-flow/trigger', { auth: null, body });
      const executionId = (response.json() as { execution_id: string }).execution_id;
      expect(simulator.getExecution(executionId)?.input_payload).toEqual({});
    }
  });

  it('answers 404 for an unknown flow, 400 for an inactive one, 500 and 408 for failed and timed-out runs', async () => {
    const { simulator, clock } = await startSimulator();
    simulator.addFlow({ id: 'inactive-flow', active: false });
    const trigger = (flowId: string) => call(simulator, 'POST', `/api/v1/webhooks/flows/${flowId}/trigger`, { auth: null, body: '{}' });
    for (const [flowId, status] of [['no-such-flow', 404], ['inactive-flow', 400]] as const) {
      const response = await trigger(flowId);
      expect(response.status).toBe(status);
      expect(response.text).toBe('');
    }
    simulator.scriptNextRuns([{ outcome: 'failed', runningMs: 0 }]);
    const failed = await trigger('text-summary-flow');
    expect([failed.status, failed.text]).toEqual([500, '']);

    simulator.scriptNextRuns([{ runningMs: 31_000 }]);
    const pending = trigger('text-summary-flow');
    await simulator.waitForInFlightRuns(1);
    clock.advance(30_000);
    expect((await pending).status).toBe(408);
    expect(simulator.listExecutions()).toEqual([]);
  });
});

describe('faults, counters and HTTP details', () => {
  it('injects status, rate-limit, delay, reset, malformed and empty faults', async () => {
    const { simulator } = await startSimulator();
    const path = '/api/v1/executions';
    const faults = simulator.server.faults;

    faults.inject({ kind: 'status', status: 503 }, { method: 'GET', path });
    const unavailable = await call(simulator, 'GET', path);
    expect([unavailable.status, unavailable.text]).toEqual([503, '']);

    faults.inject({ kind: 'rate-limit', retryAfterSeconds: 3 }, { path });
    const limited = await call(simulator, 'GET', path);
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('3');

    faults.inject({ kind: 'delay', ms: 20 }, { path });
    expect((await call(simulator, 'GET', path)).status).toBe(200);

    faults.inject({ kind: 'reset' }, { path });
    await expect(call(simulator, 'GET', path)).rejects.toThrow();

    faults.inject({ kind: 'malformed' }, { path });
    const malformed = await call(simulator, 'GET', path);
    expect(malformed.status).toBe(200);
    expect(() => malformed.json()).toThrow();

    faults.inject({ kind: 'empty' }, { path });
    const empty = await call(simulator, 'GET', path);
    expect([empty.status, empty.text]).toEqual([200, '']);
    expect(faults.pending()).toBe(0);
  });

  it('counts requests by route template and by concrete path', async () => {
    const { simulator } = await startSimulator();
    simulator.scriptNextRuns([{ runningMs: 0 }]);
    await execute(simulator, 'text-summary-flow');
    await call(simulator, 'GET', '/api/v1/executions/exec-1');
    await call(simulator, 'GET', '/api/v1/executions/exec-2', { auth: null });
    await call(simulator, 'GET', '/api/v1/executions/flow/text-summary-flow');
    const counters = simulator.server.counters;
    expect(counters.count('POST', '/api/v1/executions')).toBe(1);
    expect(counters.count('GET', '/api/v1/executions/:execution_id')).toBe(2);
    expect(counters.count('GET', '/api/v1/executions/exec-2')).toBe(1);
    expect(counters.count('GET', '/api/v1/executions/flow/:flow_id')).toBe(1);
    expect(counters.total()).toBe(4);
  });

  it('answers other methods with an empty 405 and echoes x-request-id', async () => {
    const { simulator } = await startSimulator();
    const wrong = await call(simulator, 'PUT', '/api/v1/executions/exec-1');
    expect([wrong.status, wrong.text, wrong.headers.allow]).toEqual([405, '', 'GET']);
    const echoed = await call(simulator, 'GET', '/api/v1/executions', { headers: { 'x-request-id': 'trace-1' } });
    expect(echoed.headers['x-request-id']).toBe('trace-1');
    expect((await call(simulator, 'GET', '/api/v1/nowhere')).status).toBe(404);
  });
});

describe('demo data', () => {
  it('seeds varied, deterministic fixtures', async () => {
    const { simulator } = await startSimulator();
    const { simulator: twin } = await startSimulator();
    const { flowIds, executionIds } = simulator.seedDemo();
    twin.seedDemo();
    expect(flowIds).toEqual(expect.arrayContaining(Object.values(demoFlowIds)));
    expect(executionIds.length).toBeGreaterThanOrEqual(40);
    const all = await listAll(simulator);
    expect(all).toEqual(await listAll(twin));

    const ids = all.map((execution) => execution.execution_id);
    expect(ids).toEqual(expect.arrayContaining(['exec-456', 'exec-457', 'exéc-ünïcødé-789']));
    expect(ids.filter((id) => uuidV4.test(id)).length).toBeGreaterThan(30);
    const statuses = new Set(all.map((execution) => execution.status));
    expect([...statuses]).toEqual(expect.arrayContaining(['completed', 'failed', 'running', 'pending', 'paused']));
    const stamps = all.map((execution) => execution.started_at);
    for (const pattern of [/Z$/, /\+00:00$/, /\+05:30$/, /-08:00$/, /:\d{2}\+00:00$/, /\.\d{3}\+/, /\.\d{6}\+/, /\.\d{9}\+/]) {
      expect(stamps.some((stamp) => pattern.test(stamp)), String(pattern)).toBe(true);
    }
    expect(Math.max(...all.map((execution) => JSON.stringify(execution.output_payload ?? null).length))).toBeGreaterThan(1_000_000);
    const inputTypes = new Set(all.map((execution) => (Array.isArray(execution.input_payload) ? 'array' : typeof execution.input_payload)));
    expect([...inputTypes]).toEqual(expect.arrayContaining(['object', 'array', 'string', 'number', 'boolean']));
    expect(all.some((execution) => !('completed_at' in execution))).toBe(true);
    expect(new Set(all.map((execution) => execution.flow_id))).toContain('résumé-flow');
    const inactive = simulator.flows().find((flow) => !flow.active);
    expect(inactive).toBeDefined();
  });

  it('starts demo runs through the POST runner: running, then settled', async () => {
    const { simulator, clock } = await startSimulator();
    simulator.seedDemo();
    const run = simulator.startDemoRun({ flowId: demoFlowIds.resume, outcome: 'completed', runningMs: 2_000 });
    expect(simulator.inFlightRuns()).toEqual([run.executionId]);
    expect((await call(simulator, 'GET', `/api/v1/executions/${run.executionId}`)).json()).toMatchObject({ status: 'running' });
    clock.advance(2_000);
    const settlement = await run.settled;
    expect(settlement.kind).toBe('stored');
    expect(simulator.getExecution(run.executionId)).toMatchObject({
      status: 'completed',
      flow_id: 'résumé-flow',
      output_payload: { verdict: 'shortlist', score: 0.87, notes: 'Expérience pertinente — 5 ans' },
    });
    const next = simulator.startDemoRun();
    expect(simulator.getExecution(next.executionId)?.status).toBe('running');
    clock.advance(30_000);
    expect(['stored', 'failed']).toContain((await next.settled).kind);
  });
});
