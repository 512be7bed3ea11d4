import type * as z from 'zod';
import { ConfigError } from './config-error.js';
import { authSchema, gatewaySchema, type Env, type KeyOverride } from './config-schema.js';
import type { GatewayConfig } from './gateway-config.js';

/**
 * Validates a parsed GATEWAY_CONFIG document once, at start-up. Every problem is a ConfigError
 * naming the key, so the process can exit with one line a user can act on.
 */
export function parseConfig(document: unknown, env: Env): GatewayConfig {
  const { auth, ...settings } = parseWith(gatewaySchema(env), document, []);
  const providerNames = new Set(settings.providers.map((provider) => provider.name));
  return { ...settings, auth: parseWith(authSchema(env, providerNames), auth, ['auth']), demo: false };
}

type Path = readonly PropertyKey[];

function parseWith<Schema extends z.ZodType>(schema: Schema, value: unknown, path: Path): z.output<Schema> {
  // Each schema is made for one parse (it reads this env): compiling zod's fast path would cost more than it saves.
  const result = schema.safeParse(value, { jitless: true });
  if (result.success) return result.data;
  const { key, message } = firstProblem(result.error.issues, path);
  throw new ConfigError(key, message);
}

/**
 * The problem to report of all zod found: the first, except that an object's unknown keys come
 * before its values (zod reports them after), and of a union the alternative the value's type
 * chose (a string, or an `{ "env" }` object) speaks for it.
 */
function firstProblem(issues: readonly z.core.$ZodIssue[], base: Path): { key: string; message: string } {
  const first = issues[0]!;
  const unknownKeyOnTheWay = issues
    .filter((issue) => issue.code === 'unrecognized_keys' && startsWith(first.path, issue.path))
    .sort((a, b) => a.path.length - b.path.length)[0];
  const issue = unknownKeyOnTheWay ?? first;
  const path = [...base, ...issue.path];
  switch (issue.code) {
    case 'unrecognized_keys':
      return { key: keyName([...path, issue.keys[0]!]), message: issue.message };
    case 'invalid_union': {
      const chosen = issue.errors.find((branch) => branch.length > 0 && !branch.some((inner) => inner.code === 'invalid_type' && inner.path.length === 0));
      if (chosen) return firstProblem(chosen, path);
      break;
    }
    case 'custom': {
      const override = issue.params as Partial<KeyOverride> | undefined;
      if (typeof override?.key === 'string') return { key: override.key, message: issue.message };
      break;
    }
  }
  return { key: keyName(path), message: issue.message };
}

function startsWith(path: Path, prefix: Path): boolean {
  return prefix.length <= path.length && prefix.every((segment, index) => path[index] === segment);
}

/** `providers[1].baseUrl`; the document itself is `config`. */
function keyName(path: Path): string {
  if (path.length === 0) return 'config';
  return path.map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`)).join('');
}
