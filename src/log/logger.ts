export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface LoggerOptions {
  /** Where finished lines go (default: stdout for info and below, stderr for warn and error). */
  sink?: (line: string, level: LogLevel) => void;
  level?: LogLevel;
  /** Strings that must never be written (upstream and client keys). */
  secrets?: readonly string[];
}

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
// A key in a URL's query string (AirOps' webhook `auth_token`) is redacted even when nobody
// registered it as a secret.
const secretQueryPattern = /([?&](?:auth_token|api_key|apikey|token|key)=)[^&\s"']*/gi;

/**
 * A small line logger. Every line passes through redaction last, so no caller can leak a
 * configured secret by formatting it into a message or a field.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const threshold = order[options.level ?? 'info'];
  const secrets = [...new Set(options.secrets ?? [])].filter((secret) => secret.length >= 4).sort((a, b) => b.length - a.length);
  const sink = options.sink ?? defaultSink;

  function write(level: LogLevel, message: string, fields?: Record<string, unknown>): void {
    if (order[level] < threshold) return;
    let line = `${new Date().toISOString()} ${level} ${message}`;
    if (fields) {
      for (const [key, value] of Object.entries(fields)) line += ` ${key}=${formatValue(value)}`;
    }
    sink(redact(line, secrets), level);
  }

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

function formatValue(value: unknown): string {
  if (typeof value === 'string') return /[\s"]/.test(value) ? JSON.stringify(value) : value;
  if (value instanceof Error) return JSON.stringify(value.message);
  return JSON.stringify(value) ?? String(value);
}

function defaultSink(line: string, level: LogLevel): void {
  if (order[level] >= order.warn) process.stderr.write(`${line}\n`);
  else process.stdout.write(`${line}\n`);
}

/** A logger that drops everything (library use and tests that do not read logs). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
