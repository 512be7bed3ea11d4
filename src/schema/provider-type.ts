import type { CircuitSnapshot } from '../http/circuit-breaker.js';
import type { ProviderKind } from '../model/provider-kind.js';
import { visibleProviders } from '../operations/provider-access.js';
import type { Provider } from '../providers/provider.js';
import { capabilitiesOf } from '../providers/provider-capabilities.js';
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

const CircuitStateEnum = builder.enumType('CircuitState', { values: ['CLOSED', 'OPEN', 'HALF_OPEN'] as const });

const CircuitRef = builder.objectRef<CircuitSnapshot>('Circuit').implement({
  description: "The provider's circuit breaker: OPEN fails fast after consecutive upstream failures, HALF_OPEN lets one probe through.",
  fields: (t) => ({
    state: t.field({ type: CircuitStateEnum, resolve: (circuit) => circuit.state }),
    consecutiveFailures: t.exposeInt('consecutiveFailures'),
    openedAt: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (circuit) => (circuit.openedAt === null ? null : new Date(circuit.openedAt).toISOString()),
    }),
  }),
});

export const ProviderRef = builder.objectRef<Provider>('Provider').implement({
  description: 'A configured upstream.',
  fields: (t) => ({
    name: t.exposeString('name'),
    kind: t.field({ type: ProviderKindEnum, resolve: (provider) => kindNames[provider.kind] }),
    capabilities: t.stringList({
      description: 'Operations this provider supports (get, list, start, cancel, retry, rate, children, ...).',
      resolve: (provider) => capabilitiesOf(provider),
    }),
    circuit: t.field({ type: CircuitRef, nullable: true, resolve: (provider) => provider.stats().circuit ?? null }),
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
