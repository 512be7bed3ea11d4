import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // graphql 16 has no `exports`: without this alias Vite loads index.mjs while Pothos and
    // Yoga (loaded natively by Node) get index.js, and schemas cross "realms".
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    expect: { requireAssertions: true },
    setupFiles: ['test/setup/secret-hygiene.ts'],
    // CI (.ci/run) reads the JSON report for its last line; the default reporter is for people.
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-results.json' },
  },
});
