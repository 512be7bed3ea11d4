import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One export the receiver got: its path, content type and raw body. */
export interface OtlpExport {
  path: string;
  contentType: string | undefined;
  body: Buffer;
}

/** An OTLP/HTTP collector stand-in on 127.0.0.1: it answers every POST 200 and keeps what it got. */
export interface OtlpReceiver {
  /** `http://127.0.0.1:PORT` (OTEL_EXPORTER_OTLP_ENDPOINT). */
  url: string;
  exports: OtlpExport[];
  close(): Promise<void>;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const exports: OtlpExport[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      exports.push({ path: request.url ?? '/', contentType: request.headers['content-type'], body: Buffer.concat(chunks) });
      const json = request.headers['content-type']?.includes('json') === true;
      response.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' });
      response.end(json ? '{}' : undefined);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    exports,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A span as OTLP/JSON carries it (ids in hex). */
export interface JsonSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: Record<string, unknown> }[];
  status?: { code?: number };
}

/** Every span of the JSON exports, with its resource's service name. */
export function jsonSpans(exports: readonly OtlpExport[]): (JsonSpan & { serviceName: string | undefined })[] {
  const spans: (JsonSpan & { serviceName: string | undefined })[] = [];
  for (const entry of exports) {
    const document = JSON.parse(entry.body.toString('utf8')) as {
      resourceSpans: { resource: { attributes: JsonSpan['attributes'] }; scopeSpans: { spans: JsonSpan[] }[] }[];
    };
    for (const resourceSpans of document.resourceSpans) {
      const serviceName = resourceSpans.resource.attributes.find((attribute) => attribute.key === 'service.name')?.value.stringValue as string | undefined;
      for (const scope of resourceSpans.scopeSpans) for (const span of scope.spans) spans.push({ ...span, serviceName });
    }
  }
  return spans;
}

export function attributeOf(span: JsonSpan, key: string): unknown {
  const value = span.attributes.find((attribute) => attribute.key === key)?.value;
  return value === undefined ? undefined : Object.values(value)[0];
}
