import { describe, expect, it } from 'vitest';
import { FinishedExecutionCache } from '../../src/cache/finished-execution-cache.js';
import { createContext } from '../../src/context.js';
import type { Gateway } from '../../src/gateway.js';
import { ProviderRegistry } from '../../src/providers/provider-registry.js';
import { ScriptedListProvider } from '../helpers/scripted-list-provider.js';

const anonymous = { id: 'anonymous', allowedProviders: null };

function gatewayOver(provider: ScriptedListProvider): Gateway {
  return { registry: new ProviderRegistry([provider]), finishedExecutions: new FinishedExecutionCache({ ttlMs: 60_000 }) } as unknown as Gateway;
}

describe('per-request loaders', () => {
  it('answer a finished execution from the cache across requests, but never after renewLoaders (a subscription event)', async () => {
    const provider = new ScriptedListProvider('p').add({ nativeId: 'done', createdAt: 0, status: 'SUCCEEDED' });
    const gateway = gatewayOver(provider);
    await createContext(gateway, anonymous, () => undefined).loaders.executions.load({ provider: 'p', nativeId: 'done' });
    const subscription = createContext(gateway, anonymous, () => undefined);
    await subscription.loaders.executions.load({ provider: 'p', nativeId: 'done' });
    expect(provider.calls.get).toBe(1);
    subscription.renewLoaders();
    await subscription.loaders.executions.load({ provider: 'p', nativeId: 'done' });
    subscription.renewLoaders();
    await subscription.loaders.executions.load({ provider: 'p', nativeId: 'done' });
    expect(provider.calls.get).toBe(3);
  });

  it('hold records read by the operation, so loading them costs nothing', async () => {
    const provider = new ScriptedListProvider('p').add({ nativeId: 'x', createdAt: 0, status: 'RUNNING' });
    const context = createContext(gatewayOver(provider), anonymous, () => undefined);
    context.loaders.hold(provider.record('x'));
    expect(await context.loaders.executions.load({ provider: 'p', nativeId: 'x' })).toMatchObject({ nativeId: 'x' });
    expect(provider.calls.get).toBe(0);
  });

  it('answer an unknown provider or execution with null, and a failing read in its own slot', async () => {
    const provider = new ScriptedListProvider('p').add({ nativeId: 'x', createdAt: 0, status: 'RUNNING' });
    const get = provider.get.bind(provider);
    provider.get = async (nativeId) => (nativeId === 'boom' ? Promise.reject(new Error('boom')) : get(nativeId));
    const loader = createContext(gatewayOver(provider), anonymous, () => undefined).loaders.executions;
    const [gone, missing, failed, found] = await loader.loadMany([
      { provider: 'gone', nativeId: 'x' },
      { provider: 'p', nativeId: 'nope' },
      { provider: 'p', nativeId: 'boom' },
      { provider: 'p', nativeId: 'x' },
    ]);
    expect(gone).toBeNull();
    expect(missing).toBeNull();
    expect(failed).toBeInstanceOf(Error);
    expect(found).toMatchObject({ nativeId: 'x' });
  });
});
