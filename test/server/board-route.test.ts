import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatewayHarness, type GatewayHarness } from '../helpers/gateway-harness.js';

describe('GET /board (the route, without a browser)', () => {
  let gateway: GatewayHarness;

  beforeAll(async () => {
    // The page needs no upstream: a provider that is never called.
    gateway = await startGatewayHarness({
      providers: [{ name: 'flows', kind: 'flows', baseUrl: 'http://127.0.0.1:9', apiKey: 'board-route-upstream-key-1a' }],
      auth: { apiKeys: [{ key: 'board-route-key-4d2e' }] },
    });
  });

  afterAll(() => gateway?.close());

  it('serves the page without a key, says that the gateway wants one, and allows only its own origin', async () => {
    for (const path of ['/board', '/board?provider=flows&status=FAILED', '/board/']) {
      const response = await fetch(`${gateway.origin}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(response.headers.get('content-security-policy')).toContain("connect-src 'self'");
      const html = await response.text();
      expect(html).toContain('data-key-required="true"');
      expect(html).toContain('<script type="module" src="/board/board.js"></script>');
      expect(html).not.toContain('board-route-key-4d2e');
    }
  });

  it('serves its script and stylesheet built in memory, with validators', async () => {
    const script = await fetch(`${gateway.origin}/board/board.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const body = await script.text();
    expect(body.length).toBeGreaterThan(1000);
    // Built from board/src: the operations travel as strings, the key as a header.
    expect(body).toContain('executionsFeed');
    expect(body).toContain('Authorization');
    const etag = script.headers.get('etag')!;
    const again = await fetch(`${gateway.origin}/board/board.js`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);

    const style = await fetch(`${gateway.origin}/board/board.css`);
    expect(style.status).toBe(200);
    expect(style.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await style.text()).toContain('.status-failed');
  });

  it('says when the gateway has no client keys (the page then asks for none)', async () => {
    const open = await startGatewayHarness({ providers: [{ name: 'flows', kind: 'flows', baseUrl: 'http://127.0.0.1:9', apiKey: 'board-route-upstream-key-2b' }] });
    try {
      expect(await (await fetch(`${open.origin}/board`)).text()).toContain('data-key-required="false"');
    } finally {
      await open.close();
    }
  });

  it('answers other methods with 405 and Allow, and leaves other paths alone', async () => {
    const post = await fetch(`${gateway.origin}/board`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect(((await post.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
    const head = await fetch(`${gateway.origin}/board`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    const other = await fetch(`${gateway.origin}/boards`);
    expect(other.status).not.toBe(200);
    // Not the board's route: the rest of the server answers it (Yoga: no such path).
    expect(other.status).toBe(404);
    expect((await fetch(`${gateway.origin}/health`)).status).toBe(200);
  });
});
