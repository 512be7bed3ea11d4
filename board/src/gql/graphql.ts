/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** Restricts `executions` (and `executionsFeed`); each field that is absent or null does not restrict, and an empty list matches nothing. */
export type ExecutionFilter = {
  /** Provider names; an unknown name is BAD_USER_INPUT. One this client key may not see is left out of `executions`, and FORBIDDEN for `executionsFeed`. */
  providers?: Array<string> | null | undefined;
  /** Pushed down where the upstream filters by status; otherwise runql filters. */
  status?: Array<ExecutionStatus> | null | undefined;
  /** App (uuid or numeric id), flow, workflow or responder ids. */
  targetIds?: Array<string> | null | undefined;
};

export type ExecutionStatus =
  | 'CANCELLED'
  | 'FAILED'
  | 'NEEDS_REVIEW'
  | 'PENDING'
  | 'RUNNING'
  | 'SKIPPED'
  | 'SUCCEEDED'
  | 'UNKNOWN';

export type Feedback =
  | 'NEGATIVE'
  | 'NEUTRAL'
  | 'POSITIVE';

export type ProviderKind =
  | 'AIROPS'
  | 'FLOWS'
  | 'NESTED'
  | 'WORKFLOW_RUNS';

export type BoardProvidersQueryVariables = Exact<{ [key: string]: never; }>;


export type BoardProvidersQuery = { providers: Array<{ name: string, kind: ProviderKind, capabilities: Array<string> }> };

type BoardRow_AirOpsExecution_Fragment = { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } };

type BoardRow_FlowExecution_Fragment = { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } };

type BoardRow_NestedExecution_Fragment = { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } };

type BoardRow_WorkflowRun_Fragment = { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } };

export type BoardRowFragment =
  | BoardRow_AirOpsExecution_Fragment
  | BoardRow_FlowExecution_Fragment
  | BoardRow_NestedExecution_Fragment
  | BoardRow_WorkflowRun_Fragment
;

export type BoardExecutionsQueryVariables = Exact<{
  filter?: ExecutionFilter | null | undefined;
  first: number;
  after?: string | null | undefined;
}>;


