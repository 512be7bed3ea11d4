// FlowExecution type and flow-only fields (flows adapter, issue 3).
export {};
