import type { IncomingMessage, ServerResponse } from 'node:http';

/** Yoga's fetch with its node server context: plugins find the node request there (its request id, for the logs). */
export type FetchHandler = (request: Request, serverContext: { req: IncomingMessage; res: ServerResponse }) => Promise<Response> | Response;

/**
 * Hands a request whose body was already read to Yoga's fetch handler, and writes Yoga's
 * answer back: a chunked body read here to bound its size, or an SSE request the lean path
 * looked at and found not to be a subscription (answered exactly as Yoga answers it).
 */
export async function forwardToYoga(request: IncomingMessage, response: ServerResponse, body: Buffer<ArrayBuffer>, fetchHandler: FetchHandler): Promise<void> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || name === 'content-length' || name === 'transfer-encoding') continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const method = request.method ?? 'POST';
  const abort = new AbortController();
  response.once('close', () => abort.abort());
  let answer: Response;
  try {
    answer = await fetchHandler(
      new Request(`http://${request.headers.host ?? 'localhost'}${request.url ?? '/'}`, {
        method,
        headers,
        signal: abort.signal,
        ...(method === 'GET' || method === 'HEAD' ? {} : { body }),
      }),
      { req: request, res: response },
    );
  } catch {
    response.destroy();
    return;
  }
  response.writeHead(answer.status, Object.fromEntries(answer.headers));
  if (!answer.body) {
    response.end();
    return;
  }
  // Yoga's Response may be a ponyfill whose stream Readable.fromWeb refuses: pump it by hand.
  const reader = answer.body.getReader();
  response.once('close', () => void reader.cancel().catch(() => undefined));
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!response.write(value)) await drainedOrClosed(response);
    }
    response.end();
  } catch {
    response.destroy();
  }
}

/** A slow client holds Yoga's stream back instead of having it buffered here. */
function drainedOrClosed(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.once('drain', done);
    response.once('close', done);
  });
}
