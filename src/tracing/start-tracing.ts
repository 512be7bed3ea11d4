import type { Tracing } from './tracing.js';

export type Env = Readonly<Record<string, string | undefined>>;

export type OtlpProtocol = 'http/protobuf' | 'http/json';

/** What the standard OTEL_* variables ask of traces. */
export interface TracingSettings {
  /** Where spans are POSTed (the signal's full URL). */
  tracesUrl: string;
  protocol: OtlpProtocol;
  serviceName: string;
}

/** A variable that asks for something runql cannot do (an OTLP protocol other than HTTP): the process must not start pretending to trace. */
export class TracingSettingsError extends Error {}

/**
 * The settings the OTEL_* variables give, or null when they ask for no traces: no endpoint
 * (`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, used as it is, or `OTEL_EXPORTER_OTLP_ENDPOINT` plus
 * `/v1/traces`), `OTEL_SDK_DISABLED=true`, or `OTEL_TRACES_EXPORTER` without `otlp`.
 */
export function tracingSettings(env: Env): TracingSettings | null {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return null;
  const exporters = env.OTEL_TRACES_EXPORTER?.split(',').map((name) => name.trim().toLowerCase()).filter(Boolean);
  if (exporters !== undefined && exporters.length > 0 && !exporters.includes('otlp')) return null;
  const tracesEndpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  const tracesUrl = tracesEndpoint ? tracesEndpoint : endpoint ? `${endpoint.replace(/\/+$/, '')}/v1/traces` : null;
  if (tracesUrl === null) return null;
  try {
    const url = new URL(tracesUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)');
  } catch {
    throw new TracingSettingsError(`${tracesEndpoint ? 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' : 'OTEL_EXPORTER_OTLP_ENDPOINT'}: must be an http(s) URL`);
  }
  const protocolVariable = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL?.trim() ? 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL' : 'OTEL_EXPORTER_OTLP_PROTOCOL';
  const protocol = env[protocolVariable]?.trim() || 'http/protobuf';
  if (protocol !== 'http/protobuf' && protocol !== 'http/json') {
    throw new TracingSettingsError(`${protocolVariable}: must be http/protobuf or http/json (runql exports over OTLP/HTTP; got "${protocol}")`);
  }
  return { tracesUrl, protocol, serviceName: env.OTEL_SERVICE_NAME?.trim() || 'runql' };
}

/**
 * Tracing as the OTEL_* variables configure it, or null without them. OpenTelemetry is
 * imported here, on demand: a gateway that does not trace loads none of it.
 */
export async function startTracing(env: Env): Promise<Tracing | null> {
  const settings = tracingSettings(env);
  if (settings === null) return null;
  const { createOtelTracing } = await import('./otel-tracing.js');
  return createOtelTracing(settings);
}
