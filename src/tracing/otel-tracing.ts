import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span, type TextMapGetter, type Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtobufTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { getOperationAST, type ExecutionArgs, type OperationTypeNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { UpstreamOutcome, UpstreamSpan, UpstreamTracer } from '../http/upstream-instruments.js';
import type { TracingSettings } from './start-tracing.js';
import type { Tracing } from './tracing.js';

/** Operation names are the client's: a span keeps at most this much of one. */
const maxOperationName = 100;

/**
 * The OpenTelemetry side of tracing (loaded only when configured): a NodeTracerProvider with
 * one OTLP/HTTP exporter (protobuf or JSON) behind a batch processor, and the async-hooks
 * context manager it registers, so that an upstream request made while an operation executes
 * is a child of that operation's span. Spans carry provider names, HTTP methods, statuses and
 * paths; never a key, a query string or a body.
 */
export function createOtelTracing(settings: TracingSettings): Tracing {
  const exporter = settings.protocol === 'http/json' ? new JsonTraceExporter({ url: settings.tracesUrl }) : new ProtobufTraceExporter({ url: settings.tracesUrl });
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': settings.serviceName }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  // The context manager (AsyncLocalStorage) is what carries an operation's span to its upstream calls.
  provider.register();
  const tracer = provider.getTracer('runql');
  return {
    plugin: operationSpans(tracer),
    upstreamTracer: (providerName) => new OtelUpstreamTracer(tracer, providerName),
    shutdown: () => provider.shutdown(),
  };
}

const propagator = new W3CTraceContextPropagator();

const headerGetter: TextMapGetter<Readonly<Record<string, string | undefined>>> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key],
};

interface HeaderSource {
  get?(name: string): string | null;
  [name: string]: unknown;
}

/**
 * The incoming trace context of an operation, from the initial context its transport made:
 * Yoga's fetch Request, the WebSocket upgrade request (`req`), or the `traceparent` the SSE
 * routes copy from their request.
 */
function parentContext(initial: unknown): Context {
  const source = initial as { request?: { headers?: HeaderSource }; req?: { headers?: HeaderSource }; traceparent?: string; tracestate?: string } | undefined;
  const carrier: Record<string, string | undefined> = { traceparent: source?.traceparent, tracestate: source?.tracestate };
  const headers = source?.request?.headers ?? source?.req?.headers;
  if (carrier.traceparent === undefined && headers !== undefined) {
    carrier.traceparent = headerValue(headers, 'traceparent');
    carrier.tracestate = headerValue(headers, 'tracestate');
  }
  return carrier.traceparent === undefined ? ROOT_CONTEXT : propagator.extract(ROOT_CONTEXT, carrier, headerGetter);
}

function headerValue(headers: HeaderSource, name: string): string | undefined {
  const value = typeof headers.get === 'function' ? headers.get(name) : headers[name];
  return typeof value === 'string' ? value : undefined;
}

function operationOf(args: ExecutionArgs): { type: OperationTypeNode | undefined; name: string | undefined } {
  const operation = getOperationAST(args.document, args.operationName);
  return { type: operation?.operation, name: operation?.name?.value.slice(0, maxOperationName) };
}

function describeOperation(span: Span, args: ExecutionArgs): void {
  const { type, name } = operationOf(args);
  if (type !== undefined) span.setAttribute('graphql.operation.type', type);
  if (name !== undefined) span.setAttribute('graphql.operation.name', name);
  span.updateName(`graphql ${type ?? 'operation'}${name === undefined ? '' : ` ${name}`}`);
}

function endWithResult(span: Span, result: unknown): void {
  const errors = (result as { errors?: readonly unknown[] } | null | undefined)?.errors;
  if (errors !== undefined && errors.length > 0) span.setStatus({ code: SpanStatusCode.ERROR, message: 'the result has errors' });
}

/**
 * One server span per operation. A query or mutation runs inside its span (so that its upstream
 * requests are children of it); a subscription's span covers its start, not its life: the
 * live poller's requests belong to no one subscriber, and they must not join the trace of
 * whichever subscription came first.
 */
function operationSpans(tracer: Tracer): Plugin {
  const executeHooks = {
    onExecuteDone({ result }: { result: unknown }): void {
      const span = trace.getActiveSpan();
      if (span !== undefined) endWithResult(span, result);
    },
  };
  return {
    instrumentation: {
      execute({ context: initial }, wrapped) {
        const parent = parentContext(initial);
        const span = tracer.startSpan('graphql operation', { kind: SpanKind.SERVER }, parent);
        let ended: unknown;
        try {
          ended = context.with(trace.setSpan(parent, span), wrapped);
        } catch (error) {
          span.setStatus({ code: SpanStatusCode.ERROR });
          span.end();
          throw error;
        }
        if (ended instanceof Promise) {
          return ended.finally(() => span.end());
        }
        span.end();
        return ended as void;
      },
    },
    onExecute({ args }) {
      const span = trace.getActiveSpan();
      if (span !== undefined) describeOperation(span, args as ExecutionArgs);
      return executeHooks;
    },
    onSubscribe({ args }) {
      const span = tracer.startSpan('graphql subscription', { kind: SpanKind.SERVER }, parentContext(args.contextValue));
      describeOperation(span, args as ExecutionArgs);
      return {
        onSubscribeResult({ result }) {
          endWithResult(span, result);
          span.end();
        },
        onSubscribeError() {
          span.setStatus({ code: SpanStatusCode.ERROR });
          span.end();
        },
      };
    },
  };
}

/** Client spans of one provider's upstream requests, children of the operation that makes them (if any). */
class OtelUpstreamTracer implements UpstreamTracer {
  readonly #tracer: Tracer;
  readonly #provider: string;

  constructor(tracer: Tracer, provider: string) {
    this.#tracer = tracer;
    this.#provider = provider;
  }

  start(method: string, path: string): UpstreamSpan {
    const span = this.#tracer.startSpan(
      `${method} ${this.#provider}`,
      { kind: SpanKind.CLIENT, attributes: { 'http.request.method': method, 'url.path': path, 'runql.provider': this.#provider } },
      context.active(),
    );
    return new OtelUpstreamSpan(span);
  }
}

class OtelUpstreamSpan implements UpstreamSpan {
  readonly traceparent: string;
  readonly #span: Span;

  constructor(span: Span) {
    this.#span = span;
    const { traceId, spanId, traceFlags } = span.spanContext();
    this.traceparent = `00-${traceId}-${spanId}-${(traceFlags & 1) === 1 ? '01' : '00'}`;
  }

  end(outcome: UpstreamOutcome, status: number | undefined): void {
    if (status !== undefined) this.#span.setAttribute('http.response.status_code', status);
    this.#span.setAttribute('runql.upstream.outcome', outcome);
    if (outcome !== 'ok') this.#span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
    this.#span.end();
  }
}
