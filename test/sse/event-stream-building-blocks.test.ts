import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { buildSchema, GraphQLError, parse, type ExecutionResult } from 'graphql';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventStream } from '../../src/sse/event-stream.js';
import { corsHeaders } from '../../src/sse/cors-headers.js';
import { acceptsOnlyEventStream } from '../../src/sse/event-stream-accept.js';
import { paramsFromJsonBody, paramsFromQueryString } from '../../src/sse/graphql-params.js';
import { KeepAlivePings } from '../../src/sse/keep-alive-pings.js';
import { encodeResult, responseStatus } from '../../src/sse/result-encoding.js';
import { SharedEventResults } from '../../src/sse/shared-event-results.js';
import { EventStreamSubscription } from '../../src/sse/event-stream-subscription.js';
import { detachedWatch } from '../helpers/live-watches.js';
import { scriptedRecord } from '../helpers/scripted-provider.js';

describe('which requests take the lean SSE path', () => {
  it('takes an Accept that leaves the event stream as the only format Yoga could answer with', () => {
    expect(acceptsOnlyEventStream('text/event-stream')).toBe(true);
    expect(acceptsOnlyEventStream('text/event-stream; charset=utf-8')).toBe(true);
    expect(acceptsOnlyEventStream('text/event-stream, text/html')).toBe(true);
  });

  it('leaves to Yoga an Accept under which an error result would be JSON, or no event stream at all', () => {
    for (const accept of [undefined, '', '*/*', 'application/json', 'text/event-stream, application/json', 'application/*, text/event-stream', 'text/event-stream, */*', 'text/event-stream;charset=latin1', 'text/*']) {
      expect(acceptsOnlyEventStream(accept), String(accept)).toBe(false);
    }
  });

  it('reads GET parameters as Yoga does, and gives up on anything Yoga would refuse', () => {
    expect(paramsFromQueryString('query=subscription%7Ba%7D&variables=%7B%22id%22%3A%221%22%7D&operationName=')).toEqual({
      query: 'subscription{a}',
      variables: { id: '1' },
      operationName: undefined,
    });
    expect(paramsFromQueryString('query=x&variables=null')).toEqual({ query: 'x', variables: undefined, operationName: undefined });
    for (const search of ['', 'variables=%7B%7D', 'query=x&variables=%7Bbad', 'query=x&variables=%5B1%5D', 'query=x&extensions=1']) {
      expect(paramsFromQueryString(search), search).toBeUndefined();
    }
  });

  it('reads a JSON body as Yoga does, and gives up on anything Yoga would refuse', () => {
    expect(paramsFromJsonBody(Buffer.from('{"query":"subscription{a}","variables":{"id":"1"},"operationName":"A","extensions":{}}'))).toEqual({
      query: 'subscription{a}',
      variables: { id: '1' },
      operationName: 'A',
    });
    for (const body of ['{"query":', 'null', '[]', '[{"query":"x"}]', '{}', '{"query":5}', '{"query":"x","variables":[1]}', '{"query":"x","variables":"{}"}', '{"query":"x","extra":1}', '{"query":"x","operationName":5}', '{"query":"x","extensions":"e"}']) {
      expect(paramsFromJsonBody(Buffer.from(body)), body).toBeUndefined();
    }
  });
});

describe('what the lean SSE path writes', () => {
  it('adds CORS headers as Yoga does for the policies the gateway configures', () => {
    const policy = { origin: ['https://a.example', 'https://b.example'], credentials: true, allowedHeaders: ['authorization'], methods: ['GET', 'POST'] };
    expect(corsHeaders(policy, undefined)).toEqual({});
    expect(corsHeaders(false, 'https://a.example')).toEqual({});
    expect(corsHeaders(policy, 'https://b.example')).toEqual({
      'access-control-allow-origin': 'https://b.example',
      vary: 'Origin',
      'access-control-allow-methods': 'GET, POST',
      'access-control-allow-headers': 'authorization',
      'access-control-allow-credentials': 'true',
    });
    expect(corsHeaders(policy, 'https://evil.example')['access-control-allow-origin']).toBe('null');
    expect(corsHeaders({ ...policy, origin: ['https://a.example'] }, 'https://evil.example')['access-control-allow-origin']).toBe('https://a.example');
    expect(corsHeaders({ ...policy, origin: '*', credentials: false }, 'https://any.example')).toEqual({
      'access-control-allow-origin': 'https://any.example',
      vary: 'Origin',
      'access-control-allow-methods': 'GET, POST',
      'access-control-allow-headers': 'authorization',
    });
  });

  it('answers a single result with the highest HTTP status its errors ask for, skipping GraphQL-over-HTTP ones', () => {
    const error = (extensions: Record<string, unknown>) => new GraphQLError('failed', { extensions });
    const headers: Record<string, string> = {};
    expect(responseStatus({ errors: [error({ code: 'UNAUTHENTICATED', http: { status: 401 } })] }, headers)).toBe(401);
    expect(responseStatus({ errors: [error({ http: { status: 400, spec: true } })] }, headers)).toBe(200);
    expect(responseStatus({ errors: [error({ http: { status: 400 } }), error({ http: { status: 405, headers: { Allow: 'POST' } } })] }, headers)).toBe(405);
    expect(headers).toEqual({ Allow: 'POST' });
    expect(responseStatus({ data: { a: 1 } }, {})).toBe(200);
    expect(responseStatus({ errors: [new GraphQLError('bug', { originalError: new Error('bug') })] }, {})).toBe(500);
    expect(responseStatus({ data: null, errors: [new GraphQLError('bug', { originalError: new Error('bug') })] }, {})).toBe(200);
  });

  it('writes results without the extensions that only chose the HTTP status', () => {
    const error = new GraphQLError('No key', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 }, unexpected: true } });
    expect(encodeResult({ errors: [error] })).toBe('{"errors":[{"message":"No key","extensions":{"code":"UNAUTHENTICATED"}}]}');
    expect(encodeResult({ errors: [new GraphQLError('x', { extensions: { http: { status: 400 } } })], data: null })).toBe('{"errors":[{"message":"x"}],"data":null}');
    expect(encodeResult({ data: { a: 1 }, extensions: { http: { status: 200 } } })).toBe('{"data":{"a":1}}');
    expect(encodeResult({ data: { a: 1 } })).toBe('{"data":{"a":1}}');
  });
});

