import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../src/errors/gateway-error.js';
import type { ExecutionStatus } from '../../src/model/execution-status.js';
import { listExecutions, type ListingResult } from '../../src/listing/executions-listing.js';
import { decodeListingCursor } from '../../src/listing/listing-cursor.js';
import { resolveListingScope, type ExecutionFilterInput } from '../../src/listing/listing-scope.js';
import { compareMergeOrder, mergeKeyOf } from '../../src/listing/merge-order.js';
import type { Provider } from '../../src/providers/provider.js';
import { ScriptedListProvider, type ScriptedExecution } from '../helpers/scripted-list-provider.js';

const t0 = Date.parse('2026-03-01T00:00:00.000Z');

function directory(providers: Provider[]) {
  return { get: (name: string) => providers.find((provider) => provider.name === name), all: () => providers };
}

interface PageOptions {
  first: number;
  after?: string | null;
  filter?: ExecutionFilterInput;
  pageLimit?: number;
  canSee?: (name: string) => boolean;
}

async function page(providers: Provider[], options: PageOptions): Promise<ListingResult> {
  return listExecutions({
    scope: resolveListingScope(options.filter ?? null, directory(providers), options.canSee ?? (() => true)),
    first: options.first,
    after: options.after ? decodeListingCursor(options.after) : null,
    ...(options.pageLimit === undefined ? {} : { pageLimit: options.pageLimit }),
  });
}

/** Pages to the end; `between` runs after each page (to change the upstreams under the walk). */
async function walk(providers: Provider[], options: PageOptions & { between?: (pageIndex: number) => void; maxPages?: number }) {
  const ids: string[] = [];
  const results: ListingResult[] = [];
  let after: string | null = options.after ?? null;
  for (let index = 0; index < (options.maxPages ?? 200); index++) {
    const result = await page(providers, { ...options, after });
    results.push(result);
    ids.push(...result.edges.map((edge) => `${edge.node.provider}/${edge.node.nativeId}`));
    if (!result.pageInfo.hasNextPage) return { ids, results };
    after = result.pageInfo.endCursor;
    options.between?.(index);
  }
  throw new Error('walk did not end');
}

/** The merged order the contract defines, computed independently of the merger's streams. */
function expectedOrder(providers: ScriptedListProvider[], keep: (execution: ScriptedExecution) => boolean = () => true): string[] {
  return providers
    .flatMap((provider) => provider.snapshot().filter(keep).map((execution) => provider.record(execution.nativeId)))
    .sort((left, right) => compareMergeOrder(mergeKeyOf(left), mergeKeyOf(right)))
    .map((record) => `${record.provider}/${record.nativeId}`);
}

function executions(prefix: string, count: number, options: { every?: number; status?: (index: number) => ExecutionStatus; target?: (index: number) => string } = {}): ScriptedExecution[] {
  return Array.from({ length: count }, (_, index) => ({
    nativeId: `${prefix}-${String(index).padStart(3, '0')}`,
    // Several executions share each createdAt, so ties are everywhere and split across pages.
    createdAt: t0 - Math.floor(index / (options.every ?? 3)) * 1000,
    status: options.status?.(index) ?? 'SUCCEEDED',
    target: options.target?.(index) ?? 'main',
  }));
}

describe.each([['offset'], ['keyset']] as const)('merged listing over %s pagination', (pagination) => {
  it('visits every execution once, newest first, ties by id, across providers, streams and native tie orders', async () => {
    const a = new ScriptedListProvider('alpha', { pagination, tieOrder: 'id-desc', streamPerTarget: true }).add(
      ...executions('a', 23, { target: (index) => (index % 2 === 0 ? 'even' : 'odd') }),
    );
    const b = new ScriptedListProvider('beta', { pagination, tieOrder: 'id-asc' }).add(...executions('b', 17, { every: 4 }));
    const { ids, results } = await walk([a, b], { first: 7 });
    expect(ids).toEqual(expectedOrder([a, b]));
    expect(results.at(-1)!.pageInfo.hasNextPage).toBe(false);
    expect(results.slice(0, -1).every((result) => result.edges.length === 7)).toBe(true);
  });

  it('resumes exactly while executions are added above and below the position between pages', async () => {
    const a = new ScriptedListProvider('alpha', { pagination }).add(...executions('a', 20));
    const b = new ScriptedListProvider('beta', { pagination }).add(...executions('b', 20, { every: 2 }));
    const addedBelow: ScriptedExecution[] = [];
    const { ids } = await walk([a, b], {
      first: 7,
      between: (index) => {
        // Newer than everything (they belong before the cursor: a new walk shows them) ...
        a.add({ nativeId: `a-new-${index}`, createdAt: t0 + (index + 1) * 1000 });
        b.add({ nativeId: `b-new-${index}`, createdAt: t0 + (index + 1) * 1000 });
        // ... and one far below the position, in a stream still being read: this walk meets it exactly once.
        // (Upstreams stamp createdAt at creation; a stream read to its end is not read again within a walk.)
        const below = { nativeId: `b-late-${index}`, createdAt: t0 - 60_000 - index };
        b.add(below);
        addedBelow.push(below);
      },
    });
    const original = new Set([...executions('a', 20).map((e) => `alpha/${e.nativeId}`), ...executions('b', 20, { every: 2 }).map((e) => `beta/${e.nativeId}`)]);
    const expected = expectedOrder([a, b], (execution) => !execution.nativeId.includes('-new-'));
    expect(ids).toEqual(expected);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of original) expect(ids).toContain(id);
    for (const below of addedBelow) expect(ids).toContain(`beta/${below.nativeId}`);
    expect(ids.some((id) => id.includes('-new-'))).toBe(false);
  });
});

