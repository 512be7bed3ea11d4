import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultInjector, type Fault, type FaultMatch } from './fault-injector.js';
import { RequestCounters } from './request-counters.js';
import { ManualClock, type SimulatorClock } from './simulator-clock.js';

/** What a route handler answers. `json` is serialized; `text` is sent verbatim; neither: empty body. */
export interface SimResponse {
  status: number;
  json?: unknown;
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface SimRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  rawBody: string;
  /** The body parsed as JSON; `undefined` when empty, `bodyError` set when it did not parse. */
  body: unknown;
  bodyError: boolean;
}

export type RouteHandler = (request: SimRequest) => SimResponse | Promise<SimResponse>;

export interface RouteOptions {
  /** Set false for routes that authenticate themselves (a key in the query string, or none). */
  auth?: boolean;
}

export interface SimulatorServerOptions {
  name: string;
  clock?: SimulatorClock;
  /** True when the request carries valid credentials for this upstream. */
  authenticate: (request: SimRequest) => boolean;
  /** The upstream's answer to missing or wrong credentials. */
  unauthorized: (request: SimRequest) => SimResponse;
  /** The upstream's error envelope for `status` (used by faults and unmatched routes). */
  errorResponse: (status: number, message: string) => SimResponse;
}

interface Route {
  method: string;
  template: string;
  segments: string[];
  handler: RouteHandler;
  auth: boolean;
}

const maxBodyBytes = 64 * 1024 * 1024;

/**
 * A real loopback HTTP server that speaks one upstream's wire format. Shared machinery only:
 * routing, auth hook, fault injection, request counters and a small control plane under
 * `/__sim/` (not counted) so that a process other than the one that started the simulator
 * can arm faults, read counters and move a manual clock.
 */
export class SimulatorServer {
  readonly name: string;
  readonly clock: SimulatorClock;
  readonly faults = new FaultInjector();
  readonly counters = new RequestCounters();
  #options: SimulatorServerOptions;
  #routes: Route[] = [];
  #server: Server | undefined;
  #url: string | undefined;

  constructor(options: SimulatorServerOptions) {
    this.name = options.name;
    this.clock = options.clock ?? new ManualClock();
    this.#options = options;
  }

