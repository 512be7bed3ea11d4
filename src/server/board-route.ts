import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Gateway } from '../gateway.js';
import { answerError } from './error-answer.js';
import { pathOf } from './request-path.js';

const boardPath = '/board';
const scriptPath = '/board/board.js';
const stylePath = '/board/board.css';
const sources = new URL('../../board/src/', import.meta.url);

/** What the page may load and call: its own origin only (the board works offline, and nothing leaves the gateway). */
const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

interface Asset {
  body: Buffer;
  contentType: string;
  etag: string;
}

/** Built once per process, on the first request that needs it, and kept (the sources do not change under a running gateway). */
let assets: Promise<Map<string, Asset>> | null = null;

/**
 * The board (`GET /board`): a page that lists every execution the key may see, live. It is
 * one HTML shell and two assets built from `board/src/` (TypeScript and Preact) by esbuild in
 * memory, so nothing is fetched from elsewhere at run time. The page holds no data and needs
 * no key; it asks for one (when the gateway has client keys) and sends it to /graphql itself.
 */
export function createBoardRoute(gateway: Gateway): { handle(request: IncomingMessage, response: ServerResponse): boolean } {
  const keyRequired = gateway.config.auth !== null;
  const page = Buffer.from(pageHtml(keyRequired));
  return {
    handle(request, response) {
      const path = pathOf(request.url);
      if (path !== boardPath && path !== `${boardPath}/` && path !== scriptPath && path !== stylePath) return false;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        answerError(response, 405, 'BAD_USER_INPUT', 'The board answers GET and HEAD only', { allow: 'GET, HEAD' });
        return true;
      }
      if (path === scriptPath || path === stylePath) {
        serveAsset(path, request, response, gateway);
        return true;
      }
      response.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-length': page.length,
        'cache-control': 'no-cache',
        'content-security-policy': contentSecurityPolicy,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      });
      response.end(request.method === 'HEAD' ? undefined : page);
      return true;
    },
  };
}

function serveAsset(path: string, request: IncomingMessage, response: ServerResponse, gateway: Gateway): void {
  assets ??= buildAssets();
  assets.then(
    (built) => {
      const asset = built.get(path)!;
      if (request.headers['if-none-match'] === asset.etag) {
        response.writeHead(304, { etag: asset.etag }).end();
        return;
      }
      response.writeHead(200, {
        'content-type': asset.contentType,
        'content-length': asset.body.length,
        etag: asset.etag,
        'cache-control': 'no-cache',
        'x-content-type-options': 'nosniff',
      });
      response.end(request.method === 'HEAD' ? undefined : asset.body);
    },
    (error: unknown) => {
      // Loudly: a board without its script is broken, not empty.
      gateway.logger.error('the board could not be built', { message: (error as Error)?.message });
      assets = null;
      answerError(response, 500, 'INTERNAL_SERVER_ERROR', 'The board could not be built; see the gateway log');
    },
  );
}

async function buildAssets(): Promise<Map<string, Asset>> {
  // esbuild is loaded only when someone opens the board.
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [fileURLToPath(new URL('main.tsx', sources))],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    logLevel: 'silent',
  });
  const script = Buffer.from(result.outputFiles[0]!.contents);
  const style = await readFile(new URL('board.css', sources));
  return new Map([
    [scriptPath, asset(script, 'text/javascript; charset=utf-8')],
    [stylePath, asset(style, 'text/css; charset=utf-8')],
  ]);
}

function asset(body: Buffer, contentType: string): Asset {
  return { body, contentType, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"` };
}

function pageHtml(keyRequired: boolean): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>runql board</title>
<link rel="stylesheet" href="${stylePath}">
<script type="module" src="${scriptPath}"></script>
</head>
<body>
<div id="board" data-key-required="${keyRequired ? 'true' : 'false'}"><noscript>The board needs JavaScript; the API is at /graphql.</noscript></div>
</body>
</html>
`;
}