describe('merged listing: filters', () => {
  const statusOf = (index: number): ExecutionStatus => (['SUCCEEDED', 'FAILED', 'RUNNING'] as const)[index % 3]!;

  it.each([
    ['status, filtered by the gateway', false],
    ['status, pushed down', true],
  ])('filters by %s', async (_name, filtersStatus) => {
    const a = new ScriptedListProvider('alpha', { filtersStatus }).add(...executions('a', 30, { status: statusOf }));
    const { ids } = await walk([a], { first: 4, filter: { status: ['FAILED', 'RUNNING'] } });
    expect(ids).toEqual(expectedOrder([a], (execution) => execution.status !== 'SUCCEEDED'));
  });

  it('filters by provider, by target and by all three combined', async () => {
    const a = new ScriptedListProvider('alpha', { streamPerTarget: true }).add(
      ...executions('a', 30, { status: statusOf, target: (index) => ['x', 'y', 'z'][index % 3]! }),
    );
    const b = new ScriptedListProvider('beta').add(...executions('b', 12, { status: statusOf, target: () => 'x' }));
    expect((await walk([a, b], { first: 5, filter: { providers: ['beta'] } })).ids).toEqual(expectedOrder([b]));
    expect((await walk([a, b], { first: 5, filter: { targetIds: ['x'] } })).ids).toEqual(expectedOrder([a, b], (execution) => execution.target === 'x'));
    const combined = await walk([a, b], { first: 3, filter: { providers: ['alpha'], targetIds: ['y', 'z'], status: ['RUNNING'] } });
    expect(combined.ids).toEqual(expectedOrder([a], (execution) => execution.target !== 'x' && execution.status === 'RUNNING'));
    expect(combined.ids.length).toBeGreaterThan(0);
  });

  it('answers empty lists with nothing, without asking any provider', async () => {
    const a = new ScriptedListProvider('alpha').add(...executions('a', 5));
    for (const filter of [{ providers: [] }, { status: [] }, { targetIds: [] }]) {
      const result = await page([a], { first: 5, filter });
      expect(result.edges).toEqual([]);
      expect(result.pageInfo.hasNextPage).toBe(false);
    }
    expect(a.calls.list + a.calls.listStreams).toBe(0);
  });

  it('rejects an unknown provider name, leaves out hidden providers and reports providers that cannot list', async () => {
    const a = new ScriptedListProvider('alpha').add(...executions('a', 5));
    const b = new ScriptedListProvider('beta').add(...executions('b', 5));
    const unlistable = { ...b, name: 'gamma', operations: { get: b.operations.get }, extensions: {} } as unknown as Provider;
    await expect(page([a, b], { first: 5, filter: { providers: ['nope'] } })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    const hidden = await walk([a, b], { first: 10, canSee: (name) => name !== 'beta' });
    expect(hidden.ids).toEqual(expectedOrder([a]));
    const named = await page([a, unlistable], { first: 10, filter: { providers: ['alpha', 'gamma'] } });
    expect(named.edges).toHaveLength(5);
    expect(named.errors.map((error) => [error.code, error.provider])).toEqual([['NOT_SUPPORTED', 'gamma']]);
  });

  it('reuses native positions only under the same filter, and resumes by key under another', async () => {
    const a = new ScriptedListProvider('alpha').add(...executions('a', 20, { status: statusOf }));
    const first = await page([a], { first: 6 });
    const resumedElsewhere = await walk([a], { first: 50, filter: { status: ['FAILED'] }, after: first.pageInfo.endCursor });
    const lastKey = mergeKeyOf(first.edges.at(-1)!.node);
    expect(resumedElsewhere.results[0]!.edges.map((edge) => edge.node.nativeId)).toEqual(
      expectedOrder([a], (execution) => execution.status === 'FAILED' && compareMergeOrder(lastKey, mergeKeyOf(a.record(execution.nativeId))) < 0).map((id) =>
        id.slice('alpha/'.length),
      ),
    );
  });
});

describe('merged listing: bounds and cost', () => {
  it('reads one page per stream for a first page, concurrently', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const providers = ['alpha', 'beta', 'gamma'].map((name) => {
      const provider = new ScriptedListProvider(name).add(...executions(name, 10));
      const list = provider.list.bind(provider);
      provider.list = async (query) => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 20));
        inFlight -= 1;
        return list(query);
      };
      return provider;
    });
    const result = await page(providers, { first: 7 });
    expect(result.edges).toHaveLength(7);
    expect(result.pagesRead).toBe(3);
    expect(maxInFlight).toBe(3);
  });

  it('stops at the page bound when the gateway filters, says so, and progresses on every request', async () => {
    const a = new ScriptedListProvider('alpha').add(
      ...executions('a', 400, { every: 1, status: (index) => (index === 10 || index === 390 ? 'FAILED' : 'SUCCEEDED') }),
    );
    const { ids, results } = await walk([a], { first: 5, filter: { status: ['FAILED'] }, pageLimit: 2 });
    expect(ids).toEqual(['alpha/a-010', 'alpha/a-390']);
    // 400 executions in pages of 50: no request read more than its bound, and none re-read much.
    for (const result of results) expect(result.pagesRead).toBeLessThanOrEqual(2);
    expect(results.some((result) => result.pageInfo.upstreamPageLimitReached && result.edges.length < 5)).toBe(true);
    expect(a.calls.list).toBeLessThanOrEqual(400 / 50 + results.length);
    expect(results.at(-1)!.pageInfo.hasNextPage).toBe(false);
  });

  it('merges a tie that spans many native pages exactly', async () => {
    const a = new ScriptedListProvider('alpha', { tieOrder: 'id-desc' }).add(...executions('a', 30, { every: 30 }));
    const b = new ScriptedListProvider('beta', { tieOrder: 'id-asc' }).add(...executions('b', 30, { every: 30 }));
    const { ids } = await walk([a, b], { first: 4 });
    expect(ids).toEqual(expectedOrder([a, b]));
  });
});

