import { readFileSync } from 'node:fs';
import { ConfigError } from './config-error.js';
import type { GatewayConfig } from './gateway-config.js';
import { parseConfig } from './parse-config.js';

/** Reads and validates the file named by GATEWAY_CONFIG; null when the variable is unset (demo mode). */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): GatewayConfig | null {
  const path = env.GATEWAY_CONFIG;
  if (path === undefined || path === '') return null;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError('GATEWAY_CONFIG', `cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new ConfigError('GATEWAY_CONFIG', `${path} is not valid JSON (${(error as Error).message})`);
  }
  return parseConfig(document, env);
}
