// NestedExecution type and its fields (nested adapter, issue 3).
export {};
