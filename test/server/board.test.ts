import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executionGlobalId } from '../../src/model/global-id.js';
import { startFourKinds, type FourKindsStack } from '../helpers/four-kinds-stack.js';
import { until } from '../helpers/live-clients.js';

const keys = { all: 'board-test-key-all-7f3e', flows: 'board-test-key-flows-2c9b' };
const polling = { intervalMs: 300, maxIntervalMs: 2400 };
/**
 * The contract's bound from an upstream change to every feed (3 × interval + 1 s), counted in
 * reads of the airops scopes rather than in milliseconds, so a slow machine does not fail it:
 * the read in flight when the change happened, then the ticks the bound allows.
 */
const deliveryBoundReads = 1 + 3 + Math.ceil(1000 / polling.intervalMs);

interface Listed {
  id: string;
  status: string;
  provider: { name: string };
}

describe('the board (GET /board) in headless Chromium', () => {
  let stack: FourKindsStack;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  /** Every request the pages made: none may leave the gateway's origin. */
  const requested: string[] = [];

  beforeAll(async () => {
    [stack, browser] = await Promise.all([
      startFourKinds({ clockStartMs: Date.now(), config: { polling, auth: { apiKeys: [{ key: keys.all }, { key: keys.flows, providers: ['flows'] }] } } }),
      chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] }),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    const origin = stack.gateway.origin;
    expect(requested.filter((url) => !url.startsWith(origin) && !url.startsWith('data:'))).toEqual([]);
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    contexts.push(context);
    const page = await context.newPage();
    page.on('request', (request) => requested.push(request.url()));
    return page;
  }

  /** Opens `path` in a fresh tab and gives the key the form asks for. */
  async function openBoard(path: string, key = keys.all): Promise<Page> {
    const page = await newPage();
    await page.goto(`${stack.gateway.origin}${path}`);
    await page.locator('form#board-key input[name=apiKey]').fill(key);
    await page.locator('form#board-key').evaluate((form: HTMLFormElement) => form.requestSubmit());
    return page;
  }

  async function listed(filter: Record<string, unknown> = {}, first = 50): Promise<Listed[]> {
    const response = await stack.gateway.graphql<{ executions: { edges: { node: Listed }[] } }>(
      'query ($filter: ExecutionFilter, $first: Int) { executions(filter: $filter, first: $first) { edges { node { id status provider { name } } } } }',
      { filter, first },
      { authorization: `Bearer ${keys.all}` },
    );
    return response.body.data!.executions.edges.map((edge) => edge.node);
  }

  async function rowsOf(page: Page): Promise<{ id: string; status: string }[]> {
    return page.locator('[data-execution-id]').evaluateAll((elements) =>
      elements.map((element) => ({ id: element.getAttribute('data-execution-id')!, status: element.getAttribute('data-status')! })),
    );
  }

  it('loads without a key, asks for one, and shows the rows `executions` lists, newest first', async () => {
    const response = await fetch(`${stack.gateway.origin}/board`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');

    const page = await openBoard('/board');
    const expected = await listed();
    await page.locator(`[data-execution-id="${expected[0]!.id}"]`).waitFor();
    await page.waitForFunction((count) => document.querySelectorAll('[data-execution-id]').length >= count, expected.length);
    expect(await rowsOf(page)).toEqual(expected.map(({ id, status }) => ({ id, status })));

    await page.locator('.feed-live').waitFor();
    // Animations off: the picture only changes when the board does.
    await page.screenshot({ path: 'docs/board.png', animations: 'disabled' });
  });

  it('puts a new run at the top, and turns its row when its status changes upstream, within the bound', async () => {
    const page = await openBoard('/board');
    await page.locator('[data-execution-id]').first().waitFor();
    // Let the page's feed open before the run starts (the gateway counts it once its scopes are read).
    await page.waitForFunction(() => document.querySelector('.feed-live') !== null);
    await waitForFeeds(stack, 1);

    stack.clock.set(Date.now());
    let readsBefore = airopsScopeReads(stack);
    const run = stack.airops.addExecution({ app: stack.airopsApps[0]!.id, status: 'running' });
    const id = executionGlobalId('airops', run.uuid);
    await page.locator(`[data-execution-id="${id}"][data-status="RUNNING"]`).waitFor({ timeout: 15_000 });
    expect(airopsScopeReads(stack) - readsBefore).toBeLessThanOrEqual(deliveryBoundReads);
    expect((await rowsOf(page))[0]).toEqual({ id, status: 'RUNNING' });
    // Its duration ticks while it runs.
    const duration = page.locator(`[data-execution-id="${id}"] .duration`);
    const before = await duration.textContent();
    await page.waitForFunction(
      ({ selector, text }) => document.querySelector(selector)?.textContent !== text,
      { selector: `[data-execution-id="${id}"] .duration`, text: before },
    );

    readsBefore = airopsScopeReads(stack);
    stack.airops.forceStatus(run.uuid, 'error');
    await page.locator(`[data-execution-id="${id}"][data-status="FAILED"]`).waitFor({ timeout: 15_000 });
    expect(airopsScopeReads(stack) - readsBefore).toBeLessThanOrEqual(deliveryBoundReads);
    await page.context().close();
  });

  it('keeps its filters in the URL: providers and statuses, each repeatable', async () => {
    const page = await openBoard('/board?provider=flows&provider=nested&status=FAILED');
    const expected = await listed({ providers: ['flows', 'nested'], status: ['FAILED'] });
    expect(expected.length).toBeGreaterThan(0);
    await page.locator(`[data-execution-id="${expected[0]!.id}"]`).waitFor();
    await page.waitForFunction((count) => document.querySelectorAll('[data-execution-id]').length >= count, expected.length);
    const rows = await rowsOf(page);
    expect(rows).toEqual(expected.map(({ id, status }) => ({ id, status })));
    expect(rows.every((row) => row.status === 'FAILED')).toBe(true);
    expect(await page.locator('input[name=provider][value=flows]').isChecked()).toBe(true);
    expect(await page.locator('input[name=status][value=FAILED]').isChecked()).toBe(true);

    // Unticking a filter changes the URL, so a link opens the same view again.
    await page.locator('input[name=status][value=FAILED]').uncheck();
    await page.waitForURL((url) => url.search === '?provider=flows&provider=nested');
    await page.context().close();
  });

  it('opens one execution from ?execution=<id>: input, output, error, parent, children and the actions its provider supports', async () => {
    const failed = (await listed({ providers: ['airops'], status: ['FAILED'] }))[0]!;
    const page = await openBoard(`/board?execution=${encodeURIComponent(failed.id)}`);
    const detail = page.locator(`[data-execution-detail="${failed.id}"]`);
    await detail.waitFor();
    const record = await stack.gateway.graphql<{ execution: { output: unknown; error: { message: string } } }>(
      'query ($id: ID!) { execution(id: $id) { output error { message } } }',
      { id: failed.id },
      { authorization: `Bearer ${keys.all}` },
    );
    expect(await detail.locator('pre.error').textContent()).toContain(record.body.data!.execution.error.message);
    if (record.body.data!.execution.output !== null) {
      expect(await detail.locator('pre.output').textContent()).toBe(JSON.stringify(record.body.data!.execution.output, null, 2));
    } else {
      // No output: the detail says so rather than showing a stale or empty block.
      expect(await detail.locator('pre.output').textContent()).toBe('—');
    }
    // AirOps can cancel, retry and rate; rating a failed execution is refused, and the refusal is shown.
    for (const name of ['cancel', 'retry', 'rate']) expect(await detail.locator(`button[name=${name}]`).count()).toBeGreaterThan(0);
    await detail.locator('button[name=rate][value=POSITIVE]').click();
    await expect.poll(() => detail.locator('.action-error').textContent()).toContain('PRECONDITION_FAILED');

    // A Zaia tree: the parent lists its children, a child links back to its parent.
    const nestedRoot = stack.nested.listExecutions().find((execution) => stack.nested.getNesting(execution.id)?.children?.length);
    const rootId = executionGlobalId('nested', nestedRoot!.id);
    await page.goto(`${stack.gateway.origin}/board?execution=${encodeURIComponent(rootId)}`);
    const root = page.locator(`[data-execution-detail="${rootId}"]`);
    await root.waitFor();
    await root.locator('ul.links [data-execution-id]').first().waitFor();
    const childId = await root.locator('ul.links [data-execution-id]').first().getAttribute('data-execution-id');
    await root.locator('ul.links [data-execution-id] a').first().click();
    const child = page.locator(`[data-execution-detail="${childId}"]`);
    await child.waitFor();
    expect(await child.locator(`ul.links [data-execution-id="${rootId}"]`).count()).toBe(1);
    // Zaia is read-only: no actions.
    expect(await child.locator('.actions button').count()).toBe(0);
    await page.context().close();
  });

  it('shows a refused key as an alert, with the form again', async () => {
    const page = await openBoard('/board', 'not-a-key-of-this-gateway');
    await page.locator('[role="alert"]').waitFor();
    expect(await page.locator('form#board-key input[name=apiKey]').count()).toBe(1);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await page.context().close();
  });

  it('shows a scoped key only its providers', async () => {
    const page = await openBoard('/board', keys.flows);
    const expected = (await listed({ providers: ['flows'] })).map(({ id, status }) => ({ id, status }));
    await page.locator(`[data-execution-id="${expected[0]!.id}"]`).waitFor();
    await page.waitForFunction((count) => document.querySelectorAll('[data-execution-id]').length >= count, expected.length);
    expect(await rowsOf(page)).toEqual(expected);
    await page.context().close();
  });
});

async function waitForFeeds(stack: FourKindsStack, count: number): Promise<void> {
  await until(() => stack.gateway.gateway.feed.stats().subscribers >= count, `${count} open feeds`);
}

/** Reads of one airops scope since start-up (each tick reads every followed scope once). */
function airopsScopeReads(stack: FourKindsStack): number {
  const airops = stack.gateway.gateway.feed.stats().providers.find((stats) => stats.provider === 'airops');
  return airops === undefined || airops.scopes === 0 ? 0 : airops.scopeReads / airops.scopes;
}
