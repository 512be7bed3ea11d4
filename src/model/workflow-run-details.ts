/** What Cortex reports beyond the common model (filled by the workflow-runs adapter). */
export interface WorkflowRunDetails {
  workflowId: string;
}
