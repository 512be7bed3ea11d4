/** What FlowMason reports beyond the common model (filled by the flows adapter). */
export interface FlowDetails {
  /** `flow_id`: the flow that ran (also the record's targetId). */
  flowId: string;
  /**
   * The native id of the failed execution this one re-ran, when runql made this execution through
   * retryExecution (FlowMason itself records no such link, so it is known only to the gateway
   * process that made the re-run).
   */
  retryOf: string | null;
}
