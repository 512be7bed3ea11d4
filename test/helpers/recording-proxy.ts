import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';

/** One request as it reached the upstream, query string included (the simulator's counters keep paths only). */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
}

/**
 * A loopback pass-through in front of the simulator that records every request, so tests can
 * assert what the gateway pushed down into query strings and bodies.
 */
export interface RecordingProxy {
  url: string;
  requests: RecordedRequest[];
  /** Recorded requests to `path` (decoded), optionally of one method. */
  to(path: string, method?: string): RecordedRequest[];
  close(): Promise<void>;
}

export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const url = new URL(incoming.url ?? '/', 'http://proxy');
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: incoming.method ?? 'GET', path: decodeURIComponent(url.pathname), query: url.searchParams, body, headers: { ...incoming.headers } });
      const headers = { ...incoming.headers };
      delete headers.host;
      delete headers.connection;
      request(`${target}${incoming.url ?? '/'}`, { method: (incoming.method ?? 'GET') as 'GET', headers, ...(body ? { body } : {}) })
        .then(async (answer) => {
          const text = Buffer.from(await answer.body.arrayBuffer());
          const forwarded: Record<string, string | string[]> = {};
          for (const [name, value] of Object.entries(answer.headers)) {
            if (value !== undefined && name !== 'transfer-encoding' && name !== 'connection' && name !== 'keep-alive') forwarded[name] = value;
          }
          forwarded['content-length'] = String(text.length);
          outgoing.writeHead(answer.statusCode, forwarded);
          outgoing.end(text);
        })
        .catch(() => outgoing.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    to: (path, method) => requests.filter((entry) => entry.path === path && (method === undefined || entry.method === method)),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
