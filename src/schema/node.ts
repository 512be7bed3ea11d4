import type { GatewayContext } from '../context.js';
import type { ExecutionRecord } from '../model/execution-record.js';
import { executionGlobalId, executionTypeTag, decodeGlobalId, type GlobalId } from '../model/global-id.js';
import { badUserInput } from '../errors/gateway-error.js';
import { locateExecution } from '../operations/locate-execution.js';
import { builder } from './builder.js';

/** Everything that can be fetched by global id. Other node types carry a precomputed `nodeId`. */
export type NodeShape = ExecutionRecord | { nodeId: string };

type NodeResolver = (id: GlobalId, context: GatewayContext) => Promise<NodeShape | null>;

/** How `node(id)` reads the node types other than executions, by type tag (each type's schema file registers its own). */
const nodeResolvers = new Map<string, NodeResolver>();

export function registerNodeResolver(typeTag: string, resolve: NodeResolver): void {
  nodeResolvers.set(typeTag, resolve);
}

export const NodeRef = builder.interfaceRef<NodeShape>('Node').implement({
  description: 'An object with an opaque global id, stable across restarts.',
  fields: (t) => ({
    id: t.id({
      resolve: (node) => ('nodeId' in node ? node.nodeId : executionGlobalId(node.provider, node.nativeId)),
    }),
  }),
});

builder.queryFields((t) => ({
  node: t.field({
    type: NodeRef,
    nullable: true,
    description: 'Any object by its global id; null when it does not exist.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, context) => {
      const decoded = decodeGlobalId(String(id));
      if (!decoded) throw badUserInput(`Malformed id "${String(id).slice(0, 64)}"`);
      if (decoded.typeTag !== executionTypeTag) return (await nodeResolvers.get(decoded.typeTag)?.(decoded, context)) ?? null;
      const located = locateExecution(context, String(id));
      if (!located) return null;
      return context.loaders.executions.load({ provider: located.provider.name, nativeId: located.nativeId });
    },
  }),
}));
