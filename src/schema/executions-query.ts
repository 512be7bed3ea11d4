// The merged `executions` listing (issue 5).
export {};
