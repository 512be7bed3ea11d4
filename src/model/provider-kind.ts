/** The upstream families runql speaks to (config `kind`). */
export const providerKinds = ['airops', 'flows', 'nested', 'workflow-runs'] as const;

export type ProviderKind = (typeof providerKinds)[number];

export function isProviderKind(value: unknown): value is ProviderKind {
  return typeof value === 'string' && (providerKinds as readonly string[]).includes(value);
}
