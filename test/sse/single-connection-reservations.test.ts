import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSingleConnectionRoute } from '../../src/sse/single-connection-route.js';

let server: Server;
let url: string;

/** The route alone, with a cap of two unopened reservations; no operation is run, so no pipeline is needed. */
beforeAll(async () => {
  const route = createSingleConnectionRoute({
    getEnveloped: () => {
      throw new Error('no operation is run in this test');
    },
    path: '/graphql',
    cors: false,
    maskError: (error) => error as Error,
    authenticate: () => undefined,
    maxUnopenedReservations: 2,
  });
  server = createServer((req, res) => {
    if (!route.handle(req, res)) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const reserve = async () => {
  const answer = await request(url, { method: 'PUT' });
  return { status: answer.statusCode, body: await answer.body.text() };
};

it('refuses reservations beyond the cap of unopened ones with RATE_LIMITED, and takes one again once a stream opens', async () => {
  const first = await reserve();
  const second = await reserve();
  expect([first.status, second.status]).toEqual([201, 201]);
  const refused = await reserve();
  expect(refused.status).toBe(429);
  expect(JSON.parse(refused.body).errors[0].extensions.code).toBe('RATE_LIMITED');

  // Opening the first reservation's stream makes room for one more.
  const stream = await request(url, { method: 'GET', headers: { accept: 'text/event-stream', 'x-graphql-event-stream-token': first.body } });
  expect(stream.statusCode).toBe(200);
  const third = await reserve();
  expect(third.status).toBe(201);
  expect((await reserve()).status).toBe(429);
  stream.body.destroy();
});