describe('SharedEventResults', () => {
  it('resolves an event once per scope, and serializes a shared result once', () => {
    let now = 0;
    const results = new SharedEventResults({ now: () => now });
    const event = { sequence: 1 };
    let resolutions = 0;
    const resolve = () => ({ data: { n: ++resolutions } });
    const first = results.resultOf('scope-a', event, resolve);
    expect(results.resultOf('scope-a', event, resolve)).toBe(first);
    expect(results.resultOf('scope-b', event, resolve)).not.toBe(first);
    expect(results.resultOf('scope-a', { sequence: 1 }, resolve)).not.toBe(first);
    expect(resolutions).toBe(3);

    let encodings = 0;
    const encode = () => Buffer.from(`frame ${++encodings}`);
    const shared = first as ExecutionResult;
    const frame = results.frameOf(shared, encode);
    expect(results.frameOf(shared, encode)).toBe(frame);
    // A result that is not a shared one (a masked copy, say) is encoded for itself.
    results.frameOf({ data: { other: true } }, encode);
    results.frameOf({ data: { other: true } }, encode);
    expect(encodings).toBe(3);
    expect(results.stats()).toMatchObject({ resolutions: 3, reuses: 1 });
  });

  it('hands a result on only within its window: a later subscriber resolves afresh', () => {
    let now = 0;
    const results = new SharedEventResults({ now: () => now, reuseWindowMs: 1000 });
    const event = {};
    let resolutions = 0;
    const resolve = () => ({ data: { n: ++resolutions } });
    results.resultOf('scope', event, resolve);
    now = 1000;
    results.resultOf('scope', event, resolve);
    expect(resolutions).toBe(1);
    now = 2001;
    results.resultOf('scope', event, resolve);
    expect(resolutions).toBe(2);
  });

  it('remembers at most its bound of resolved events', () => {
    const results = new SharedEventResults({ maxEntries: 10, now: () => 0 });
    for (let index = 0; index < 100; index++) results.resultOf('scope', {}, () => ({ data: null }));
    expect(results.stats().remembered).toBe(10);
  });

  it('shares a result that resolves later, and then hands it on in the same turn', async () => {
    const results = new SharedEventResults();
    const event = {};
    let resolutions = 0;
    const resolve = () => Promise.resolve({ data: { n: ++resolutions } });
    const pending = results.resultOf('scope', event, resolve);
    expect(pending).toBeInstanceOf(Promise);
    expect(results.resultOf('scope', event, resolve)).toBe(pending);
    const value = await pending;
    expect(results.resultOf('scope', event, resolve)).toBe(value);
    expect(resolutions).toBe(1);
  });
});

