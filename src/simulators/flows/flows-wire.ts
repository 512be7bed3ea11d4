import type { ExecutionPhase, StoredExecution, StoredExecutionData } from './flows-model.js';

/** `FlowExecutionResponse` (services/api/src/dto/execution.rs), fields in its declaration order. */
export interface FlowExecutionWire {
  flow_id: string;
  execution_id: string;
  status: string;
  started_at: string;
  completed_at?: string | null;
  input_payload: unknown;
  output_payload?: unknown;
  error?: string | null;
}

/** `ExecutionDataResponse` (services/api/src/routes/executions.rs). */
export interface ExecutionDataWire {
  id: string;
  execution_id: string;
  brick_index: number;
  brick_type: string;
  data_type: string;
  data_key: string;
  data_value: unknown;
  timestamp: string;
}

export function toExecutionWire(record: StoredExecution, phase: ExecutionPhase): FlowExecutionWire {
  const wire: FlowExecutionWire = {
    flow_id: record.flowId,
    execution_id: record.executionId,
    status: phase.status,
    started_at: record.startedAt,
    completed_at: phase.completedAt,
    input_payload: record.inputPayload,
    output_payload: phase.outputPayload,
    error: phase.error,
  };
  if (record.omitNullFields) {
    if (wire.completed_at === null) delete wire.completed_at;
    if (wire.output_payload === null) delete wire.output_payload;
    if (wire.error === null) delete wire.error;
  }
  return wire;
}

export function toDataWire(data: StoredExecutionData): ExecutionDataWire {
  return {
    id: data.id,
    execution_id: data.executionId,
    brick_index: data.brickIndex,
    brick_type: data.brickType,
    data_type: data.dataType,
    data_key: data.dataKey,
    data_value: data.dataValue,
    timestamp: data.timestamp,
  };
}

/** The webhook formats the status with Rust's `{:?}`: the variant name, PascalCase. */
export function debugStatusName(status: string): string {
  return status
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/**
 * The webhook answers with `json!({...})`; serde_json without `preserve_order` keeps object keys
 * in a BTreeMap, so they come out sorted.
 */
export function webhookBody(executionId: string, status: string, output: unknown): Record<string, unknown> {
  return { execution_id: executionId, output, status: debugStatusName(status), success: true };
}
