import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import type { Plugin } from 'graphql-yoga';

/** Bounds on one GraphQL document; each rejection names the limit it hit. */
export const documentLimits = {
  maxDepth: 12,
  maxAliases: 30,
  maxTokens: 2000,
  maxDirectives: 20,
  maxCost: 5000,
} as const;

/**
 * GraphQL Armor's validation rules: deep nesting, alias floods, token floods and costly
 * documents are refused before any resolver (and so before any upstream call) runs.
 */
export function useDocumentLimits(): Plugin[] {
  return [
    maxTokensPlugin({ n: documentLimits.maxTokens }),
    maxDepthPlugin({ n: documentLimits.maxDepth, ignoreIntrospection: true, flattenFragments: true }),
    maxAliasesPlugin({ n: documentLimits.maxAliases, allowList: [] }),
    maxDirectivesPlugin({ n: documentLimits.maxDirectives }),
    costLimitPlugin({ maxCost: documentLimits.maxCost, ignoreIntrospection: true }),
  ] as Plugin[];
}
