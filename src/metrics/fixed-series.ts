/**
 * Metric families whose every series is made once, when the gateway starts, and then counted
 * with plain number additions: prom-client's own children hash their labels into a string on
 * every increment, and these are counted on the request path. prom-client's Registry formats
 * them at scrape time through `get()`, as it does its own metrics.
 */

type Labels = Readonly<Record<string, string>>;

interface SeriesValue {
  value: number;
  labels: Labels;
  metricName?: string;
}

interface FamilySnapshot {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  aggregator: 'sum';
  values: SeriesValue[];
}

/** One series of a FixedCounter. */
export class CounterSeries {
  value = 0;
  readonly labels: Labels;

  constructor(labels: Labels) {
    this.labels = labels;
  }

  inc(): void {
    this.value += 1;
  }
}

export class FixedCounter {
  readonly name: string;
  readonly help: string;
  readonly type = 'counter';
  readonly aggregator = 'sum';
  #series: CounterSeries[] = [];

  constructor(name: string, help: string) {
    this.name = name;
    this.help = help;
  }

  /** A new series; call only with label values from a fixed set (never a client's or an upstream's). */
  series(labels: Labels): CounterSeries {
    const series = new CounterSeries(labels);
    this.#series.push(series);
    return series;
  }

  get(): FamilySnapshot {
    return { name: this.name, help: this.help, type: 'counter', aggregator: 'sum', values: this.#series.map(({ value, labels }) => ({ value, labels })) };
  }
}

/** One series of a FixedHistogram: bucket counts (not cumulative until scraped), sum and count. */
export class HistogramSeries {
  readonly labels: Labels;
  readonly #bounds: readonly number[];
  readonly #buckets: number[];
  #sum = 0;
  #count = 0;

  constructor(labels: Labels, bounds: readonly number[]) {
    this.labels = labels;
    this.#bounds = bounds;
    this.#buckets = new Array<number>(bounds.length + 1).fill(0);
  }

  observe(value: number): void {
    const bounds = this.#bounds;
    let index = 0;
    while (index < bounds.length && value > bounds[index]!) index += 1;
    this.#buckets[index]! += 1;
    this.#sum += value;
    this.#count += 1;
  }

  values(name: string): SeriesValue[] {
    const values: SeriesValue[] = [];
    let cumulative = 0;
    for (let index = 0; index <= this.#bounds.length; index += 1) {
      cumulative += this.#buckets[index]!;
      const le = index < this.#bounds.length ? String(this.#bounds[index]) : '+Inf';
      values.push({ metricName: `${name}_bucket`, labels: { ...this.labels, le }, value: cumulative });
    }
    values.push({ metricName: `${name}_sum`, labels: this.labels, value: this.#sum });
    values.push({ metricName: `${name}_count`, labels: this.labels, value: this.#count });
    return values;
  }
}

export class FixedHistogram {
  readonly name: string;
  readonly help: string;
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  readonly #bounds: readonly number[];
  #series: HistogramSeries[] = [];

  constructor(name: string, help: string, bounds: readonly number[]) {
    this.name = name;
    this.help = help;
    this.#bounds = bounds;
  }

  series(labels: Labels): HistogramSeries {
    const series = new HistogramSeries(labels, this.#bounds);
    this.#series.push(series);
    return series;
  }

  get(): FamilySnapshot {
    return { name: this.name, help: this.help, type: 'histogram', aggregator: 'sum', values: this.#series.flatMap((series) => series.values(this.name)) };
  }
}
