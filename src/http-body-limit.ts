import type { IncomingMessage, ServerResponse } from 'node:http';
import { forwardToYoga, type FetchHandler } from './forward-to-yoga.js';
import { answerError } from './server/error-answer.js';

/** Largest request body accepted (bytes). */
export const maxRequestBodyBytes = 2 * 1024 * 1024;


/**
 * Bounds request bodies without Yoga's own limit, which costs an AbortSignal per request on
 * the hot path: a declared content-length is checked before anything is read; a chunked body
 * (no content-length, rare for GraphQL clients) is read here up to the bound and then handed to
 * Yoga's fetch handler. Returns true when the request was handled (rejected or forwarded).
 */
export function guardRequestBody(request: IncomingMessage, response: ServerResponse, fetchHandler: FetchHandler): boolean {
  const declared = request.headers['content-length'];
  if (declared !== undefined) {
    if (Number(declared) > maxRequestBodyBytes) {
      rejectOversized(response);
      return true;
    }
    return false;
  }
  if (request.headers['transfer-encoding'] === undefined) return false;
  void forwardChunked(request, response, fetchHandler);
  return true;
}

async function forwardChunked(request: IncomingMessage, response: ServerResponse, fetchHandler: FetchHandler): Promise<void> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of request) {
      size += (chunk as Buffer).length;
      if (size > maxRequestBodyBytes) {
        rejectOversized(response);
        request.destroy();
        return;
      }
      chunks.push(chunk as Buffer);
    }
  } catch {
    response.destroy();
    return;
  }
  await forwardToYoga(request, response, Buffer.concat(chunks), fetchHandler);
}

function rejectOversized(response: ServerResponse): void {
  answerError(response, 413, 'BAD_USER_INPUT', `Request body larger than ${maxRequestBodyBytes} bytes`, { connection: 'close' });
}
