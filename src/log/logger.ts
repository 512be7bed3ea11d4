import { pino, stdTimeFunctions } from 'pino';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface LoggerOptions {
  /** Where finished lines go, without their newline (default: stdout for info and below, stderr for warn and error). */
  sink?: (line: string, level: LogLevel) => void;
  level?: LogLevel;
  /** Strings that must never be written (upstream and client keys, the metrics token). */
  secrets?: readonly string[];
}

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
// A key in a URL's query string (AirOps' webhook `auth_token`) is redacted even when nobody
// registered it as a secret.
const secretQueryPattern = /([?&](?:auth_token|api_key|apikey|token|key)=)[^&\s"'\\]*/gi;

/**
 * One JSON object per line (pino): `level`, `time` (ISO 8601), `msg`, then the fields (a
 * request's `requestId` among them). Every finished line passes through redaction last, so
 * no caller can leak a configured secret by formatting it into a message or a field: pino's
 * own `redact` only covers known paths.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = secretForms(options.secrets ?? []);
  const sink = options.sink ?? defaultSink;
  // pino writes synchronously inside the call: the level being written is the one just called.
  let writing: LogLevel = 'info';
  const destination = {
    write(chunk: string): void {
      sink(redact(chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk, secrets), writing);
    },
  };
  const base = pino(
    {
      level: options.level ?? 'info',
      base: undefined,
      timestamp: stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
  const write = (level: LogLevel, message: string, fields?: Record<string, unknown>): void => {
    if (!base.isLevelEnabled(level)) return;
    writing = level;
    if (fields === undefined) base[level](message);
    else base[level](plainFields(fields), message);
  };
  return {
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
  };
}

export function redact(text: string, secrets: readonly string[]): string {
  let result = text.replace(secretQueryPattern, '$1[redacted]');
  for (const secret of secrets) {
    if (result.includes(secret)) result = result.split(secret).join('[redacted]');
  }
  return result;
}

/** Each secret as written and as it appears inside a JSON string (quotes, backslashes, control characters escaped), longest first. */
function secretForms(secrets: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    forms.add(secret);
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

/** An Error field is its message (a stack or a cause is never written whole). */
function plainFields(fields: Record<string, unknown>): Record<string, unknown> {
  let plain: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(fields)) {
    if (value instanceof Error) (plain ??= { ...fields })[key] = value.message;
  }
  return plain ?? fields;
}

function defaultSink(line: string, level: LogLevel): void {
  if (order[level] >= order.warn) process.stderr.write(`${line}\n`);
  else process.stdout.write(`${line}\n`);
}

/** A logger that drops everything (library use and tests that do not read logs). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
