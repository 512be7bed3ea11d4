import type { IncomingMessage } from 'node:http';
import { maxRequestBodyBytes } from '../http-body-limit.js';

/** Yoga's JSON body parser takes these two (the first of a comma list, with or without parameters). */
export function isJsonContentType(header: string | undefined): boolean {
  const type = header?.split(',')[0];
  return ['application/json', 'application/graphql+json'].some((expected) => type === expected || type?.startsWith(`${expected};`) === true);
}

/** Collects a request body (the server bounded a declared length already; this bounds the bytes too). */
export function readRequestBody(request: IncomingMessage): Promise<Buffer<ArrayBuffer>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxRequestBodyBytes) request.destroy(new Error('request body too large'));
      else chunks.push(chunk);
    };
    // The request object may live as long as a subscription: its listeners must not keep the body.
    const settle = (error: Error | null) => {
      request.off('data', onData).off('end', onEnd).off('error', settle).off('close', onClose);
      if (error) reject(error);
      else resolve(chunks.length === 1 ? (chunks[0] as Buffer<ArrayBuffer>) : Buffer.concat(chunks));
    };
    const onEnd = () => settle(null);
    const onClose = () => settle(new Error('request closed'));
    request.on('data', onData).on('end', onEnd).on('error', settle).on('close', onClose);
  });
}
