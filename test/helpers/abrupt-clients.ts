import { request } from 'node:http';
import WebSocket from 'ws';

/** A subscription on a raw connection that the test can cut without any goodbye. */
export interface RawSubscription {
  /** Resolves once the first `next` event arrived. */
  firstEvent: Promise<string>;
  /** Destroys the TCP connection: no `complete`, no close frame, no FIN handshake first. */
  cut(): void;
}

/** GraphQL over SSE on a bare node:http request. */
export function rawSseSubscription(url: string, query: string, variables: Record<string, unknown>): RawSubscription {
  const outgoing = request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
  });
  const firstEvent = new Promise<string>((resolve, reject) => {
    outgoing.on('error', () => undefined);
    outgoing.on('response', (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
        const match = /event: next\ndata: (.*)\n/.exec(text);
        if (match) resolve(match[1]!);
      });
      response.on('error', () => undefined);
      response.on('close', () => reject(new Error(`SSE response closed before an event: ${text}`)));
    });
  });
  outgoing.end(JSON.stringify({ query, variables }));
  return { firstEvent, cut: () => outgoing.socket?.destroy() };
}

/** GraphQL over WebSocket (graphql-transport-ws) on a bare socket. */
export function rawWebSocketSubscription(url: string, query: string, variables: Record<string, unknown>): RawSubscription {
  const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  const firstEvent = new Promise<string>((resolve, reject) => {
    socket.on('error', () => undefined);
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: {} })));
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as { type: string; payload?: unknown };
      if (message.type === 'connection_ack') socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables } }));
      if (message.type === 'next') resolve(JSON.stringify(message.payload));
    });
    socket.on('close', () => reject(new Error('socket closed before an event')));
  });
  return { firstEvent, cut: () => socket.terminate() };
}
