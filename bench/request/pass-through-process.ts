/**
 * The physical floor of the request path on this machine: a bare node:http server that answers
 * `POST /graphql` `{ variables: { id } }` with one upstream GET through an undici Pool (the
 * same client runql uses), wrapping the upstream's JSON as `{ data: { execution } }`. No
 * GraphQL, no auth, no mapping, no sharing of in-flight reads. Prints `url=…` when ready.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';

const upstream = process.env.UPSTREAM_URL!;
const authorization = `Bearer ${process.env.UPSTREAM_KEY!}`;
const pool = new Pool(upstream, { connections: 64, pipelining: 1 });

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    void (async () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { variables?: { id?: string } };
        const answer = await pool.request({
          method: 'GET',
          path: `/public_api/airops_apps/executions/${encodeURIComponent(String(body.variables?.id))}`,
          headers: { authorization, accept: 'application/json' },
        });
        const execution: unknown = await answer.body.json();
        const text = JSON.stringify({ data: { execution } });
        response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
        response.end(text);
      } catch (error) {
        response.writeHead(502, { 'content-type': 'text/plain' });
        response.end(String(error));
      }
    })();
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`url=http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
