import type { ProviderConfig } from '../../config/gateway-config.js';
import type { Provider } from '../provider.js';
import type { ProviderDependencies } from '../provider-registry.js';
import { WorkflowRunsProvider } from './workflow-runs-adapter.js';

export { cortexCreditUnit, splitNativeId, workflowRunNativeId } from './workflow-runs-mapping.js';

/** A Cortex workflow-runs provider (config kind `workflow-runs`). */
export function createWorkflowRunsProvider(config: ProviderConfig, dependencies: ProviderDependencies): Provider {
  return new WorkflowRunsProvider(config, dependencies);
}
