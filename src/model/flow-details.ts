/** What FlowMason reports beyond the common model (filled by the flows adapter). */
export interface FlowDetails {
  flowId: string;
}
