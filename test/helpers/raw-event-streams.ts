import { request, type IncomingHttpHeaders } from 'node:http';
import { until } from './live-clients.js';

/** One frame of a GraphQL-over-SSE response: a comment (ping) or an event with its data. */
export type Frame = { kind: 'ping' } | { kind: 'next'; data: unknown } | { kind: 'complete' };

/** A GraphQL-over-SSE response read off a bare node:http request, byte for byte. */
export interface RawEventStream {
  status: number;
  headers: IncomingHttpHeaders;
  /** Everything received so far. */
  readonly text: string;
  readonly frames: Frame[];
  /** Set once the server ended the response. */
  readonly ended: boolean;
  waitForFrames(predicate: (frames: Frame[]) => boolean, what: string): Promise<Frame[]>;
  waitForEnd(): Promise<Frame[]>;
  /** Destroys the connection without a goodbye. */
  cut(): void;
}

export interface EventStreamRequest {
  method?: 'GET' | 'POST';
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
  headers?: Record<string, string>;
}

/**
 * Opens one subscription the way graphql-sse's client does in distinct-connections mode
 * (`Accept: text/event-stream`; a POST with a JSON body, or a GET with the query string), and
 * resolves once the response's head arrived.
 */
export function openRawEventStream(url: string, options: EventStreamRequest): Promise<RawEventStream> {
  const method = options.method ?? 'POST';
  const target = new URL(url);
  if (method === 'GET') {
    target.searchParams.set('query', options.query);
    if (options.variables) target.searchParams.set('variables', JSON.stringify(options.variables));
    if (options.operationName) target.searchParams.set('operationName', options.operationName);
  }
  const outgoing = request(target, {
    method,
    headers: { accept: 'text/event-stream', ...(method === 'POST' ? { 'content-type': 'application/json' } : {}), ...options.headers },
  });
  return new Promise((resolve, reject) => {
    outgoing.on('error', reject);
    outgoing.on('response', (response) => {
      outgoing.off('error', reject);
      outgoing.on('error', () => undefined);
      let text = '';
      let ended = false;
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('error', () => undefined);
      response.on('end', () => (ended = true));
      const stream: RawEventStream = {
        status: response.statusCode ?? 0,
        headers: response.headers,
        get text() {
          return text;
        },
        get frames() {
          return parseFrames(text);
        },
        get ended() {
          return ended;
        },
        async waitForFrames(predicate, what) {
          await until(() => predicate(parseFrames(text)), what);
          return parseFrames(text);
        },
        async waitForEnd() {
          await until(() => ended, 'the end of the response');
          return parseFrames(text);
        },
        cut: () => outgoing.destroy(),
      };
      resolve(stream);
    });
    outgoing.end(method === 'POST' ? JSON.stringify({ query: options.query, variables: options.variables, operationName: options.operationName }) : undefined);
  });
}

/** The complete frames of `text` (a partial last one is left out). */
export function parseFrames(text: string): Frame[] {
  const frames: Frame[] = [];
  for (const block of text.split('\n\n').slice(0, -1)) {
    if (block === ':') frames.push({ kind: 'ping' });
    else if (block.startsWith('event: next\ndata: ')) frames.push({ kind: 'next', data: JSON.parse(block.slice('event: next\ndata: '.length)) as unknown });
    else if (block === 'event: complete\ndata:') frames.push({ kind: 'complete' });
    else throw new Error(`not a GraphQL-over-SSE frame: ${JSON.stringify(block)}`);
  }
  return frames;
}

export const nextData = (frames: Frame[]): unknown[] => frames.flatMap((frame) => (frame.kind === 'next' ? [frame.data] : []));