export type BoardExecutionsQuery = { executions: { edges: Array<{ node:
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
       }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type BoardFeedSubscriptionVariables = Exact<{
  filter?: ExecutionFilter | null | undefined;
}>;


export type BoardFeedSubscription = { executionsFeed:
    | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
    | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
    | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
    | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
   };

type BoardDetail_AirOpsExecution_Fragment = { feedback: Feedback | null, input: unknown, output: unknown, creditsUsed: number | null, id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, error: { code: string | null, message: string } | null, parent:
    | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
    | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
    | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
    | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
   | null, children: { edges: Array<{ node:
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
       }> }, provider: { name: string } };

type BoardDetail_FlowExecution_Fragment = { input: unknown, output: unknown, creditsUsed: number | null, id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, error: { code: string | null, message: string } | null, parent:
    | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
    | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
    | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
    | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
   | null, children: { edges: Array<{ node:
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
       }> }, provider: { name: string } };

type BoardDetail_NestedExecution_Fragment = { input: unknown, output: unknown, creditsUsed: number | null, id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, error: { code: string | null, message: string } | null, parent:
    | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
    | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
    | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
    | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
   | null, children: { edges: Array<{ node:
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
       }> }, provider: { name: string } };

type BoardDetail_WorkflowRun_Fragment = { input: unknown, output: unknown, creditsUsed: number | null, id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, error: { code: string | null, message: string } | null, parent:
    | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
    | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
    | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
    | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
   | null, children: { edges: Array<{ node:
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
       }> }, provider: { name: string } };

export type BoardDetailFragment =
  | BoardDetail_AirOpsExecution_Fragment
  | BoardDetail_FlowExecution_Fragment
  | BoardDetail_NestedExecution_Fragment
  | BoardDetail_WorkflowRun_Fragment
;

export type BoardExecutionQueryVariables = Exact<{
  id: string | number;
}>;


export type BoardExecutionQuery = { execution:
    | { feedback: Feedback | null, input: unknown, output: unknown, creditsUsed: number | null, id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, error: { code: string | null, message: string } | null, parent:
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
       | null, children: { edges: Array<{ node:
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
           }> }, provider: { name: string } }
    | { input: unknown, output: unknown, creditsUsed: number | null, id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, error: { code: string | null, message: string } | null, parent:
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
       | null, children: { edges: Array<{ node:
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
           }> }, provider: { name: string } }
    | { input: unknown, output: unknown, creditsUsed: number | null, id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, error: { code: string | null, message: string } | null, parent:
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
       | null, children: { edges: Array<{ node:
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
           }> }, provider: { name: string } }
    | { input: unknown, output: unknown, creditsUsed: number | null, id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, error: { code: string | null, message: string } | null, parent:
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
       | null, children: { edges: Array<{ node:
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
           }> }, provider: { name: string } }
   | null };

export type BoardExecutionUpdatedSubscriptionVariables = Exact<{
  id: string | number;
}>;


export type BoardExecutionUpdatedSubscription = { executionUpdated:
    | { feedback: Feedback | null, input: unknown, output: unknown, creditsUsed: number | null, id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, error: { code: string | null, message: string } | null, parent:
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
       | null, children: { edges: Array<{ node:
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
           }> }, provider: { name: string } }
    | { input: unknown, output: unknown, creditsUsed: number | null, id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, error: { code: string | null, message: string } | null, parent:
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
       | null, children: { edges: Array<{ node:
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
           }> }, provider: { name: string } }
    | { input: unknown, output: unknown, creditsUsed: number | null, id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, error: { code: string | null, message: string } | null, parent:
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
       | null, children: { edges: Array<{ node:
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
           }> }, provider: { name: string } }
    | { input: unknown, output: unknown, creditsUsed: number | null, id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, error: { code: string | null, message: string } | null, parent:
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
       | null, children: { edges: Array<{ node:
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
           }> }, provider: { name: string } }
   };

export type BoardCancelMutationVariables = Exact<{
  id: string | number;
}>;


export type BoardCancelMutation = { cancelExecution:
    | { feedback: Feedback | null, input: unknown, output: unknown, creditsUsed: number | null, id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, error: { code: string | null, message: string } | null, parent:
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
       | null, children: { edges: Array<{ node:
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
           }> }, provider: { name: string } }
    | { input: unknown, output: unknown, creditsUsed: number | null, id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, error: { code: string | null, message: string } | null, parent:
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
       | null, children: { edges: Array<{ node:
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
           }> }, provider: { name: string } }
    | { input: unknown, output: unknown, creditsUsed: number | null, id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, error: { code: string | null, message: string } | null, parent:
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
       | null, children: { edges: Array<{ node:
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
           }> }, provider: { name: string } }
    | { input: unknown, output: unknown, creditsUsed: number | null, id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, error: { code: string | null, message: string } | null, parent:
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
       | null, children: { edges: Array<{ node:
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
           }> }, provider: { name: string } }
   };

export type BoardRetryMutationVariables = Exact<{
  id: string | number;
}>;


export type BoardRetryMutation = { retryExecution:
    | { feedback: Feedback | null, input: unknown, output: unknown, creditsUsed: number | null, id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, error: { code: string | null, message: string } | null, parent:
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
       | null, children: { edges: Array<{ node:
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
           }> }, provider: { name: string } }
    | { input: unknown, output: unknown, creditsUsed: number | null, id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, error: { code: string | null, message: string } | null, parent:
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
       | null, children: { edges: Array<{ node:
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
           }> }, provider: { name: string } }
    | { input: unknown, output: unknown, creditsUsed: number | null, id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, error: { code: string | null, message: string } | null, parent:
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
       | null, children: { edges: Array<{ node:
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
           }> }, provider: { name: string } }
    | { input: unknown, output: unknown, creditsUsed: number | null, id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, error: { code: string | null, message: string } | null, parent:
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
       | null, children: { edges: Array<{ node:
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
           }> }, provider: { name: string } }
   };

export type BoardRateMutationVariables = Exact<{
  id: string | number;
  feedback: Feedback;
}>;


export type BoardRateMutation = { rateExecution:
    | { feedback: Feedback | null, input: unknown, output: unknown, creditsUsed: number | null, id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, error: { code: string | null, message: string } | null, parent:
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
       | null, children: { edges: Array<{ node:
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
           }> }, provider: { name: string } }
    | { input: unknown, output: unknown, creditsUsed: number | null, id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, error: { code: string | null, message: string } | null, parent:
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
       | null, children: { edges: Array<{ node:
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
           }> }, provider: { name: string } }
    | { input: unknown, output: unknown, creditsUsed: number | null, id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, error: { code: string | null, message: string } | null, parent:
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
       | null, children: { edges: Array<{ node:
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
           }> }, provider: { name: string } }
    | { input: unknown, output: unknown, creditsUsed: number | null, id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, error: { code: string | null, message: string } | null, parent:
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
        | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
       | null, children: { edges: Array<{ node:
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
            | { id: string, nativeId: string, status: ExecutionStatus, nativeStatus: string, isTerminal: boolean, targetId: string | null, createdAt: string, startedAt: string | null, endedAt: string | null, updatedAt: string | null, provider: { name: string } }
           }> }, provider: { name: string } }
   };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const BoardRowFragmentDoc = new TypedDocumentString(`
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
    `, {"fragmentName":"BoardRow"}) as unknown as TypedDocumentString<BoardRowFragment, unknown>;
export const BoardDetailFragmentDoc = new TypedDocumentString(`
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
}`, {"fragmentName":"BoardDetail"}) as unknown as TypedDocumentString<BoardDetailFragment, unknown>;
export const BoardProvidersDocument = new TypedDocumentString(`
    query BoardProviders {
  providers {
    name
    kind
    capabilities
  }
}
    `) as unknown as TypedDocumentString<BoardProvidersQuery, BoardProvidersQueryVariables>;
export const BoardExecutionsDocument = new TypedDocumentString(`
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
}`) as unknown as TypedDocumentString<BoardExecutionsQuery, BoardExecutionsQueryVariables>;
export const BoardFeedDocument = new TypedDocumentString(`
    subscription BoardFeed($filter: ExecutionFilter) {
  executionsFeed(filter: $filter) {
    ...BoardRow
  }
}
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
}`) as unknown as TypedDocumentString<BoardFeedSubscription, BoardFeedSubscriptionVariables>;
export const BoardExecutionDocument = new TypedDocumentString(`
    query BoardExecution($id: ID!) {
  execution(id: $id) {
    ...BoardDetail
  }
}
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
}`) as unknown as TypedDocumentString<BoardExecutionQuery, BoardExecutionQueryVariables>;
export const BoardExecutionUpdatedDocument = new TypedDocumentString(`
    subscription BoardExecutionUpdated($id: ID!) {
  executionUpdated(id: $id) {
    ...BoardDetail
  }
}
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
}`) as unknown as TypedDocumentString<BoardExecutionUpdatedSubscription, BoardExecutionUpdatedSubscriptionVariables>;
export const BoardCancelDocument = new TypedDocumentString(`
    mutation BoardCancel($id: ID!) {
  cancelExecution(id: $id) {
    ...BoardDetail
  }
}
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
}`) as unknown as TypedDocumentString<BoardCancelMutation, BoardCancelMutationVariables>;
export const BoardRetryDocument = new TypedDocumentString(`
    mutation BoardRetry($id: ID!) {
  retryExecution(id: $id) {
    ...BoardDetail
  }
}
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
}`) as unknown as TypedDocumentString<BoardRetryMutation, BoardRetryMutationVariables>;
export const BoardRateDocument = new TypedDocumentString(`
    mutation BoardRate($id: ID!, $feedback: Feedback!) {
  rateExecution(id: $id, feedback: $feedback) {
    ...BoardDetail
  }
}
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
}`) as unknown as TypedDocumentString<BoardRateMutation, BoardRateMutationVariables>;