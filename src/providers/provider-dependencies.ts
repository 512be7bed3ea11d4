import type { UpstreamInstruments } from '../http/upstream-instruments.js';
import type { Logger } from '../log/logger.js';

/** What every adapter is built with besides its own configuration. */
export interface ProviderDependencies {
  logger: Logger;
  /** Metrics and traces for a provider's upstream requests, by provider name (absent: none). */
  upstreamInstruments?: (provider: string) => UpstreamInstruments;
}
