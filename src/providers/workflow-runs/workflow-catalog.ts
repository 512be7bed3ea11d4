import { GatewayError } from '../../errors/gateway-error.js';
import type { UpstreamClient } from '../../http/upstream-client.js';
import { malformedBody } from '../../http/upstream-failure.js';
import type { CallOptions, QueryValue } from '../../http/upstream-request.js';
import type { CatalogPage, Workflow, WorkflowFamily, WorkflowVersion } from '../../model/workflow.js';
import { nullWhenNotFound } from '../null-when-not-found.js';
import { isObject } from '../wire-values.js';
import { asListWire, cortexPaths, paginationOf } from './workflow-runs-api.js';
import { toWorkflow, toWorkflowVersion } from './workflow-mapping.js';
import { pageWindow } from './page-window.js';
import type { WorkflowListRequest } from '../workflow-runs-operations.js';

const listedTtlMs = 5 * 60_000;
const maxDiscoveryPages = 20;

/**
 * Workflows and versions (list/get), through the app's own routes or the public catalog
 * (`/workflows/discover`). Also knows which workflows to list runs of when the config names
 * none: the app's own, read lazily and kept for a few minutes.
 */
export class WorkflowCatalog {
  #client: UpstreamClient;
  #appId: string;
  #listed: { ids: string[]; loadedAt: number } | null = null;
  #loading: Promise<string[]> | null = null;

  constructor(client: UpstreamClient, appId: string) {
    this.#client = client;
    this.#appId = appId;
  }

  async listWorkflows(request: WorkflowListRequest, options: CallOptions): Promise<CatalogPage<Workflow>> {
    const path = request.family === 'discover' ? cortexPaths.discoverWorkflows(this.#appId) : cortexPaths.workflows(this.#appId);
    const query: Record<string, QueryValue> = { search: request.search, tags: request.tags.length > 0 ? request.tags : null };
    const page = await this.#window(path, query, request.offset, request.count, 'list workflows', options);
    return { ...page, items: page.items.map((wire) => toWorkflow(wire, request.family)).filter((workflow): workflow is Workflow => workflow !== null) };
  }

  async getWorkflow(workflowId: string, family: WorkflowFamily, options: CallOptions): Promise<Workflow | null> {
    const path = family === 'discover' ? cortexPaths.discoverWorkflow(this.#appId, workflowId) : cortexPaths.workflow(this.#appId, workflowId);
    const answer = await this.#getOrNull(path, 'get workflow', options);
    if (answer === null) return null;
    const workflow = isObject(answer.body) ? toWorkflow(answer.body, family) : null;
    if (!workflow) throw this.#malformed('get workflow', 'a body that is not a workflow');
    return workflow;
  }

  async listVersions(workflowId: string, offset: number, count: number, options: CallOptions): Promise<CatalogPage<WorkflowVersion>> {
    const page = await this.#window(cortexPaths.versions(this.#appId, workflowId), {}, offset, count, 'list workflow versions', options);
    return { ...page, items: page.items.map((wire) => toWorkflowVersion(wire, { workflowId, isDraft: false })) };
  }

  /** `version` is a version id or number, as Cortex's `{version_id_or_version_number}`. */
  async getVersion(workflowId: string, version: string, family: WorkflowFamily, options: CallOptions): Promise<WorkflowVersion | null> {
    const path =
      family === 'discover' ? cortexPaths.discoverVersion(this.#appId, workflowId, version) : cortexPaths.version(this.#appId, workflowId, version);
    const answer = await this.#getOrNull(path, 'get workflow version', options);
    if (answer === null) return null;
    if (!isObject(answer.body)) throw this.#malformed('get workflow version', 'a body that is not a workflow version');
    return toWorkflowVersion(answer.body, { workflowId, isDraft: false });
  }

  /** The app's own workflows, every page, refreshed after a few minutes. */
  async listedWorkflowIds(options: CallOptions): Promise<string[]> {
    if (this.#listed && Date.now() - this.#listed.loadedAt < listedTtlMs) return this.#listed.ids;
    this.#loading ??= this.#loadListed(options).finally(() => {
      this.#loading = null;
    });
    return this.#loading;
  }

  async #loadListed(options: CallOptions): Promise<string[]> {
    const ids: string[] = [];
    for (let page = 1; page <= maxDiscoveryPages; page++) {
      const response = await this.#client.send({
        method: 'GET',
        path: cortexPaths.workflows(this.#appId),
        query: { page, take: 100 },
        operation: 'list workflows',
        call: options,
      });
      const items = asListWire(response.body);
      if (!items) throw this.#malformed('list workflows', 'a list that is not an array', response.status);
      for (const item of items) {
        const workflow = toWorkflow(item, 'plain');
        if (workflow && !ids.includes(workflow.id)) ids.push(workflow.id);
      }
      const count = paginationOf(response.headers).count;
      if (items.length < 100 || (count !== null && page * 100 >= count)) break;
    }
    this.#listed = { ids, loadedAt: Date.now() };
    return ids;
  }

  async #window(
    path: string,
    query: Record<string, QueryValue>,
    offset: number,
    count: number,
    operation: string,
    options: CallOptions,
  ): Promise<{ items: Record<string, unknown>[]; totalCount: number | null; hasNextPage: boolean }> {
    const window = pageWindow(offset, count);
    const items: Record<string, unknown>[] = [];
    let totalCount: number | null = null;
    let lastPageFull = false;
    for (let index = 0; index < window.pageCount; index++) {
      const response = await this.#client.send({
        method: 'GET',
        path,
        query: { ...query, page: window.firstPage + index, take: window.take },
        operation,
        call: options,
      });
      const list = asListWire(response.body);
      if (!list) throw this.#malformed(operation, 'a list that is not an array', response.status);
      items.push(...list);
      totalCount = paginationOf(response.headers).count ?? totalCount;
      lastPageFull = list.length >= window.take;
      if (!lastPageFull) break;
    }
    const slice = items.slice(window.skip, window.skip + count);
    const end = offset + slice.length;
    const hasNextPage = totalCount !== null ? end < totalCount : items.length > window.skip + count || lastPageFull;
    return { items: slice, totalCount, hasNextPage };
  }

  /** The answer's body, or null when Cortex does not know the resource (404). */
  async #getOrNull(path: string, operation: string, options: CallOptions): Promise<{ body: unknown } | null> {
    const response = await nullWhenNotFound(this.#client.send({ method: 'GET', path, operation, call: options }));
    return response && { body: response.body };
  }

  #malformed(operation: string, what: string, status = 200): GatewayError {
    return malformedBody(this.#client.provider, { operation }, status, what);
  }
}
