import type { ExecutionStatus } from '../../../src/model/execution-status.js';
import type { ProviderKind } from '../../../src/model/provider-kind.js';
import type { Provider } from '../../../src/providers/provider.js';
import type { ManualClock, SimulatorServer } from '../../../src/simulators/kit/index.js';
import type { GatewayHarness } from '../../helpers/gateway-harness.js';

/** One native status the upstream may send, on an execution seeded in it. */
export interface StatusCase {
  nativeId: string;
  nativeStatus: string;
  status: ExecutionStatus;
  isTerminal: boolean;
}

/** A route of the simulator, as its request counters name it (`METHOD`, template). */
export interface CountedRoute {
  method: string;
  template: string;
}

export type MutationName = 'startExecution' | 'cancelExecution' | 'retryExecution' | 'rateExecution';

/**
 * What the shared conformance suite needs from one upstream kind: a simulator on a manual
 * clock, the production gateway configured for it, and fixtures. Everything is driven through
 * GraphQL over loopback (and the provider's own list for the "walked once" check).
 */
export interface ConformanceStack {
  kind: ProviderKind;
  /** The provider name in the gateway's config. */
  providerName: string;
  gateway: GatewayHarness;
  /** The provider instance the gateway uses (for listing through the provider interface). */
  provider: Provider;
  server: SimulatorServer;
  clock: ManualClock;
  /** One seeded execution per native status the upstream documents or plausibly sends, plus an unknown one. */
  statusCases: StatusCase[];
  /** A well-formed native id no execution has. */
  missingNativeId: string;
  /** The route a read of one execution hits (faults are injected there). */
  getRoute: CountedRoute;
  /** Every native id the provider lists with no filter (seeded), for the walk-to-the-end check. */
  listedNativeIds: string[];
  /** The routes listing hits, to count list calls. */
  listRoutes: CountedRoute[];
  /** Start input for a start that the suite makes fail (absent when the provider cannot start). */
  start?: { target: string; inputs: unknown; route: CountedRoute };
  /** Mutations this provider does not support (each must answer NOT_SUPPORTED before any call). */
  unsupported: MutationName[];
  /** A gateway for the same simulator but with a wrong upstream key (401 → UPSTREAM_ERROR). */
  gatewayWithWrongKey(): Promise<GatewayHarness>;
  close(): Promise<void>;
}

export interface ConformanceDriver {
  kind: ProviderKind;
  start(): Promise<ConformanceStack>;
}
