import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * schema.graphql is printed from the Pothos schema first (scripts/print-schema.ts); this
 * generates typed documents for the operations the tests send, so a schema change that breaks
 * a client operation fails type checking.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['test/documents/**/*.ts'],
  ignoreNoDocuments: true,
  generates: {
    'test/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { emitLegacyCommonJSImports: false, useTypeImports: true, enumsAsTypes: true, scalars: { DateTime: 'string', JSON: 'unknown' } },
    },
  },
};

export default config;
