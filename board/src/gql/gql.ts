/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query BoardProviders {\n    providers {\n      name\n      kind\n      capabilities\n    }\n  }\n": typeof types.BoardProvidersDocument,
    "\n  fragment BoardRow on Execution {\n    id\n    nativeId\n    status\n    nativeStatus\n    isTerminal\n    targetId\n    createdAt\n    startedAt\n    endedAt\n    updatedAt\n    provider {\n      name\n    }\n  }\n": typeof types.BoardRowFragmentDoc,
    "\n  query BoardExecutions($filter: ExecutionFilter, $first: Int!, $after: String) {\n    executions(filter: $filter, first: $first, after: $after) {\n      edges {\n        node {\n          ...BoardRow\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.BoardExecutionsDocument,
    "\n  subscription BoardFeed($filter: ExecutionFilter) {\n    executionsFeed(filter: $filter) {\n      ...BoardRow\n    }\n  }\n": typeof types.BoardFeedDocument,
    "\n  fragment BoardDetail on Execution {\n    ...BoardRow\n    input\n    output\n    error {\n      code\n      message\n    }\n    creditsUsed\n    parent {\n      ...BoardRow\n    }\n    children(first: 50) {\n      edges {\n        node {\n          ...BoardRow\n        }\n      }\n    }\n    ... on AirOpsExecution {\n      feedback\n    }\n  }\n": typeof types.BoardDetailFragmentDoc,
    "\n  query BoardExecution($id: ID!) {\n    execution(id: $id) {\n      ...BoardDetail\n    }\n  }\n": typeof types.BoardExecutionDocument,
    "\n  subscription BoardExecutionUpdated($id: ID!) {\n    executionUpdated(id: $id) {\n      ...BoardDetail\n    }\n  }\n": typeof types.BoardExecutionUpdatedDocument,
    "\n  mutation BoardCancel($id: ID!) {\n    cancelExecution(id: $id) {\n      ...BoardDetail\n    }\n  }\n": typeof types.BoardCancelDocument,
    "\n  mutation BoardRetry($id: ID!) {\n    retryExecution(id: $id) {\n      ...BoardDetail\n    }\n  }\n": typeof types.BoardRetryDocument,
    "\n  mutation BoardRate($id: ID!, $feedback: Feedback!) {\n    rateExecution(id: $id, feedback: $feedback) {\n      ...BoardDetail\n    }\n  }\n": typeof types.BoardRateDocument,
};
const documents: Documents = {
    "\n  query BoardProviders {\n    providers {\n      name\n      kind\n      capabilities\n    }\n  }\n": types.BoardProvidersDocument,
    "\n  fragment BoardRow on Execution {\n    id\n    nativeId\n    status\n    nativeStatus\n    isTerminal\n    targetId\n    createdAt\n    startedAt\n    endedAt\n    updatedAt\n    provider {\n      name\n    }\n  }\n": types.BoardRowFragmentDoc,
    "\n  query BoardExecutions($filter: ExecutionFilter, $first: Int!, $after: String) {\n    executions(filter: $filter, first: $first, after: $after) {\n      edges {\n        node {\n          ...BoardRow\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.BoardExecutionsDocument,
    "\n  subscription BoardFeed($filter: ExecutionFilter) {\n    executionsFeed(filter: $filter) {\n      ...BoardRow\n    }\n  }\n": types.BoardFeedDocument,
    "\n  fragment BoardDetail on Execution {\n    ...BoardRow\n    input\n    output\n    error {\n      code\n      message\n    }\n    creditsUsed\n    parent {\n      ...BoardRow\n    }\n    children(first: 50) {\n      edges {\n        node {\n          ...BoardRow\n        }\n      }\n    }\n    ... on AirOpsExecution {\n      feedback\n    }\n  }\n": types.BoardDetailFragmentDoc,
    "\n  query BoardExecution($id: ID!) {\n    execution(id: $id) {\n      ...BoardDetail\n    }\n  }\n": types.BoardExecutionDocument,
    "\n  subscription BoardExecutionUpdated($id: ID!) {\n    executionUpdated(id: $id) {\n      ...BoardDetail\n    }\n  }\n": types.BoardExecutionUpdatedDocument,
    "\n  mutation BoardCancel($id: ID!) {\n    cancelExecution(id: $id) {\n      ...BoardDetail\n    }\n  }\n": types.BoardCancelDocument,
    "\n  mutation BoardRetry($id: ID!) {\n    retryExecution(id: $id) {\n      ...BoardDetail\n    }\n  }\n": types.BoardRetryDocument,
    "\n  mutation BoardRate($id: ID!, $feedback: Feedback!) {\n    rateExecution(id: $id, feedback: $feedback) {\n      ...BoardDetail\n    }\n  }\n": types.BoardRateDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BoardProviders {\n    providers {\n      name\n      kind\n      capabilities\n    }\n  }\n"): typeof import('./graphql').BoardProvidersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BoardRow on Execution {\n    id\n    nativeId\n    status\n    nativeStatus\n    isTerminal\n    targetId\n    createdAt\n    startedAt\n    endedAt\n    updatedAt\n    provider {\n      name\n    }\n  }\n"): typeof import('./graphql').BoardRowFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BoardExecutions($filter: ExecutionFilter, $first: Int!, $after: String) {\n    executions(filter: $filter, first: $first, after: $after) {\n      edges {\n        node {\n          ...BoardRow\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql').BoardExecutionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription BoardFeed($filter: ExecutionFilter) {\n    executionsFeed(filter: $filter) {\n      ...BoardRow\n    }\n  }\n"): typeof import('./graphql').BoardFeedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BoardDetail on Execution {\n    ...BoardRow\n    input\n    output\n    error {\n      code\n      message\n    }\n    creditsUsed\n    parent {\n      ...BoardRow\n    }\n    children(first: 50) {\n      edges {\n        node {\n          ...BoardRow\n        }\n      }\n    }\n    ... on AirOpsExecution {\n      feedback\n    }\n  }\n"): typeof import('./graphql').BoardDetailFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BoardExecution($id: ID!) {\n    execution(id: $id) {\n      ...BoardDetail\n    }\n  }\n"): typeof import('./graphql').BoardExecutionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription BoardExecutionUpdated($id: ID!) {\n    executionUpdated(id: $id) {\n      ...BoardDetail\n    }\n  }\n"): typeof import('./graphql').BoardExecutionUpdatedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BoardCancel($id: ID!) {\n    cancelExecution(id: $id) {\n      ...BoardDetail\n    }\n  }\n"): typeof import('./graphql').BoardCancelDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BoardRetry($id: ID!) {\n    retryExecution(id: $id) {\n      ...BoardDetail\n    }\n  }\n"): typeof import('./graphql').BoardRetryDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BoardRate($id: ID!, $feedback: Feedback!) {\n    rateExecution(id: $id, feedback: $feedback) {\n      ...BoardDetail\n    }\n  }\n"): typeof import('./graphql').BoardRateDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
