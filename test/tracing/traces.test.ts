import { afterEach, describe, expect, it } from 'vitest';
import { executionGlobalId } from '../../src/model/global-id.js';
import { createAiropsSimulator, type AiropsSimulator } from '../../src/simulators/airops/index.js';
import { startTracing, tracingSettings, TracingSettingsError } from '../../src/tracing/start-tracing.js';
import { airopsKey } from '../helpers/airops-stack.js';
import { createLiveClient } from '../helpers/live-clients.js';
import { attributeOf, jsonSpans, startOtlpReceiver, type OtlpReceiver } from '../helpers/otlp-receiver.js';
import { startRecordingProxy, type RecordingProxy } from '../helpers/recording-proxy.js';
import { startSimulatorStack, type SimulatorStack } from '../helpers/simulator-stack.js';

const incomingTraceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const incomingSpanId = '00f067aa0ba902b7';
const traceparent = `00-${incomingTraceId}-${incomingSpanId}-01`;

let receiver: OtlpReceiver | undefined;
let stack: SimulatorStack<AiropsSimulator> | undefined;
let proxy: RecordingProxy | undefined;

/** Closing the gateway flushes its spans to the receiver. */
async function closeStack(): Promise<void> {
  const open = stack;
  stack = undefined;
  await open?.close();
}

afterEach(async () => {
  await closeStack();
  await receiver?.close();
  stack = undefined;
  receiver = undefined;
  proxy = undefined;
});

async function tracedStack(env: Record<string, string>): Promise<{ stack: SimulatorStack<AiropsSimulator>; uuid: string; running: string }> {
  receiver = await startOtlpReceiver();
  let uuid = '';
  let running = '';
  stack = await startSimulatorStack(
    {
      simulator: (clock) => createAiropsSimulator({ clock, apiKeys: [airopsKey], seed: 5 }),
      providers: (simulator) => {
        const app = simulator.addApp({ name: 'traced' });
        uuid = simulator.addExecution({ app: app.id, status: 'success' }).uuid;
        running = simulator.addExecution({ app: app.id, status: 'running' }).uuid;
        return [{ name: 'airops', kind: 'airops', apiKey: airopsKey, timeoutMs: 2000 }];
      },
      front: async (target) => (proxy = await startRecordingProxy(target)),
    },
    { config: { cache: { finishedTtlMs: 0 } }, harness: { tracingEnv: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, ...env } } },
  );
  return { stack, uuid, running };
}

describe('OpenTelemetry traces', () => {
  it('exports a server span continuing the incoming traceparent and a client span whose traceparent the upstream receives (http/json)', async () => {
    const { stack, uuid, running } = await tracedStack({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_SERVICE_NAME: 'runql-under-test' });
    const answer = await stack.gateway.graphql(`query ReadOne($id: ID!) { execution(id: $id) { status } }`, { id: executionGlobalId('airops', uuid) }, { traceparent });
    expect(answer.body).toEqual({ data: { execution: { status: 'SUCCEEDED' } } });
    const live = createLiveClient('ws', stack.gateway.url);
    const subscription = live.subscribe(`subscription Watch($id: ID!) { executionUpdated(id: $id) { status } }`, { id: executionGlobalId('airops', running) });
    await subscription.waitForResults(1);
    subscription.unsubscribe();
    await live.close();
    const upstreamRead = proxy!.to(`/public_api/airops_apps/executions/${uuid}`, 'GET')[0]!;
    await closeStack();
    const exported = receiver!.exports;
    expect(exported.length).toBeGreaterThan(0);
    for (const entry of exported) {
      expect(entry.path).toBe('/v1/traces');
      expect(entry.contentType).toBe('application/json');
    }
    const spans = jsonSpans(exported);
    const server = spans.find((span) => span.name === 'graphql query ReadOne')!;
    expect(server).toBeDefined();
    expect(server.serviceName).toBe('runql-under-test');
    expect(server.kind).toBe(2);
    expect(server.traceId).toBe(incomingTraceId);
    expect(server.parentSpanId).toBe(incomingSpanId);
    expect(attributeOf(server, 'graphql.operation.type')).toBe('query');

    const client = spans.find((span) => span.kind === 3 && span.traceId === incomingTraceId)!;
    expect(client).toBeDefined();
    expect(client.parentSpanId).toBe(server.spanId);
    expect(attributeOf(client, 'runql.provider')).toBe('airops');
    expect(attributeOf(client, 'http.request.method')).toBe('GET');
    expect(attributeOf(client, 'url.path')).toBe(`/public_api/airops_apps/executions/${uuid}`);
    expect(Number(attributeOf(client, 'http.response.status_code'))).toBe(200);
    expect(upstreamRead.headers.traceparent).toBe(`00-${incomingTraceId}-${client.spanId}-01`);

    const subscribed = spans.find((span) => span.name === 'graphql subscription Watch');
    expect(subscribed?.kind).toBe(2);
    // Nothing secret in any export.
    for (const entry of exported) expect(entry.body.toString('utf8')).not.toContain(airopsKey);
  });

  it('exports over http/protobuf by default', async () => {
    const { stack, uuid } = await tracedStack({});
    await stack.gateway.graphql(`query ReadProto($id: ID!) { execution(id: $id) { status } }`, { id: executionGlobalId('airops', uuid) }, { traceparent });
    await closeStack();
    const exported = receiver!.exports;
    expect(exported.length).toBeGreaterThan(0);
    const body = Buffer.concat(exported.map((entry) => entry.body));
    for (const entry of exported) expect(entry.contentType).toBe('application/x-protobuf');
    // Protobuf keeps strings verbatim and trace ids as their 16 bytes.
    expect(body.includes(Buffer.from('graphql query ReadProto'))).toBe(true);
    expect(body.includes(Buffer.from('GET airops'))).toBe(true);
    expect(body.includes(Buffer.from(incomingTraceId, 'hex'))).toBe(true);
    expect(body.includes(Buffer.from(airopsKey))).toBe(false);
  });

  it('is off without the variables, and refuses a protocol it cannot speak', async () => {
    expect(tracingSettings({})).toBeNull();
    expect(await startTracing({})).toBeNull();
    expect(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1', OTEL_SDK_DISABLED: 'true' })).toBeNull();
    expect(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1', OTEL_TRACES_EXPORTER: 'none' })).toBeNull();
    expect(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1/' })).toEqual({ tracesUrl: 'http://127.0.0.1:1/v1/traces', protocol: 'http/protobuf', serviceName: 'runql' });
    expect(tracingSettings({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:1/custom', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://x' })?.tracesUrl).toBe('http://127.0.0.1:1/custom');
    expect(() => tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toThrow(TracingSettingsError);
    expect(() => tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toThrow(/OTEL_EXPORTER_OTLP_PROTOCOL/);
  });
});
