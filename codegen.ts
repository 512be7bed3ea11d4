import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * schema.graphql is printed from the Pothos schema first (scripts/print-schema.ts); this
 * generates typed documents for the operations the tests send, and for the board's (sent as
 * strings, so the page bundles no GraphQL library), so a schema change that breaks a client
 * operation fails type checking. Operation names are unique across both.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  ignoreNoDocuments: true,
  generates: {
    'board/src/gql/': {
      preset: 'client',
      documents: ['board/src/**/*.ts', 'board/src/**/*.tsx', '!board/src/gql/**'],
      presetConfig: { fragmentMasking: false },
      config: { documentMode: 'string', useTypeImports: true, enumsAsTypes: true, scalars: { DateTime: 'string', JSON: 'unknown' } },
    },
    'test/gql/': {
      preset: 'client',
      documents: ['test/documents/**/*.ts'],
      presetConfig: { fragmentMasking: false },
      config: { emitLegacyCommonJSImports: false, useTypeImports: true, enumsAsTypes: true, scalars: { DateTime: 'string', JSON: 'unknown' } },
    },
  },
};

export default config;
