/**
 * Where the traced gateway of the request bench exports its spans: an OTLP/HTTP endpoint that
 * accepts every export (200, an empty protobuf answer) and keeps nothing. Prints `url=…` when ready.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, { 'content-type': request.headers['content-type'] ?? 'application/x-protobuf', 'content-length': 0 });
    response.end();
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`url=http://127.0.0.1:${(server.address() as AddressInfo).port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
