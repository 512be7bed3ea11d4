import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import type { Plugin } from 'graphql-yoga';
import { useNodeLimit } from './use-node-limit.js';

/** Bounds on one GraphQL document; each rejection names the limit it hit. */
export const documentLimits = {
  maxDepth: 12,
  maxAliases: 30,
  maxTokens: 2000,
  maxDirectives: 20,
  /** Nodes a document may ask for: connection `first`s multiplied along each path, summed (use-node-limit.ts). */
  maxNodes: 10_000,
} as const;

/**
 * GraphQL Armor's validation rules (deep nesting, alias floods, token floods, directive floods)
 * and the node limit: such documents are refused before any resolver (and so before any
 * upstream call) runs.
 */
export function useDocumentLimits(): Plugin[] {
  return [
    maxTokensPlugin({ n: documentLimits.maxTokens }),
    maxDepthPlugin({ n: documentLimits.maxDepth, ignoreIntrospection: true, flattenFragments: true }),
    maxAliasesPlugin({ n: documentLimits.maxAliases, allowList: [] }),
    maxDirectivesPlugin({ n: documentLimits.maxDirectives }),
    useNodeLimit(documentLimits.maxNodes),
  ] as Plugin[];
}
