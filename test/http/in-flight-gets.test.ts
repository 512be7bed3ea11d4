import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UpstreamClient } from '../../src/http/upstream-client.js';
import type { CallOptions, UpstreamRequest } from '../../src/http/upstream-request.js';
import { silentLogger } from '../../src/log/logger.js';
import { SimulatorServer } from '../../src/simulators/kit/index.js';

const key = 'in-flight-upstream-key';
let server: SimulatorServer;
let client: UpstreamClient;
/** Requests to /slow wait here until the test releases them. */
let gate: { open: () => void; opened: Promise<void> };

function newGate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

beforeAll(async () => {
  server = new SimulatorServer({
    name: 'in-flight',
    authenticate: (request) => request.headers.authorization === `Bearer ${key}`,
    unauthorized: () => ({ status: 401 }),
    errorResponse: (status, message) => ({ status, json: { error: message } }),
  });
  let version = 0;
  server.route('GET', '/slow/:name', async (request) => {
    // The state when the request arrived, answered later.
    const seen = version;
    await gate.opened;
    return { status: 200, json: { name: request.params.name, version: seen } };
  });
  server.route('POST', '/slow/:name', () => {
    version += 1;
    return { status: 200, json: { version } };
  });
  await server.listen();
  client = new UpstreamClient({ provider: 'p', baseUrl: server.url, timeoutMs: 2000, authHeaders: { authorization: `Bearer ${key}` }, logger: silentLogger });
});

afterAll(async () => {
  await client.close();
  await server.close();
});

beforeEach(() => {
  server.counters.reset();
  gate = newGate();
});

const get = (name: string, call: CallOptions = {}, extra: Partial<UpstreamRequest> = {}) =>
  client.send({ method: 'GET', path: `/slow/${name}`, operation: 'get slow', call, ...extra });
const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

describe('identical concurrent GETs', () => {
  it('share one upstream call and all get the answer', async () => {
    const answers = Promise.all([get('a'), get('a'), get('a'), get('a', {}, { query: { x: 1 } }), get('b')]);
    await settle();
    gate.open();
    const [first, second, third, withQuery, other] = await answers;
    expect([first, second, third].map((answer) => answer.body)).toEqual(Array(3).fill({ name: 'a', version: 0 }));
    expect(withQuery.body).toMatchObject({ name: 'a' });
    expect(other.body).toMatchObject({ name: 'b' });
    expect(server.counters.count('GET', '/slow/a')).toBe(2);
    expect(server.counters.count('GET', '/slow/b')).toBe(1);
  });

  it('do not share once the first call has ended', async () => {
    gate.open();
    await get('a');
    await get('a');
    expect(server.counters.count('GET', '/slow/a')).toBe(2);
  });

  it("keep serving the others when one caller aborts, and its abort reaches only that caller", async () => {
    const leaving = new AbortController();
    const staying = new AbortController();
    const left = get('a', { signal: leaving.signal });
    const stayed = get('a', { signal: staying.signal });
    const unsignalled = get('a');
    await settle();
    leaving.abort(new Error('client went away'));
    await expect(left).rejects.toThrow('client went away');
    gate.open();
    await expect(stayed).resolves.toMatchObject({ body: { name: 'a' } });
    await expect(unsignalled).resolves.toMatchObject({ body: { name: 'a' } });
    expect(server.counters.count('GET', '/slow/a')).toBe(1);
  });

  it('abort the upstream call when every caller has gone, and a later caller starts afresh', async () => {
    const callers = [new AbortController(), new AbortController()];
    const pending = callers.map((controller) => get('a', { signal: controller.signal }));
    await settle();
    for (const controller of callers) controller.abort(new Error('gone'));
    for (const call of pending) await expect(call).rejects.toThrow('gone');
    gate.open();
    await expect(get('a')).resolves.toMatchObject({ body: { name: 'a' } });
    expect(server.counters.count('GET', '/slow/a')).toBe(2);
  });

  it('never answer a read that follows a write with a read that started before it', async () => {
    const before = get('a');
    await settle();
    await client.send({ method: 'POST', path: '/slow/a', operation: 'write slow', body: {}, call: {} });
    const after = get('a');
    gate.open();
    expect((await before).body).toMatchObject({ version: 0 });
    expect((await after).body).toMatchObject({ version: 1 });
    expect(server.counters.count('GET', '/slow/a')).toBe(2);
  });
});
