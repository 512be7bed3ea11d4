import type { GatewayContext } from '../context.js';
import { resolveFeedSelection } from '../live/feed-selection.js';
import type { FeedSourceStats } from '../live/feed-source.js';
import type { FeedWatch } from '../live/feed-watch.js';
import type { FeedStats } from '../live/live-feed.js';
import type { ExecutionRecord } from '../model/execution-record.js';
import { canSeeProvider } from '../operations/provider-access.js';
import { builder } from './builder.js';
import { ExecutionRef } from './execution-interface.js';
import { ExecutionFilterRef } from './executions-query.js';
import type { ExecutionFilterInput } from '../listing/listing-scope.js';

builder.subscriptionField('executionsFeed', (t) =>
  t.field({
    type: ExecutionRef,
    description:
      'The listing, live: one event per execution that `executions(filter)` would list for this key and that appears (created after the feed began) or changes status, output, error or updatedAt; the event is its current state. Each listing scope is read once per polling interval for every feed. Never completes by itself. A provider in the filter that is unknown is BAD_USER_INPUT, one this key may not see FORBIDDEN, one that cannot list NOT_SUPPORTED, each before any event. A provider whose upstream cannot say what it lists when the feed starts does not fail it: the feed serves the others and adds that provider once it answers.',
    args: { filter: t.arg({ type: ExecutionFilterRef }) },
    subscribe: (_root, { filter }, context) => openFeed(context, filter),
    resolve: resolveFeedEvent,
  }),
);

/** The filter is checked (and its scopes read once) before the stream starts. */
async function openFeed(context: GatewayContext, filter: ExecutionFilterInput | null | undefined): Promise<FeedWatch> {
  const feed = context.gateway.feed;
  const selection = await resolveFeedSelection(
    filter,
    context.gateway.registry,
    (name) => canSeeProvider(context, name),
    (provider) => feed.unfilteredStreams(provider),
    context.callOptions(),
  );
  return feed.open(selection);
}

/** Nested fields (parent, children) read afresh for each event. */
function resolveFeedEvent(record: ExecutionRecord, _args: unknown, context: GatewayContext): ExecutionRecord {
  context.renewLoaders();
  context.gateway.live.noteEventResolved(record.provider);
  return record;
}

const FeedProviderStatsRef = builder.objectRef<FeedSourceStats>('LiveFeedProviderStats').implement({
  description: 'What reading the listing scopes of one provider for every feed costs upstream.',
  fields: (t) => ({
    provider: t.exposeString('provider'),
    scopes: t.exposeInt('scopes', { description: 'Listing scopes (apps, workflows, the workspace, all flows) read once per interval right now.' }),
    scopeReads: t.exposeInt('scopeReads', { description: 'List calls sent upstream for feeds since start-up.' }),
    scopeReadFailures: t.exposeInt('scopeReadFailures', { description: 'Of those, the ones that failed (the scope backs off and is read again).' }),
  }),
});

const FeedStatsRef = builder.objectRef<FeedStats>('LiveFeedStats').implement({
  description: 'The live listing behind `executionsFeed`, over the providers this client may see (subscribers and scopes count every client).',
  fields: (t) => ({
    subscribers: t.exposeInt('subscribers', { description: 'Open feeds.' }),
    scopes: t.exposeInt('scopes', { description: 'Listing scopes read for them.' }),
    followedExecutions: t.exposeInt('followedExecutions', {
      description: 'Running executions that left their scope’s newest page, followed through the shared per-execution polls.',
    }),
    changes: t.exposeInt('changes', { description: 'New or changed executions seen since start-up, each counted once before the feeds’ filters.' }),
    providers: t.field({ type: [FeedProviderStatsRef], resolve: (stats) => stats.providers }),
  }),
});

builder.queryField('liveFeedStats', (t) =>
  t.field({
    type: FeedStatsRef,
    description: 'How many feeds are open and what reading their listing scopes costs upstream.',
    resolve: (_root, _args, context) => {
      const stats = context.gateway.feed.stats();
      return { ...stats, providers: stats.providers.filter((entry) => canSeeProvider(context, entry.provider)) };
    },
  }),
);