describe('KeepAlivePings', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('pings every stream once per interval, spread over the interval rather than all at once', () => {
    vi.useFakeTimers();
    const pings = new KeepAlivePings(12_000);
    const counts = new Map<number, number>();
    const streams = Array.from({ length: 400 }, (_, index) => ({ ping: () => counts.set(index, (counts.get(index) ?? 0) + 1) }));
    for (const stream of streams) pings.add(stream);

    let largestRound = 0;
    for (let step = 0; step < 40; step++) {
      const before = [...counts.values()].reduce((sum, count) => sum + count, 0);
      vi.advanceTimersByTime(300);
      largestRound = Math.max(largestRound, [...counts.values()].reduce((sum, count) => sum + count, 0) - before);
    }
    expect(streams.every((_, index) => counts.get(index) === 1)).toBe(true);
    expect(largestRound).toBe(10);

    vi.advanceTimersByTime(12_000);
    expect(streams.every((_, index) => counts.get(index) === 2)).toBe(true);
    for (const stream of streams) pings.delete(stream);
    vi.advanceTimersByTime(24_000);
    expect(streams.every((_, index) => counts.get(index) === 2)).toBe(true);
  });

  it('pings a new stream within one interval', () => {
    vi.useFakeTimers();
    const pings = new KeepAlivePings(12_000);
    pings.add({ ping: () => undefined });
    vi.advanceTimersByTime(5_100);
    let pinged = 0;
    pings.add({ ping: () => pinged++ });
    vi.advanceTimersByTime(12_000);
    expect(pinged).toBe(1);
  });
});

/** Enough of a ServerResponse for an EventStream: it records writes and can play a slow client. */
class FakeResponse extends EventEmitter {
  written: string[] = [];
  chunks: Buffer[] = [];
  writableNeedDrain = false;
  writableFinished = false;
  clientIsSlow = false;

  writeHead(): this {
    return this;
  }

  write(chunk: Buffer): boolean {
    this.chunks.push(chunk);
    this.written.push(chunk.toString());
    if (this.clientIsSlow) this.writableNeedDrain = true;
    return !this.clientIsSlow;
  }

  end(chunk: Buffer): this {
    this.written.push(chunk.toString());
    this.writableFinished = true;
    this.emit('close');
    return this;
  }

  catchUp(): void {
    this.clientIsSlow = false;
    this.writableNeedDrain = false;
    this.emit('drain');
  }
}

describe('EventStreamSubscription and EventStream', () => {
  const schema = buildSchema('type Output { n: Int } type Query { output: Output }');
  const document = parse('{ output { n } }');
  const frame = (n: number) => `event: next\ndata: {"data":{"output":{"n":${n}}}}\n\n`;

  function subscriptionOver(response: FakeResponse, results = new SharedEventResults()) {
    const source = detachedWatch();
    const stream = new EventStream(response as unknown as ServerResponse, new KeepAlivePings(60_000), undefined);
    const ended: EventStreamSubscription[] = [];
    const subscription = new EventStreamSubscription(source.watch, { schema, document, contextValue: {} }, undefined, 'scope', {
      results,
      eventContextSeed: () => 'seed',
      eventContext: () => ({}),
      maskError: (error) => error as Error,
    });
    stream.open(200, {});
    subscription.start(stream, { ended: (which) => void ended.push(which) });
    return { source, subscription, ended };
  }

  it('asks its watch for the next state only once a slow client has caught up, and the watch coalesces meanwhile', () => {
    const response = new FakeResponse();
    const { source } = subscriptionOver(response);
    source.hand('a', 1);
    response.clientIsSlow = true;
    source.hand('a', 2);
    source.hand('a', 3);
    source.hand('a', 4);
    expect(response.written).toEqual([':\n\n', frame(1), frame(2)]);
    response.catchUp();
    expect(response.written).toEqual([':\n\n', frame(1), frame(2), frame(3), frame(4)]);
    source.hand('a', 5, { status: 'SUCCEEDED' });
    expect(response.written.at(-1)).toBe('event: complete\ndata:\n\n');
  });

  it('returns its watch at once when the client goes away, even while waiting for it to catch up', () => {
    const response = new FakeResponse();
    const { source, ended } = subscriptionOver(response);
    response.clientIsSlow = true;
    source.hand('a', 1);
    response.emit('close');
    expect(source.left).toEqual(['a']);
    expect(ended).toHaveLength(1);
    expect(source.hand('a', 2)).toBe(false);
    expect(response.written).toEqual([':\n\n', frame(1)]);
  });

  it('resolves a state once for the subscribers of one scope, and writes them the same bytes', () => {
    const results = new SharedEventResults();
    const [first, second] = [new FakeResponse(), new FakeResponse()];
    const subscriptions = [subscriptionOver(first, results), subscriptionOver(second, results)];
    const record = scriptedRecord('p', 'a', { output: { n: 7 } });
    for (const { source } of subscriptions) source.watch.receive(source.watch.executions[0]!, record);
    expect(results.stats()).toMatchObject({ resolutions: 1, reuses: 1 });
    expect(first.chunks[1]).toBe(second.chunks[1]);
  });

  it('writes a failure of its watch as a last event at the operation, then completes', () => {
    const response = new FakeResponse();
    const { source } = subscriptionOver(response);
    source.watch.fail(new Error('broken'));
    expect(response.written).toEqual([':\n\n', 'event: next\ndata: {"errors":[{"message":"broken"}]}\n\n', 'event: complete\ndata:\n\n']);
  });
});
