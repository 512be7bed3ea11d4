import type { ListingPageInfo } from '../listing/executions-listing.js';
import { decodeListingCursor } from '../listing/listing-cursor.js';
import { resolveListingScope } from '../listing/listing-scope.js';
import { canSeeProvider } from '../operations/provider-access.js';
import { builder } from './builder.js';
import { ExecutionConnectionRef, PageInfoRef, pageSize } from './connection.js';
import { ExecutionStatusEnum } from './execution-interface.js';

export const ExecutionFilterRef = builder.inputType('ExecutionFilter', {
  description: 'Restricts `executions` (and `executionsFeed`); each field that is absent or null does not restrict, and an empty list matches nothing.',
  fields: (t) => ({
    providers: t.stringList({
      description: 'Provider names; an unknown name is BAD_USER_INPUT. One this client key may not see is left out of `executions`, and FORBIDDEN for `executionsFeed`.',
    }),
    status: t.field({ type: [ExecutionStatusEnum], description: 'Pushed down where the upstream filters by status; otherwise runql filters.' }),
    targetIds: t.stringList({ description: 'App (uuid or numeric id), flow, workflow or responder ids.' }),
  }),
});

builder.objectField(PageInfoRef, 'upstreamPageLimitReached', (t) =>
  t.boolean({
    description:
      'True when this page stopped early at the per-request bound on upstream pages (runql filtered many executions itself): fewer than `first` edges came back, `hasNextPage` is true and `endCursor` resumes past everything read.',
    resolve: (pageInfo) => (pageInfo as Partial<ListingPageInfo>).upstreamPageLimitReached ?? false,
  }),
);

builder.queryField('executions', (t) =>
  t.field({
    type: ExecutionConnectionRef,
    description:
      'Every permitted provider that can list, merged newest first by createdAt (ties by id). `after` resumes exactly, even while new executions appear. A provider that fails adds an error (with `extensions.provider`) and the others still answer.',
    args: {
      filter: t.arg({ type: ExecutionFilterRef }),
      first: t.arg.int({ defaultValue: 20 }),
      after: t.arg.string(),
    },
    resolve: async (_root, args, context, info) => {
      const first = pageSize(args.first);
      const after = args.after ? decodeListingCursor(args.after) : null;
      const scope = resolveListingScope(args.filter, context.gateway.registry, (name) => canSeeProvider(context, name));
      const result = await context.gateway.listings.list({ scope, first, after, logger: context.gateway.logger }, args.after ?? null, context.callOptions().signal);
      // What the merge read is in hand for this operation's nested fields (parent, children, by id).
      for (const record of result.read) context.loaders.hold(record);
      const path = pathOf(info.path);
      for (const error of result.errors) context.reportError(error, path);
      return { edges: result.edges, pageInfo: result.pageInfo };
    },
  }),
);

function pathOf(path: { prev: unknown; key: string | number } | undefined): (string | number)[] {
  const keys: (string | number)[] = [];
  for (let current = path; current; current = current.prev as typeof path) keys.unshift(current.key);
  return keys;
}
