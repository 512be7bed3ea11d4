import { locateExecution } from '../operations/locate-execution.js';
import { providerNamed } from '../operations/provider-access.js';
import { hasOperation } from '../providers/require-operation.js';
import { builder } from './builder.js';
import { connectionFromArray, emptyConnection, ExecutionConnectionRef, pageSize } from './connection.js';
import { ExecutionErrorRef, ExecutionRef, ExecutionStatusEnum } from './execution-interface.js';
import { NodeRef } from './node.js';
import { ProviderRef } from './provider-type.js';

ExecutionRef.implement({
  description: 'One run of an app, flow, responder or workflow at some provider, in normalized form.',
  interfaces: [NodeRef],
  fields: (t) => ({
    nativeId: t.exposeString('nativeId', { description: "The upstream's own id." }),
    provider: t.field({
      type: ProviderRef,
      resolve: (record, _args, context) => context.gateway.registry.get(record.provider)!,
    }),
    status: t.field({ type: ExecutionStatusEnum, resolve: (record) => record.status }),
    nativeStatus: t.exposeString('nativeStatus', { description: "The upstream's status string, verbatim." }),
    isTerminal: t.exposeBoolean('isTerminal'),
    input: t.field({ type: 'JSON', nullable: true, resolve: (record) => record.input }),
    output: t.field({ type: 'JSON', nullable: true, resolve: (record) => record.output }),
    error: t.field({ type: ExecutionErrorRef, nullable: true, resolve: (record) => record.error }),
    createdAt: t.field({ type: 'DateTime', resolve: (record) => record.createdAt }),
    updatedAt: t.field({ type: 'DateTime', nullable: true, resolve: (record) => record.updatedAt }),
    startedAt: t.field({ type: 'DateTime', nullable: true, resolve: (record) => record.startedAt }),
    endedAt: t.field({ type: 'DateTime', nullable: true, resolve: (record) => record.endedAt }),
    creditsUsed: t.float({
      nullable: true,
      description: "Credits in this provider's own unit; never comparable across providers.",
      resolve: (record) => record.creditsUsed,
    }),
    targetId: t.string({
      nullable: true,
      description: 'The app, flow, workflow or responder that ran, when the upstream or runql knows it.',
      resolve: (record) => record.targetId,
    }),
    parent: t.field({
      type: ExecutionRef,
      nullable: true,
      resolve: (record, _args, context) => (record.parentNativeId === null ? null : context.loaders.parents.load(record)),
    }),
    children: t.field({
      type: ExecutionConnectionRef,
      args: { first: t.arg.int(), after: t.arg.string() },
      resolve: async (record, { first, after }, context) => {
        pageSize(first);
        const provider = context.gateway.registry.get(record.provider);
        if (!provider || !hasOperation(provider, 'children')) return emptyConnection;
        return connectionFromArray(await context.loaders.children.load(record), first, after);
      },
    }),
  }),
});

builder.queryFields((t) => ({
  execution: t.field({
    type: ExecutionRef,
    nullable: true,
    description: 'An execution by global id; null when it does not exist.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, context) => {
      const located = locateExecution(context, String(id));
      return located ? context.loaders.executions.load({ provider: located.provider.name, nativeId: located.nativeId }) : null;
    },
  }),
  executionByNativeId: t.field({
    type: ExecutionRef,
    nullable: true,
    description: "An execution by provider name and the upstream's own id; null when it does not exist.",
    args: { provider: t.arg.string({ required: true }), nativeId: t.arg.string({ required: true }) },
    resolve: (_root, args, context) => {
      const provider = providerNamed(context, args.provider);
      if (!provider.isValidNativeId(args.nativeId)) return null;
      return context.loaders.executions.load({ provider: provider.name, nativeId: args.nativeId });
    },
  }),
}));