describe('merged listing: failures', () => {
  const down = () => new GatewayError('UPSTREAM_UNAVAILABLE', 'Provider "beta" is unavailable (HTTP 503)', { provider: 'beta', httpStatus: 503 });

  it('answers the other providers and one error naming the failing one', async () => {
    const a = new ScriptedListProvider('alpha').add(...executions('a', 10));
    const b = new ScriptedListProvider('beta').add(...executions('b', 10));
    b.failure = down();
    const result = await page([a, b], { first: 5 });
    expect(result.edges.map((edge) => edge.node.provider)).toEqual(Array(5).fill('alpha'));
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.toExtensions()).toEqual({ code: 'UPSTREAM_UNAVAILABLE', provider: 'beta', httpStatus: 503 });
  });

  it('keeps merging the others when a provider fails in the middle of a walk', async () => {
    const a = new ScriptedListProvider('alpha').add(...executions('a', 10));
    const b = new ScriptedListProvider('beta').add(...executions('b', 10));
    const firstPage = await page([a, b], { first: 6 });
    expect(firstPage.errors).toEqual([]);
    b.failure = down();
    const second = await page([a, b], { first: 6, after: firstPage.pageInfo.endCursor });
    expect(second.errors.map((error) => error.provider)).toEqual(['beta']);
    expect(second.edges.every((edge) => edge.node.provider === 'alpha')).toBe(true);
    expect(second.edges.length).toBeGreaterThan(0);
  });

  it('names the provider when an adapter fails with something unexpected', async () => {
    const a = new ScriptedListProvider('alpha').add(...executions('a', 3));
    a.list = async () => {
      throw new TypeError('bug');
    };
    const result = await page([a], { first: 3 });
    expect(result.errors[0]!.toExtensions()).toEqual({ code: 'UPSTREAM_ERROR', provider: 'alpha' });
    expect(result.errors[0]!.message).not.toContain('bug');
  });
});
