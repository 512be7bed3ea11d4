import type { Server } from 'node:http';

/** What a graceful stop closes, in its order. */
export interface ShutdownParts {
  httpServer: Server;
  /** Completes every open subscription (the live hub ends its watches: SSE streams end, WebSocket operations get `complete`). */
  completeSubscriptions(): Promise<void>;
  /** Some WebSocket operation is still running. */
  hasOpenOperations(): boolean;
  /** Closes the WebSocket connections. */
  closeWebSockets(): Promise<void>;
}

/**
 * Graceful stop: no new connections, open subscriptions completed, requests in flight given up
 * to `graceMs` to finish before their connections are cut.
 */
export async function shutDown(parts: ShutdownParts, graceMs: number): Promise<void> {
  const { httpServer } = parts;
  // Stop accepting; requests in flight go on, and every connection that goes idle is closed.
  const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
  const closeIdle = setInterval(() => httpServer.closeIdleConnections(), 50);
  let deadline: NodeJS.Timeout | undefined;
  // A step that fails must not leave these timers behind: they would keep the process alive.
  try {
    await parts.completeSubscriptions();
    const graceEnds = Date.now() + graceMs;
    while (Date.now() < graceEnds && parts.hasOpenOperations()) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await parts.closeWebSockets();
    deadline = setTimeout(() => httpServer.closeAllConnections(), Math.max(0, graceEnds - Date.now()));
    await closed;
  } finally {
    clearTimeout(deadline);
    clearInterval(closeIdle);
  }
}