  route(method: string, template: string, handler: RouteHandler, options: RouteOptions = {}): this {
    this.#routes.push({
      method: method.toUpperCase(),
      template,
      segments: template.split('/'),
      handler,
      auth: options.auth ?? true,
    });
    return this;
  }

  /** Base URL (`http://127.0.0.1:PORT`) once listening. */
  get url(): string {
    if (this.#url === undefined) throw new Error(`simulator ${this.name} is not listening`);
    return this.#url;
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    const server = createServer((request, response) => {
      this.#handle(request, response).catch((error: unknown) => {
        if (!response.headersSent) {
          response.writeHead(500, { 'content-type': 'text/plain' });
          response.end(`simulator error: ${error instanceof Error ? error.message : String(error)}`);
        } else {
          response.destroy();
        }
      });
    });
    server.keepAliveTimeout = 30_000;
    this.#server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    const address = server.address() as AddressInfo;
    this.#url = `http://${host}:${address.port}`;
    return this.#url;
  }

  async close(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    this.#server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  async #handle(incoming: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(incoming.url ?? '/', 'http://simulator');
    const method = (incoming.method ?? 'GET').toUpperCase();
    const rawBody = await readBody(incoming);
    if (url.pathname.startsWith('/__sim/')) {
      send(response, this.#control(method, url.pathname, rawBody));
      return;
    }
    const matched = this.#match(method, url.pathname);
    this.counters.record(method, matched?.route.template, url.pathname);

    const fault = this.faults.take(method, url.pathname);
    if (fault) {
      const handled = await this.#applyFault(fault, incoming, response);
      if (handled) return;
    }

    const request = toSimRequest(method, url, incoming, rawBody, matched?.params ?? {});
    if (!matched) {
      send(response, this.#options.errorResponse(404, 'Not found'));
      return;
    }
    if (matched.route.auth && !this.#options.authenticate(request)) {
      send(response, this.#options.unauthorized(request));
      return;
    }
    send(response, await matched.route.handler(request));
  }

  /** Returns true when the fault answered the request itself. */
  async #applyFault(fault: Fault, incoming: IncomingMessage, response: ServerResponse): Promise<boolean> {
    switch (fault.kind) {
      case 'delay':
        await new Promise((resolve) => setTimeout(resolve, fault.ms));
        return response.destroyed;
      case 'reset':
        incoming.socket.destroy();
        return true;
      case 'malformed':
        send(response, { status: 200, text: '{"truncated": [1, 2', contentType: 'application/json' });
        return true;
      case 'empty':
        send(response, { status: 200, contentType: 'application/json' });
        return true;
      case 'rate-limit': {
        const answer = this.#options.errorResponse(429, 'Too many requests');
        send(response, { ...answer, headers: { ...answer.headers, 'retry-after': String(fault.retryAfterSeconds) } });
        return true;
      }
      case 'status': {
        if (fault.body !== undefined) {
          send(response, {
            status: fault.status,
            text: fault.body,
            contentType: fault.contentType ?? 'application/json',
            ...(fault.headers ? { headers: fault.headers } : {}),
          });
        } else {
          const answer = this.#options.errorResponse(fault.status, `Injected ${fault.status}`);
          send(response, { ...answer, headers: { ...answer.headers, ...fault.headers } });
        }
        return true;
      }
    }
  }

  #match(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
    const segments = path.split('/');
    for (const route of this.#routes) {
      if (route.method !== method || route.segments.length !== segments.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < segments.length; i++) {
        const expected = route.segments[i]!;
        const actual = segments[i]!;
        if (expected.startsWith(':')) {
          if (actual === '') { ok = false; break; }
          params[expected.slice(1)] = safeDecode(actual);
        } else if (expected !== actual) {
          ok = false;
          break;
        }
      }
      if (ok) return { route, params };
    }
    return undefined;
  }

  #control(method: string, path: string, rawBody: string): SimResponse {
    const body = rawBody ? (JSON.parse(rawBody) as Record<string, unknown>) : {};
    if (method === 'GET' && path === '/__sim/counters') {
      return { status: 200, json: { total: this.counters.total(), byRoute: this.counters.snapshot() } };
    }
    if (method === 'POST' && path === '/__sim/counters/reset') {
      this.counters.reset();
      return { status: 204 };
    }
    if (method === 'POST' && path === '/__sim/faults') {
      const match: FaultMatch & { times?: number } = {};
      if (typeof body.method === 'string') match.method = body.method;
      if (typeof body.path === 'string') match.path = body.path;
      if (typeof body.times === 'number') match.times = body.times;
      this.faults.inject(body.fault as Fault, match);
      return { status: 204 };
    }
    if (method === 'DELETE' && path === '/__sim/faults') {
      this.faults.clear();
      return { status: 204 };
    }
    if (method === 'POST' && path === '/__sim/clock/advance') {
      if (!(this.clock instanceof ManualClock)) return { status: 409, json: { error: 'this simulator runs on the system clock' } };
      this.clock.advance(Number(body.ms));
      return { status: 200, json: { now: this.clock.now() } };
    }
    return { status: 404, json: { error: 'unknown control route' } };
  }
}

function toSimRequest(
  method: string,
  url: URL,
  incoming: IncomingMessage,
  rawBody: string,
  params: Record<string, string>,
): SimRequest {
  let body: unknown;
  let bodyError = false;
  if (rawBody.length > 0) {
    try {
      body = JSON.parse(rawBody);
    } catch {
      bodyError = true;
    }
  }
  return { method, path: url.pathname, params, query: url.searchParams, headers: incoming.headers, rawBody, body, bodyError };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

async function readBody(incoming: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBodyBytes) throw new Error('request body too large for the simulator');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, answer: SimResponse): void {
  if (response.destroyed) return;
  const headers: Record<string, string> = { ...answer.headers };
  let payload: string | undefined;
  if (answer.json !== undefined) {
    payload = JSON.stringify(answer.json);
    headers['content-type'] = answer.contentType ?? 'application/json; charset=utf-8';
  } else if (answer.text !== undefined) {
    payload = answer.text;
    headers['content-type'] = answer.contentType ?? 'text/plain; charset=utf-8';
  } else if (answer.contentType) {
    headers['content-type'] = answer.contentType;
  }
  if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
  else if (answer.status !== 204 && answer.status !== 304) headers['content-length'] = '0';
  response.writeHead(answer.status, headers);
  response.end(payload);
}
