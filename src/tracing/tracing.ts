import type { Plugin } from 'graphql-yoga';
import type { UpstreamTracer } from '../http/upstream-instruments.js';

/**
 * OpenTelemetry tracing as the gateway sees it, with no OpenTelemetry type in sight: the
 * implementation (otel-tracing.ts) is imported only when the OTEL_* variables ask for it
 * (start-tracing.ts), so that without them no OpenTelemetry module is even loaded.
 */
export interface Tracing {
  /** For Yoga's plugins: a server span per operation, continuing an incoming `traceparent`. */
  readonly plugin: Plugin;
  /** Client spans for one provider's upstream requests. */
  upstreamTracer(provider: string): UpstreamTracer;
  /** Exports what is pending, then stops. */
  shutdown(): Promise<void>;
}
