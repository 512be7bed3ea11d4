export {
  createFlowsSimulator,
  type FlowsSimulator,
  type FlowsSimulatorOptions,
  type SeedDemoOptions,
  type StartDemoRunOptions,
  type StartedRun,
  type ExecutionDataInput,
} from './flows-simulator.js';
export type {
  BrickType,
  FlowBehaviour,
  FlowDefinition,
  FlowsExecutionStatus,
  FlowsRunOutcome,
  ScriptedRun,
} from './flows-model.js';
export type { FlowInput } from './flows-fixtures.js';
export { demoFlowIds } from './flows-fixtures.js';
export type { SeedExecution, ForcedFields } from './flows-records.js';
export type { FlowsJwtClaims } from './flows-auth.js';
export type { FlowsListEnvelope } from './flows-routes.js';
export type { FlowsListOrder } from './flows-state.js';
export type { FlowsFailureMode, FlowsTimeoutMode, RunSettlement } from './flows-runner.js';
export type { TimestampStyle } from './flows-timestamps.js';
export type { FlowExecutionWire, ExecutionDataWire } from './flows-wire.js';
