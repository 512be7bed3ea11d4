import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executionGlobalId } from '../../src/model/global-id.js';
import { createLiveClient, until } from '../helpers/live-clients.js';
import { liveKinds, type LiveKindStack } from '../helpers/live-kinds.js';
import { readProviderLiveStats } from '../helpers/live-stats.js';

// AirOps batching needs executions started through runql: see shared-poller.test.ts.
const kinds = liveKinds.filter((kind) => kind.kind !== 'airops');

describe.each(kinds)('batched polling of $kind', ({ start }) => {
  let stack: LiveKindStack;

  beforeAll(async () => {
    stack = await start({ intervalMs: 40, maxIntervalMs: 40 });
  });

  afterAll(() => stack.close());

  it('polls 50 watched executions of one scope with one list call per tick and no reads by id', async () => {
    const nativeIds = stack.scoped(50);
    const client = createLiveClient('sse', stack.gateway.url);
    const subscription = client.subscribe(`subscription ($ids: [ID!]!) { executionsUpdated(ids: $ids) { nativeId status } }`, {
      ids: nativeIds.map((nativeId) => executionGlobalId(stack.provider, nativeId)),
    });
    await subscription.waitForResults(50);
    await until(async () => (await readProviderLiveStats(stack.gateway, stack.provider)).batchScopes === 1, 'one batched scope');

    const lists = () => stack.counters.count('GET', stack.listTemplate);
    const gets = () => stack.counters.count('GET', stack.getTemplate);
    const listsBefore = lists();
    const getsBefore = gets();
    const roundsBefore = (await readProviderLiveStats(stack.gateway, stack.provider)).pollRounds;
    await until(() => lists() >= listsBefore + 8, 'eight list calls');
    const rounds = (await readProviderLiveStats(stack.gateway, stack.provider)).pollRounds - roundsBefore;
    expect(gets() - getsBefore).toBe(0);
    expect(Math.abs(lists() - listsBefore - rounds)).toBeLessThanOrEqual(1);
    expect(subscription.results).toHaveLength(50);
    subscription.unsubscribe();
    await until(async () => (await readProviderLiveStats(stack.gateway, stack.provider)).watchedExecutions === 0, 'nothing watched');
    await client.close();
  });
});
