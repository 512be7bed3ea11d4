import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executionGlobalId } from '../../src/model/global-id.js';
import { createAiropsSimulator, type AiropsSimulator } from '../../src/simulators/airops/index.js';
import { ManualClock } from '../../src/simulators/kit/index.js';
import { until } from '../helpers/live-clients.js';
import { registerCapturedGateway } from '../helpers/secret-registry.js';
import { spawnGateway } from '../helpers/spawn-gateway.js';

const upstreamKey = 'readiness-upstream-key-77';
const clientKey = 'readiness-client-key-41';
const metricsToken = 'readiness-metrics-token-93';
let simulator: AiropsSimulator;
let slow: string;

beforeAll(async () => {
  simulator = createAiropsSimulator({ clock: new ManualClock(), apiKeys: [upstreamKey] });
  await simulator.listen();
  const app = simulator.addApp({ name: 'readiness' });
  slow = simulator.addExecution({ app: app.id, status: 'success' }).uuid;
});

afterAll(() => simulator.close());

/** Everything one raw HTTP/1.1 connection receives until the server closes it. */
function rawConnection(port: number): { send(text: string): void; received: () => string; closed: Promise<void> } {
  const socket = connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => undefined);
  return { send: (text) => socket.write(text), received: () => received, closed };
}

describe('readiness on SIGTERM (a spawned gateway)', () => {
  it('turns 503 at once while a long request drains, which still finishes; logs are JSON lines without secrets', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'runql-readiness-'));
    const config = join(directory, 'gateway.json');
    writeFileSync(
      config,
      JSON.stringify({
        providers: [{ name: 'airops', kind: 'airops', baseUrl: simulator.url, apiKey: upstreamKey, timeoutMs: 5000 }],
        auth: { apiKeys: [{ key: { env: 'READINESS_CLIENT_KEY' } }] },
        metrics: { bearerToken: { env: 'READINESS_METRICS_TOKEN' } },
      }),
    );
    const gateway = spawnGateway({ GATEWAY_CONFIG: config, PORT: '0', READINESS_CLIENT_KEY: clientKey, READINESS_METRICS_TOKEN: metricsToken });
    const responses: string[] = [];
    try {
      const [, url] = await gateway.waitFor(/"url":"(http:\/\/localhost:(\d+)\/graphql)"/);
      const port = Number(new URL(url!).port);
      const origin = `http://127.0.0.1:${port}`;
      const ready = await request(`${origin}/readiness`);
      responses.push(await ready.body.text());
      expect(ready.statusCode).toBe(200);
      const scraped = await request(`${origin}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } });
      responses.push(await scraped.body.text());
      expect(scraped.statusCode).toBe(200);

      const slowPath = `/public_api/airops_apps/executions/${slow}`;
      // Long enough that SIGTERM and the second request surely arrive while it is in flight (under the 5 s timeout and the 8 s grace).
      simulator.server.faults.inject({ kind: 'delay', ms: 4000 }, { path: slowPath });
      const body = JSON.stringify({ query: `query ($id: ID!) { execution(id: $id) { status } }`, variables: { id: executionGlobalId('airops', slow) } });
      const connection = rawConnection(port);
      connection.send(
        `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAuthorization: Bearer ${clientKey}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
      await until(() => simulator.server.counters.count('GET', slowPath) === 1, 'the slow upstream read');

      gateway.child.kill('SIGTERM');
      await gateway.waitFor(/SIGTERM received/);
      // The connection still serves while its request drains: the next request on it asks for readiness.
      connection.send(`GET /readiness HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
      await connection.closed;
      const answers = connection.received();
      responses.push(answers);
      const [first, second] = answers.split(/(?=HTTP\/1\.1 )/);
      expect(first).toMatch(/^HTTP\/1\.1 200 /);
      expect(first).toContain('{"data":{"execution":{"status":"SUCCEEDED"}}}');
      expect(second).toMatch(/^HTTP\/1\.1 503 /);
      expect(second).toContain('{"status":"not ready","reasons":["shutting down"]}');

      expect(await gateway.exited).toEqual({ code: 0, signal: null });
      const lines = gateway.output().trim().split('\n');
      registerCapturedGateway({ secrets: [upstreamKey, clientKey, metricsToken], logs: lines, responses });
      for (const line of lines) {
        const entry = JSON.parse(line) as Record<string, unknown>;
        expect(Object.keys(entry).slice(0, 2)).toEqual(['level', 'time']);
        expect(typeof entry.msg).toBe('string');
        for (const secret of [upstreamKey, clientKey, metricsToken]) expect(line).not.toContain(secret);
      }
      expect(lines.map((line) => (JSON.parse(line) as { msg: string }).msg)).toContain('stopped');
    } finally {
      gateway.child.kill('SIGKILL');
    }
  });
});
