import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const sourceRoot = join(import.meta.dirname, '../../src');

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(directory, entry.name)) : entry.name.endsWith('.ts') ? [join(directory, entry.name)] : [],
  );
}

describe('without the OTEL_* variables no OpenTelemetry module is loaded', () => {
  it('imports OpenTelemetry in one file only, which only start-tracing.ts imports, dynamically', () => {
    const importers = new Map<string, string[]>();
    for (const file of sourceFiles(sourceRoot)) {
      const text = readFileSync(file, 'utf8');
      const name = relative(sourceRoot, file);
      if (/from '@opentelemetry\//.test(text) || /import\('@opentelemetry\//.test(text)) importers.set(name, ['@opentelemetry']);
      if (/from '\.\/otel-tracing\.js'|from '\.\.\/tracing\/otel-tracing\.js'/.test(text)) importers.set(name, [...(importers.get(name) ?? []), 'otel-tracing static']);
    }
    expect([...importers.keys()].sort()).toEqual(['tracing/otel-tracing.ts']);
    expect(readFileSync(join(sourceRoot, 'tracing/start-tracing.ts'), 'utf8')).toContain("await import('./otel-tracing.js')");
  });
});
