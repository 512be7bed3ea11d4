import type { OperationTypeNode } from 'graphql';
import { Gauge, Registry } from 'prom-client';
import type { UpstreamRequestMeter } from '../http/upstream-instruments.js';
import type { LiveStats } from '../live/live-stats.js';
import type { ProviderStats } from '../providers/provider.js';
import { FixedCounter, FixedHistogram, type CounterSeries } from './fixed-series.js';
import { processMetrics } from './process-metrics.js';
import { ProviderRequestMeter } from './upstream-request-meter.js';

/** Seconds; upstream calls range from a cached millisecond to AirOps' synchronous runs. */
const durationBounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

const circuitStates = { CLOSED: 0, OPEN: 1, HALF_OPEN: 2 } as const;

/** Open subscriptions a transport holds that the metrics cannot see themselves (the server's routes), read at scrape time. */
export interface SubscriptionCounts {
  /** Lean GraphQL-over-SSE streams (src/sse/event-stream-route.ts). */
  sse(): number;
  /** graphql-ws subscriptions (src/server/web-socket.ts). */
  ws(): number;
}

type OperationType = 'query' | 'mutation' | 'subscription';

/** The pre-made series of `runql_graphql_operations_total`, by type and outcome. */
export type OperationSeries = Readonly<Record<OperationType, { ok: CounterSeries; error: CounterSeries }>>;

export interface GatewayMetricsOptions {
  /** Configured provider names: the only values the `provider` label takes. */
  providerNames: readonly string[];
  /** Read at scrape time: a provider's circuit. */
  providerStats(provider: string): ProviderStats | undefined;
  /** Read at scrape time: what the live hub watches. */
  liveStats(): LiveStats;
}

/**
 * What `/metrics` shows of one gateway. Counters live where the facts are: the HTTP layer counts
 * its requests through the meters made here (upstreamMeter), the operation plugin counts
 * operations and the SSE streams Yoga and the single connection mode serve; the live gauges
 * and circuit states are read from the live hub, the providers and the server's routes when
 * scraped. No label takes a value a client or an upstream chose: providers come from the
 * configuration, everything else from fixed sets.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly operations: OperationSeries;
  /** SSE subscriptions served through envelop's subscribe as streams (Yoga's SSE, the single connection mode): the plugin counts them. */
  streamedSseSubscriptions = 0;
  readonly #requests = new FixedCounter('runql_upstream_requests_total', 'HTTP requests sent to upstreams, by provider and outcome (one per request, retries included).');
  readonly #duration = new FixedHistogram('runql_upstream_request_duration_seconds', 'Duration of HTTP requests sent to upstreams, by provider.', durationBounds);
  readonly #meters = new Map<string, ProviderRequestMeter>();
  #subscriptionCounts: SubscriptionCounts | null = null;

  constructor(options: GatewayMetricsOptions) {
    // Started now, so the first scrape already has event-loop lag and GC figures.
    processMetrics();
    const providerNames = [...new Set(options.providerNames)];
    for (const provider of providerNames) this.upstreamMeter(provider);
    const operationsTotal = new FixedCounter('runql_graphql_operations_total', 'GraphQL operations executed or subscribed, by type and outcome.');
    const byOutcome = (type: OperationType) => ({ ok: operationsTotal.series({ type, outcome: 'ok' }), error: operationsTotal.series({ type, outcome: 'error' }) });
    this.operations = { query: byOutcome('query'), mutation: byOutcome('mutation'), subscription: byOutcome('subscription') };
    // prom-client's Registry formats any object with a name and get(); its types list only its own classes.
    this.registry.registerMetric(this.#requests as never);
    this.registry.registerMetric(this.#duration as never);
    this.registry.registerMetric(operationsTotal as never);

    const metrics = this;
    new Gauge({
      name: 'runql_live_subscriptions',
      help: 'Open subscriptions, by transport.',
      labelNames: ['transport'],
      registers: [this.registry],
      collect() {
        const counts = metrics.#subscriptionCounts;
        this.set({ transport: 'sse' }, (counts?.sse() ?? 0) + metrics.streamedSseSubscriptions);
        this.set({ transport: 'ws' }, counts?.ws() ?? 0);
      },
    });
    new Gauge({
      name: 'runql_live_watched_executions',
      help: 'Executions the live poller watches now, by provider.',
      labelNames: ['provider'],
      registers: [this.registry],
      collect() {
        const watched = new Map(options.liveStats().providers.map((stats) => [stats.provider, stats.watchedExecutions]));
        for (const provider of providerNames) this.set({ provider }, watched.get(provider) ?? 0);
      },
    });
    new Gauge({
      name: 'runql_circuit_state',
      help: "Each provider's circuit breaker: 0 closed, 1 open, 2 half-open.",
      labelNames: ['provider'],
      registers: [this.registry],
      collect() {
        for (const provider of providerNames) {
          const state = options.providerStats(provider)?.circuit?.state;
          this.set({ provider }, circuitStates[state ?? 'CLOSED']);
        }
      },
    });
  }

  /** The meter of one configured provider's upstream requests. */
  upstreamMeter(provider: string): UpstreamRequestMeter {
    let meter = this.#meters.get(provider);
    if (meter === undefined) {
      meter = new ProviderRequestMeter(provider, this.#requests, this.#duration);
      this.#meters.set(provider, meter);
    }
    return meter;
  }

  /** The server's routes, whose open subscriptions are read at each scrape. */
  countSubscriptions(counts: SubscriptionCounts): void {
    this.#subscriptionCounts = counts;
  }

  operationEnded(type: OperationTypeNode | undefined, failed: boolean): void {
    if (type === undefined) return;
    const series = this.operations[type];
    (failed ? series.error : series.ok).inc();
  }

  /** The Prometheus text exposition: this gateway's families, then the process's. */
  async exposition(): Promise<string> {
    const [own, process] = await Promise.all([this.registry.metrics(), processMetrics().metrics()]);
    return `${own}\n${process}`;
  }

  readonly contentType = Registry.PROMETHEUS_CONTENT_TYPE;
}
