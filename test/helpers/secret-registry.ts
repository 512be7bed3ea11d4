/**
 * Every gateway a test starts registers its configured secrets and what it captured (log
 * lines, response bodies); test/setup/secret-hygiene.ts checks them all after each test file,
 * so across the whole run no secret may appear in a response or a log line.
 */
export interface CapturedGateway {
  secrets: readonly string[];
  logs: readonly string[];
  responses: readonly string[];
}

const registry: CapturedGateway[] = [];

export function registerCapturedGateway(captured: CapturedGateway): void {
  registry.push(captured);
}

export function capturedGateways(): readonly CapturedGateway[] {
  return registry;
}

/** Each captured text that contains one of its gateway's secrets, as "secret prefix: text start". */
export function findLeaks(gateways: readonly CapturedGateway[] = registry): string[] {
  const leaks: string[] = [];
  for (const gateway of gateways) {
    for (const secret of gateway.secrets) {
      for (const text of [...gateway.logs, ...gateway.responses]) {
        if (text.includes(secret)) leaks.push(`${secret.slice(0, 3)}…: ${text.slice(0, 200)}`);
      }
    }
  }
  return leaks;
}
