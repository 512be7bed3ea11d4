import type { UpstreamClient } from '../../http/upstream-client.js';
import type { CallOptions } from '../../http/upstream-request.js';
import { BoundedMap } from '../../util/bounded-map.js';
import { asAppList, airOpsPaths } from './airops-api.js';

const directoryTtlMs = 5 * 60_000;
const maxRememberedExecutions = 50_000;
const maxAppPages = 50;

/**
 * AirOps names an app by uuid in execute paths but lists executions by the app's integer id,
 * and its execution payload never says which app ran it. This directory resolves the app list
 * lazily (for listing only) and remembers which app each execution seen through runql belongs to.
 */
export class AirOpsAppDirectory {
  #client: UpstreamClient;
  #numericByUuid = new Map<string, string>();
  #loadedAt = 0;
  #loading: Promise<void> | null = null;
  #appByExecution = new BoundedMap<string, string>({ maxEntries: maxRememberedExecutions });

  constructor(client: UpstreamClient) {
    this.#client = client;
  }

  /**
   * The integer id for `app` (a uuid or an integer id). When the app list cannot be read the
   * configured form is passed through unchanged, so listing keeps working where it can.
   */
  async numericId(app: string, options: CallOptions): Promise<string> {
    if (/^\d+$/.test(app)) return app;
    await this.#refresh(options).catch(() => undefined);
    return this.#numericByUuid.get(app.toLowerCase()) ?? app;
  }

  /** True when `app` and `target` name the same app (uuid case-insensitively, or integer id). */
  async sameApp(app: string, target: string, options: CallOptions): Promise<boolean> {
    if (app.toLowerCase() === target.toLowerCase()) return true;
    const [a, b] = await Promise.all([this.numericId(app, options), this.numericId(target, options)]);
    return a === b;
  }

  rememberExecution(uuid: string, app: string): void {
    this.#appByExecution.set(uuid, app);
  }

  appOfExecution(uuid: string): string | null {
    return this.#appByExecution.get(uuid) ?? null;
  }

  async #refresh(options: CallOptions): Promise<void> {
    if (Date.now() - this.#loadedAt < directoryTtlMs) return;
    this.#loading ??= this.#load(options).finally(() => {
      this.#loading = null;
    });
    await this.#loading;
  }

  async #load(options: CallOptions): Promise<void> {
    let cursor: string | null = null;
    for (let page = 0; page < maxAppPages; page++) {
      const response = await this.#client.send({
        method: 'GET',
        path: airOpsPaths.apps(),
        query: { cursor, items: 100 },
        operation: 'list apps',
        call: options,
      });
      const list = asAppList(response.body);
      if (!list) return;
      for (const app of list.apps) {
        const uuid = typeof app.uuid === 'string' ? app.uuid.toLowerCase() : null;
        const numeric = typeof app.id === 'number' || typeof app.id === 'string' ? String(app.id) : null;
        if (uuid && numeric) this.#numericByUuid.set(uuid, numeric);
      }
      cursor = list.cursor;
      if (cursor === null) break;
    }
    this.#loadedAt = Date.now();
  }
}
