import type { ProviderConfig } from '../../config/gateway-config.js';
import type { Provider } from '../provider.js';
import type { ProviderDependencies } from '../provider-registry.js';
import { WorkflowRunsProvider } from './workflow-runs-adapter.js';
import type { WorkflowRunsOperations } from './workflow-runs-operations.js';

export type {
  DiscoverStartRequest,
  RetentionChange,
  RunListRequest,
  RunListWindow,
  WorkflowRunRecord,
  WorkflowRunsOperations,
} from './workflow-runs-operations.js';
export type { WorkflowListRequest } from './workflow-catalog.js';
export { cortexCreditUnit, splitNativeId, workflowRunNativeId } from './workflow-runs-mapping.js';

/** A Cortex workflow-runs provider (config kind `workflow-runs`). */
export function createWorkflowRunsProvider(config: ProviderConfig, dependencies: ProviderDependencies): Provider {
  return new WorkflowRunsProvider(config, dependencies);
}

/** Cortex's own operations (workflow catalog, retention, discoverable runs), or null for another kind. */
export function workflowRunsOperationsOf(provider: Provider): WorkflowRunsOperations | null {
  return provider instanceof WorkflowRunsProvider ? provider : null;
}
