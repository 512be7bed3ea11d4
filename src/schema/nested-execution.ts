import { badUserInput } from '../errors/gateway-error.js';
import type { ExecutionRecord } from '../model/execution-record.js';
import { executionGlobalId } from '../model/global-id.js';
import type { NestedDetailKind } from '../model/nested-details.js';
import { providerNamed } from '../operations/provider-access.js';
import { maxNestingDepth } from '../providers/nested-lookups.js';
import { requireExtension } from '../providers/require-operation.js';
import { builder } from './builder.js';
import { ExecutionRef } from './execution-interface.js';
import { NodeRef } from './node.js';

const detailShapes: Record<NestedDetailKind, 'INPUT_OUTPUT' | 'TOOL_CALL' | 'MESSAGES' | 'OTHER'> = {
  'input-output': 'INPUT_OUTPUT',
  'tool-call': 'TOOL_CALL',
  messages: 'MESSAGES',
  other: 'OTHER',
};

const NestedDetailShapeEnum = builder.enumType('NestedDetailShape', {
  description:
    "How `input` and `output` were read from Zaia's undocumented `detail` (recognized by its keys): INPUT_OUTPUT `{input, output}`; TOOL_CALL `{toolCall: {arguments}, result}`; MESSAGES `{messages}` (the closing assistant message is the output); OTHER: neither is read.",
  values: ['INPUT_OUTPUT', 'TOOL_CALL', 'MESSAGES', 'OTHER'] as const,
});

export const NestedExecutionRef = builder.objectRef<ExecutionRecord<'nested'>>('NestedExecution');

NestedExecutionRef.implement({
  description: "An execution at Zaia: one responder's run, inside a tree of parent and child executions. Zaia is read-only.",
  interfaces: [NodeRef, ExecutionRef],
  isTypeOf: (value) => (value as ExecutionRecord).kind === 'nested',
  fields: (t) => ({
    responderId: t.string({
      description: 'The responder (agent or workflow "super-identity") that ran; the target of `targetIds` filters.',
      resolve: (record) => record.details.responderId,
    }),
    isAgentic: t.boolean({ resolve: (record) => record.details.isAgentic }),
    isPurged: t.boolean({
      description: 'True once Zaia dropped the content: the record and its status stay; `input`, `output` and the content of `detail` are gone.',
      resolve: (record) => record.details.isPurged,
    }),
    detail: t.field({ type: 'JSON', nullable: true, description: "Zaia's `detail`, verbatim.", resolve: (record) => record.details.detail }),
    detailShape: t.field({ type: NestedDetailShapeEnum, resolve: (record) => detailShapes[record.details.detailKind] }),
    workspaceId: t.string({ nullable: true, resolve: (record) => record.details.workspaceId }),
    chatMessageId: t.string({
      nullable: true,
      description: 'The chat message this execution answers. Zaia does not report it: known only when found through `nestedExecutionByChatMessage`.',
      resolve: (record) => record.details.chatMessageId,
    }),
    parentId: t.id({
      nullable: true,
      description: "The parent's global id, without reading the parent.",
      resolve: (record) => (record.parentNativeId === null ? null : executionGlobalId(record.provider, record.parentNativeId)),
    }),
    descendants: t.field({
      type: [NestedExecutionRef],
      description: `The whole subtree below this execution from one upstream call, in preorder (rebuild the tree with \`parentId\`), down to \`maxDepth\` levels (1 to ${maxNestingDepth}). Each execution appears once, even when the upstream answer loops.`,
      args: { maxDepth: t.arg.int({ defaultValue: maxNestingDepth }) },
      resolve: async (record, { maxDepth }, context) => {
        const depth = maxDepth ?? maxNestingDepth;
        if (!Number.isInteger(depth) || depth < 1 || depth > maxNestingDepth) throw badUserInput(`maxDepth must be between 1 and ${maxNestingDepth}`);
        const provider = context.gateway.registry.get(record.provider);
        const lookups = provider?.extensions.nested;
        if (!lookups) return [];
        const descendants = await lookups.descendants(record, depth, context.callOptions());
        // Their own `parent` and any later read of them in this operation cost no further call.
        descendants.forEach((descendant) => context.loaders.hold(descendant));
        return descendants;
      },
    }),
  }),
});

builder.queryFields((t) => ({
  nestedExecutionByChatMessage: t.field({
    type: NestedExecutionRef,
    nullable: true,
    description: 'The Zaia execution that answers a chat message; null when there is none.',
    args: { provider: t.arg.string({ required: true }), chatMessageId: t.arg.string({ required: true }) },
    resolve: async (_root, args, context) => {
      const provider = providerNamed(context, args.provider);
      const lookups = requireExtension(provider, 'nested', 'nestedExecutionByChatMessage');
      const record = await lookups.executionByChatMessage(args.chatMessageId, context.callOptions());
      if (record) context.loaders.hold(record);
      return record;
    },
  }),
}));
