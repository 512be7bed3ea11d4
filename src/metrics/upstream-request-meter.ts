import { upstreamOutcomes, type UpstreamOutcome, type UpstreamRequestMeter } from '../http/upstream-instruments.js';
import type { CounterSeries, FixedCounter, FixedHistogram, HistogramSeries } from './fixed-series.js';

/** One provider's upstream requests: a series per outcome and its duration histogram, all made up front. */
export class ProviderRequestMeter implements UpstreamRequestMeter {
  readonly #byOutcome: Record<UpstreamOutcome, CounterSeries>;
  readonly #duration: HistogramSeries;

  constructor(provider: string, requests: FixedCounter, duration: FixedHistogram) {
    this.#byOutcome = Object.fromEntries(upstreamOutcomes.map((outcome) => [outcome, requests.series({ provider, outcome })])) as Record<UpstreamOutcome, CounterSeries>;
    this.#duration = duration.series({ provider });
  }

  ended(outcome: UpstreamOutcome, startedAt: number): void {
    this.#byOutcome[outcome].inc();
    this.#duration.observe((performance.now() - startedAt) / 1000);
  }
}
