import { describe, expect, it } from 'vitest';
import { createLogger, type LogLevel } from '../../src/log/logger.js';

function capture(level: LogLevel = 'debug', secrets: string[] = []) {
  const lines: { line: string; level: LogLevel }[] = [];
  const logger = createLogger({ level, secrets, sink: (line, lineLevel) => lines.push({ line, level: lineLevel }) });
  return { logger, lines, entries: () => lines.map(({ line }) => JSON.parse(line) as Record<string, unknown>) };
}

describe('the logger', () => {
  it('writes one JSON object per line: level, time, then the fields and msg', () => {
    const { logger, lines, entries } = capture();
    logger.info('provider airops', { kind: 'airops', requestId: 'r-1' });
    expect(lines).toHaveLength(1);
    expect(lines[0]!.line).not.toContain('\n');
    const [entry] = entries();
    expect(Object.keys(entry!)).toEqual(['level', 'time', 'kind', 'requestId', 'msg']);
    expect(entry).toMatchObject({ level: 'info', kind: 'airops', requestId: 'r-1', msg: 'provider airops' });
    expect(new Date(entry!.time as string).toISOString()).toBe(entry!.time);
  });

  it('keeps below its level quiet and tells the sink each line’s level', () => {
    const { logger, lines } = capture('warn');
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    expect(lines.map(({ level }) => level)).toEqual(['warn', 'error']);
  });

  it('scrubs configured secrets wherever they are, JSON-escaped ones too, and keys in query strings', () => {
    const secret = 'se"cret\\key-42';
    const { logger, lines } = capture('debug', [secret, 'plain-secret-7']);
    logger.error(`failed with ${secret}`, { header: `Bearer plain-secret-7`, nested: { value: secret }, url: 'https://x/hook?auth_token=abc123&x=1', error: new Error(`boom plain-secret-7`) });
    const text = lines.map(({ line }) => line).join('\n');
    expect(text).not.toContain('plain-secret-7');
    expect(text).not.toContain(JSON.stringify(secret).slice(1, -1));
    expect(text).not.toContain('abc123');
    const entry = JSON.parse(lines[0]!.line) as Record<string, unknown>;
    expect(entry).toMatchObject({ header: 'Bearer [redacted]', nested: { value: '[redacted]' }, url: 'https://x/hook?auth_token=[redacted]&x=1', error: 'boom [redacted]' });
  });
});
