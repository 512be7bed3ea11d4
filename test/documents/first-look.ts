import { graphql } from '../gql/index.js';

export const ProvidersDocument = graphql(`
  query Providers {
    providers {
      name
      kind
      capabilities
    }
  }
`);
