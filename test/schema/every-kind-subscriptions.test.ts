import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executionGlobalId } from '../../src/model/global-id.js';
import { createLiveClient, until, type LiveClient, type Transport } from '../helpers/live-clients.js';
import { liveKinds, type LiveKindStack } from '../helpers/live-kinds.js';
import { readProviderLiveStats } from '../helpers/live-stats.js';

type Update = { status: string; output: unknown; error: { message: string } | null; updatedAt: string | null; isTerminal: boolean };

const executionUpdated = `subscription ($id: ID!) { executionUpdated(id: $id) { status output error { message } updatedAt isTerminal } }`;

describe.each(liveKinds)('$kind', ({ start }) => {
  let stack: LiveKindStack;

  beforeAll(async () => {
    stack = await start({ intervalMs: 40, maxIntervalMs: 160 });
  });

  afterAll(() => stack.close());

  async function waitForRounds(rounds: number): Promise<void> {
    const first = (await readProviderLiveStats(stack.gateway, stack.provider)).pollRounds;
    await until(async () => (await readProviderLiveStats(stack.gateway, stack.provider)).pollRounds >= first + rounds, `${rounds} poll rounds`);
  }

  describe.each<Transport>(['sse', 'ws'])('over %s', (transport) => {
    let client: LiveClient;

    beforeAll(() => {
      client = createLiveClient(transport, stack.gateway.url);
    });

    afterAll(() => client.close());

    it('sends the current state first, then only changes, and completes after the terminal state', async () => {
      const execution = stack.lifecycle();
      const subscription = client.subscribe<{ executionUpdated: Update }>(executionUpdated, { id: executionGlobalId(stack.provider, execution.nativeId) });
      const [first] = await subscription.waitForResults(1);
      expect(first!.data!.executionUpdated).toMatchObject({ status: execution.first, isTerminal: false });

      await waitForRounds(4);
      expect(subscription.results).toHaveLength(1);

      stack.clock.advance(stack.stepMs);
      await subscription.waitForResults(2);
      stack.clock.advance(stack.stepMs);
      const results = await subscription.waitForCompletion();
      const updates = results.map((result) => result.data!.executionUpdated);
      expect(results.every((result) => result.errors === undefined)).toBe(true);
      expect(updates.at(-1)).toMatchObject({ status: execution.last, isTerminal: true });
      expect(updates.slice(0, -1).every((update) => !update.isTerminal)).toBe(true);
      for (let index = 1; index < updates.length; index++) {
        const [before, after] = [updates[index - 1]!, updates[index]!];
        const same = before.status === after.status && before.updatedAt === after.updatedAt && JSON.stringify([before.output, before.error]) === JSON.stringify([after.output, after.error]);
        expect(same).toBe(false);
      }
    });

    it('ends with NOT_FOUND for an id the upstream does not know', async () => {
      const missing = stack.provider === 'cortex' ? 'wf_1/run_missing' : '0badc0de-0000-4000-8000-000000000000';
      const results = await client.subscribe(executionUpdated, { id: executionGlobalId(stack.provider, missing) }).waitForCompletion();
      expect(results).toHaveLength(1);
      expect(results[0]!.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    });
  });
});
