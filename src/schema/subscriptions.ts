import type { GatewayContext } from '../context.js';
import { GatewayError, badUserInput, notFound } from '../errors/gateway-error.js';
import { emptyProviderLiveStats, type LiveStats, type ProviderLiveStats } from '../live/live-stats.js';
import type { LiveUpdate, LiveWatch } from '../live/live-watch.js';
import type { ExecutionRecord } from '../model/execution-record.js';
import { locateExecution, type LocatedExecution } from '../operations/locate-execution.js';
import { canSeeProvider } from '../operations/provider-access.js';
import { builder } from './builder.js';
import { ExecutionRef } from './execution-interface.js';
import { ProviderRef } from './provider-type.js';

const maxWatchedIds = 100;

builder.subscriptionType({ description: 'Live status of executions, from one shared poller per execution.' });

builder.subscriptionFields((t) => ({
  executionUpdated: t.field({
    type: ExecutionRef,
    description:
      'First the current state, then one event per change of status, output, error or updatedAt; completes after the terminal state.',
    args: { id: t.arg.id({ required: true }) },
    subscribe: (_root, { id }, context) => watchExecutions(context, [String(id)]),
    resolve: resolveUpdate,
  }),
  executionsUpdated: t.field({
    type: ExecutionRef,
    description: `Like executionUpdated for up to ${maxWatchedIds} ids: first the current state of each, then changes; completes once every one has ended.`,
    args: { ids: t.arg.idList({ required: true }) },
    subscribe: (_root, { ids }, context) => watchExecutions(context, ids.map(String)),
    resolve: resolveUpdate,
  }),
}));

/** Every id is checked before anything is watched, so a bad one leaves no poller behind. */
function watchExecutions(context: GatewayContext, ids: readonly string[]): LiveWatch {
  if (ids.length === 0) throw badUserInput('ids must name at least one execution');
  if (ids.length > maxWatchedIds) throw badUserInput(`ids may name at most ${maxWatchedIds} executions`);
  const located = new Map<string, LocatedExecution>();
  for (const id of ids) {
    const execution = locateExecution(context, id);
    if (!execution) throw notFound(`No execution with id "${id.length > 64 ? `${id.slice(0, 64)}…` : id}"`);
    located.set(`${execution.provider.name}:${execution.nativeId}`, execution);
  }
  return context.gateway.live.watch([...located.values()]);
}

/**
 * Each event's nested fields (parent, children) read afresh, never from an earlier event's
 * loaders. NOT_FOUND arrives as the watch's last update and is raised here as a field error:
 * an error thrown from a source stream would break the SSE response and the WebSocket
 * operation instead of ending them cleanly.
 */
function resolveUpdate(update: LiveUpdate, _args: unknown, context: GatewayContext): ExecutionRecord {
  context.renewLoaders();
  if (GatewayError.is(update)) throw update;
  context.gateway.live.noteEventResolved(update.provider);
  return update;
}

const ProviderLiveStatsRef = builder.objectRef<ProviderLiveStats>('ProviderLiveStats').implement({
  description: "What the shared poller does for one provider (counters since start-up; the rest is now).",
  fields: (t) => ({
    provider: t.exposeString('provider'),
    watchedExecutions: t.exposeInt('watchedExecutions', { description: 'Executions watched right now.' }),
    subscribers: t.exposeInt('subscribers', { description: 'Watches of those executions (a subscription counts once per id).' }),
    batchScopes: t.exposeInt('batchScopes', { description: 'Scopes (apps, responders, workflows) polled with one list call per tick.' }),
    pollRounds: t.exposeInt('pollRounds', { description: 'Ticks run, one per single execution or scope polled.' }),
    executionPolls: t.exposeInt('executionPolls', { description: 'Reads of one execution sent upstream.' }),
    batchPolls: t.exposeInt('batchPolls', { description: 'List calls sent upstream in place of single reads.' }),
    pollFailures: t.exposeInt('pollFailures', { description: 'Upstream calls of the poller that failed; it backs off and keeps polling.' }),
    eventDeliveries: t.exposeInt('eventDeliveries', { description: 'States handed to subscriptions: one per subscription (and id) and change.' }),
    eventResolutions: t.exposeInt('eventResolutions', {
      description:
        'Subscription events resolved into results. SSE subscribers of one execution with the same document, variables and key scope share one resolution per event.',
    }),
  }),
});

const LiveStatsRef = builder.objectRef<LiveStats>('LiveStats').implement({
  description: 'The shared poller behind subscriptions, over the providers this client may see.',
  fields: (t) => ({
    watchedExecutions: t.exposeInt('watchedExecutions'),
    subscribers: t.exposeInt('subscribers'),
    providers: t.field({ type: [ProviderLiveStatsRef], resolve: (stats) => stats.providers }),
  }),
});

builder.queryFields((t) => ({
  liveStats: t.field({
    type: LiveStatsRef,
    description: 'How many executions are watched, by how many subscribers, and what polling them costs upstream.',
    resolve: (_root, _args, context) => visibleLiveStats(context),
  }),
}));

builder.objectField(ProviderRef, 'liveStats', (t) =>
  t.field({
    type: ProviderLiveStatsRef,
    description: 'What the shared poller does for this provider.',
    resolve: (provider, _args, context) => providerLiveStats(context, provider.name),
  }),
);

function visibleLiveStats(context: GatewayContext): LiveStats {
  const providers = context.gateway.registry
    .all()
    .filter((provider) => canSeeProvider(context, provider.name))
    .map((provider) => providerLiveStats(context, provider.name));
  return {
    watchedExecutions: providers.reduce((sum, entry) => sum + entry.watchedExecutions, 0),
    subscribers: providers.reduce((sum, entry) => sum + entry.subscribers, 0),
    providers,
  };
}

function providerLiveStats(context: GatewayContext, provider: string): ProviderLiveStats {
  return context.gateway.live.stats().providers.find((entry) => entry.provider === provider) ?? emptyProviderLiveStats(provider);
}
