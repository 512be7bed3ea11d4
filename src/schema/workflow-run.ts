// WorkflowRun, Workflow and WorkflowVersion types, queries and mutations (workflow-runs adapter, issue 3).
export {};
