import { graphql } from './gql/index.js';

export const BoardProvidersDocument = graphql(`
  query BoardProviders {
    providers {
      name
      kind
      capabilities
    }
  }
`);

export const BoardRowFields = graphql(`
  fragment BoardRow on Execution {
    id
    nativeId
    status
    nativeStatus
    isTerminal
    targetId
    createdAt
    startedAt
    endedAt
    updatedAt
    provider {
      name
    }
  }
`);

export const BoardExecutionsDocument = graphql(`
  query BoardExecutions($filter: ExecutionFilter, $first: Int!, $after: String) {
    executions(filter: $filter, first: $first, after: $after) {
      edges {
        node {
          ...BoardRow
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const BoardFeedDocument = graphql(`
  subscription BoardFeed($filter: ExecutionFilter) {
    executionsFeed(filter: $filter) {
      ...BoardRow
    }
  }
`);

export const BoardDetailFields = graphql(`
  fragment BoardDetail on Execution {
    ...BoardRow
    input
    output
    error {
      code
      message
    }
    creditsUsed
    parent {
      ...BoardRow
    }
    children(first: 50) {
      edges {
        node {
          ...BoardRow
        }
      }
    }
    ... on AirOpsExecution {
      feedback
    }
  }
`);

export const BoardExecutionDocument = graphql(`
  query BoardExecution($id: ID!) {
    execution(id: $id) {
      ...BoardDetail
    }
  }
`);

export const BoardExecutionUpdatedDocument = graphql(`
  subscription BoardExecutionUpdated($id: ID!) {
    executionUpdated(id: $id) {
      ...BoardDetail
    }
  }
`);

export const BoardCancelDocument = graphql(`
  mutation BoardCancel($id: ID!) {
    cancelExecution(id: $id) {
      ...BoardDetail
    }
  }
`);

export const BoardRetryDocument = graphql(`
  mutation BoardRetry($id: ID!) {
    retryExecution(id: $id) {
      ...BoardDetail
    }
  }
`);

export const BoardRateDocument = graphql(`
  mutation BoardRate($id: ID!, $feedback: Feedback!) {
    rateExecution(id: $id, feedback: $feedback) {
      ...BoardDetail
    }
  }
`);
