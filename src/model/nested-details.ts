/** What Zaia reports beyond the common model (filled by the nested adapter). */
export interface NestedDetails {
  responderId: string;
}
