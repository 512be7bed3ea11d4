/**
 * The bench's upstream in a process of its own: AirOps execution reads answered from memory.
 * The AirOps simulator (frozen clock: running executions stay running, so nothing is served
 * from the finished cache) makes `RUNNING` running executions; a bare node:http server then
 * answers `GET /public_api/airops_apps/executions/:uuid` with the simulator's wire body for each
 * (and 401 without the key, 404 for an unknown uuid). The simulator itself does far more per
 * request (routing, fault injection, counters, lifecycles) and would be the bottleneck of the
 * bench; the replay keeps the upstream's share of the CPU as small as a real remote upstream's.
 * Prints one JSON line `{ url, apiKey, appUuid, uuids }` when ready.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAiropsSimulator } from '../../src/simulators/airops/index.js';
import { ManualClock } from '../../src/simulators/kit/index.js';

const apiKey = 'bench-request-airops-key';
const count = Number(process.env.RUNNING ?? 16);
const clock = new ManualClock();
const simulator = createAiropsSimulator({ clock, apiKeys: [apiKey], seed: 71, idStyle: 'mixed' });
const app = simulator.addApp({ name: 'bench-request' });
const bodies = new Map<string, string>();
const uuids: string[] = [];
for (let index = 0; index < count; index++) {
  const { uuid } = simulator.addExecution({ app: app.id, createdAt: clock.now() - 60_000 + index, status: 'running', inputs: { topic: `run ${index}` }, output: null });
  uuids.push(uuid);
  bodies.set(`/public_api/airops_apps/executions/${uuid}`, JSON.stringify({ airops_app_execution: simulator.wireExecution(uuid) }));
}

const authorization = `Bearer ${apiKey}`;
const server = createServer((request, response) => {
  const body = bodies.get(request.url ?? '');
  const status = request.headers.authorization !== authorization ? 401 : body === undefined ? 404 : 200;
  const text = status === 200 ? body! : JSON.stringify({ error: status === 401 ? 'unauthorized' : 'not found' });
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.stdout.write(`${JSON.stringify({ url, apiKey, appUuid: app.uuid, uuids })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
