import type { ServerResponse } from 'node:http';
import type { KeepAlivePings } from './keep-alive-pings.js';

/** Told when the client goes away, or catches up after falling behind. */
export interface StreamListener {
  clientGone(): void;
  drained(): void;
}

const ping = Buffer.from(':\n\n');
const completeFrame = Buffer.from('event: complete\ndata:\n\n');

/** Yoga's SSE response headers, in its order. */
const eventStreamHeaders = {
  'content-type': 'text/event-stream',
  connection: 'keep-alive',
  'cache-control': 'no-cache',
  'content-encoding': 'none',
} as const;

/**
 * One GraphQL-over-SSE response ("distinct connections" mode) written straight to node:http,
 * byte for byte what Yoga writes: a ping first (some browsers wait for a first byte), then
 * `event: next` frames, then `event: complete`. It is also what the context factory sees of the
 * request: its Authorization header, and an AbortSignal (made only if something asks for one)
 * aborted when the client goes away.
 */
export class EventStream {
  readonly authorization: string | undefined;
  #response: ServerResponse;
  #pings: KeepAlivePings;
  #state: 'pending' | 'open' | 'ended' | 'gone' = 'pending';
  #listener: StreamListener | null = null;
  #waitsForDrain = false;
  #abort: AbortController | null = null;

  constructor(response: ServerResponse, pings: KeepAlivePings, authorization: string | undefined) {
    this.authorization = authorization;
    this.#response = response;
    this.#pings = pings;
    // `on`, not `once`: once wraps the listener in two more objects, for every open stream.
    response.on('close', () => this.#closed());
  }

  /** Aborted once the client has gone. */
  get signal(): AbortSignal {
    this.#abort ??= new AbortController();
    if (this.#state === 'gone') this.#abort.abort();
    return this.#abort.signal;
  }

  /** The client went away before the stream ended. */
  get gone(): boolean {
    return this.#state === 'gone';
  }

  /** `listener` hears of the client going away before the stream ended (at once if it already has). */
  onGone(listener: StreamListener): void {
    this.#listener = listener;
    if (this.#state === 'gone') listener.clientGone();
  }

  open(status: number, headers: Readonly<Record<string, string>>): void {
    if (this.#state !== 'pending') return;
    this.#state = 'open';
    this.#response.writeHead(status, { ...eventStreamHeaders, ...headers });
    this.#response.write(ping);
    this.#pings.add(this);
  }

  /** Writes one `event: next` frame; false when the client is behind (wait for `afterDrain`). */
  send(frame: Buffer): boolean {
    if (this.#state !== 'open') return true;
    return this.#response.write(frame);
  }

  /** `listener` hears once the client has caught up (nothing if it goes away instead). */
  afterDrain(listener: StreamListener): void {
    this.#listener = listener;
    if (this.#state !== 'open' || !this.#response.writableNeedDrain) {
      listener.drained();
      return;
    }
    if (this.#waitsForDrain) return;
    this.#waitsForDrain = true;
    this.#response.once('drain', () => {
      this.#waitsForDrain = false;
      this.#listener?.drained();
    });
  }

  complete(): void {
    if (this.#state !== 'open') return;
    this.#state = 'ended';
    this.#pings.delete(this);
    this.#response.end(completeFrame);
  }

  /** A ping is skipped while the client is behind: it would only queue up. */
  ping(): void {
    if (this.#state === 'open' && !this.#response.writableNeedDrain) this.#response.write(ping);
  }

  #closed(): void {
    this.#pings.delete(this);
    if (this.#state === 'ended' && this.#response.writableFinished) return;
    this.#state = 'gone';
    this.#abort?.abort();
    const listener = this.#listener;
    this.#listener = null;
    listener?.clientGone();
  }
}
