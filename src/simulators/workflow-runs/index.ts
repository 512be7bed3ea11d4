export { createWorkflowRunsSimulator, type WorkflowRunsSimulator } from './workflow-runs-simulator.js';
export type { WorkflowRunsSimulatorOptions, WorkflowRunsSettings } from './workflow-runs-settings.js';
export type { SeedRunInput } from './workflow-runs-state.js';
export type { SeedWorkflowInput } from './workflow-runs-workflows.js';
export type { RunScript, StepDefinition, RetentionWire } from './workflow-runs-types.js';
export type { RunWire, StepWire, UsageWire } from './workflow-runs-render.js';
export type { DemoSeedSummary } from './workflow-runs-fixtures.js';
export { catalogWorkflowIds } from './workflow-runs-fixtures.js';
export { variedDateFormats, isoDateFormat, type WireDateFormat } from './workflow-runs-dates.js';
