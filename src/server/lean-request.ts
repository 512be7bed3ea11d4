import type { ServerResponse } from 'node:http';

/**
 * What the context factory reads from a request served from node:http without a fetch Request:
 * the client key, and a signal aborted when the client goes away. The signal is made on first
 * use: an AbortController and a close listener are a measurable share of a fast read, and an
 * operation that calls no upstream never needs one.
 */
export class LeanRequest {
  readonly authorization: string | undefined;
  readonly #response: ServerResponse;
  #abort: AbortController | undefined;

  constructor(authorization: string | undefined, response: ServerResponse) {
    this.authorization = authorization;
    this.#response = response;
  }

  get signal(): AbortSignal {
    if (this.#abort === undefined) {
      const abort = new AbortController();
      const response = this.#response;
      const gone = () => abort.abort(new DOMException('The client went away', 'AbortError'));
      // The client may have left before anyone asked for the signal: its close event is past.
      if (response.destroyed && !response.writableFinished) gone();
      else
        response.once('close', () => {
          if (!response.writableFinished) gone();
        });
      this.#abort = abort;
    }
    return this.#abort.signal;
  }
}
