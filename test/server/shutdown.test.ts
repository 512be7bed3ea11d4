import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { shutDown, type ShutdownParts } from '../../src/server/shutdown.js';

let server: Server | null = null;

afterEach(() => {
  vi.useRealTimers();
  server?.closeAllConnections();
  server = null;
});

async function listeningServer(): Promise<Server> {
  server = createServer((_request, response) => response.end('ok'));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return server;
}

function parts(httpServer: Server, overrides: Partial<ShutdownParts> = {}): ShutdownParts {
  return { httpServer, completeSubscriptions: async () => {}, hasOpenOperations: () => false, closeWebSockets: async () => {}, ...overrides };
}

describe('shutDown', () => {
  it('leaves no timer behind once the server is closed', async () => {
    const httpServer = await listeningServer();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    await shutDown(parts(httpServer), 1000);
    expect(httpServer.listening).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it.each([
    ['completing the subscriptions', { completeSubscriptions: () => Promise.reject(new Error('a hub that cannot close')) }],
    ['closing the WebSockets', { closeWebSockets: () => Promise.reject(new Error('a socket server that cannot close')) }],
  ] as const)('fails with the step that failed (%s), and stops closing idle connections', async (_step, failing) => {
    const httpServer = await listeningServer();
    const closeIdle = vi.spyOn(httpServer, 'closeIdleConnections');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    await expect(shutDown(parts(httpServer, failing), 1000)).rejects.toThrow(/cannot close/);
    expect(vi.getTimerCount()).toBe(0);
    const calls = closeIdle.mock.calls.length;
    await vi.advanceTimersByTimeAsync(500);
    expect(closeIdle.mock.calls.length).toBe(calls);
  });
});
