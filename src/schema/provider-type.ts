import type { ProviderKind } from '../model/provider-kind.js';
import { visibleProviders } from '../operations/provider-access.js';
import type { Provider } from '../providers/provider.js';
import { builder } from './builder.js';

const kindNames: Record<ProviderKind, 'AIROPS' | 'FLOWS' | 'NESTED' | 'WORKFLOW_RUNS'> = {
  airops: 'AIROPS',
  flows: 'FLOWS',
  nested: 'NESTED',
  'workflow-runs': 'WORKFLOW_RUNS',
};

export const ProviderKindEnum = builder.enumType('ProviderKind', {
  values: ['AIROPS', 'FLOWS', 'NESTED', 'WORKFLOW_RUNS'] as const,
});

export const ProviderRef = builder.objectRef<Provider>('Provider').implement({
  description: 'A configured upstream.',
  fields: (t) => ({
    name: t.exposeString('name'),
    kind: t.field({ type: ProviderKindEnum, resolve: (provider) => kindNames[provider.kind] }),
    capabilities: t.stringList({
      description: 'Operations this provider supports (get, list, start, cancel, retry, rate, children, ...).',
      resolve: (provider) => [...provider.capabilities].sort(),
    }),
    upstreamRequests: t.int({
      description: 'HTTP requests sent to this upstream since start-up, retries included.',
      resolve: (provider) => provider.stats().upstreamRequests,
    }),
  }),
});

builder.queryFields((t) => ({
  providers: t.field({
    type: [ProviderRef],
    description: 'The providers this client may use.',
    resolve: (_root, _args, context) => visibleProviders(context),
  }),
}));
