/**
 * `npm run simulators` starts the four upstream simulators on the system clock (seeded as in
 * demo mode, with new runs every few seconds) and prints a GATEWAY_CONFIG document pointing at
 * them, so the gateway runs against them exactly as against real upstreams:
 *
 *   npm run simulators -- --config-out=simulators.json &
 *   GATEWAY_CONFIG=simulators.json npm start
 *
 * Options: `--port-base=N` (ports N..N+3; default: free ports), `--config-out=FILE`.
 */
import { writeFileSync } from 'node:fs';
import { startSimulatedUpstreams } from './simulated-upstreams.js';

const options = new Map(
  process.argv.slice(2).map((argument) => {
    const [name, value = 'true'] = argument.replace(/^--/, '').split('=');
    return [name!, value] as const;
  }),
);
const upstreams = await startSimulatedUpstreams({ portBase: Number(options.get('port-base') ?? 0) });
const text = JSON.stringify({ providers: upstreams.providers }, null, 2);
const configOut = options.get('config-out');
if (configOut) writeFileSync(configOut, `${text}\n`);
process.stdout.write(`${text}\nsimulators ready\n`);

const timer = setInterval(() => upstreams.startRun(), 2000);
const stop = async () => {
  clearInterval(timer);
  await upstreams.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
