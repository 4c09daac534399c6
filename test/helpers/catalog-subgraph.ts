import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { silentLogger } from './gateway';

/** A product of the test catalog; `photo` holds only the ImageScore keys. */
export interface Product {
  id: string;
  title: string;
  photo: { projectName: string; sourceUri: string } | null;
}

/**
 * A second subgraph, as another team would own it: a catalog whose products point at images
 * by the ImageScore key alone. `resolvable: false` says this subgraph cannot resolve an
 * ImageScore itself; the router must ask the image score subgraph for every other field.
 */
export const CATALOG_TYPE_DEFS = parse(/* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.0", import: ["@key"])

  type Query {
    "The first products, in catalog order (all of them without first)."
    products(first: Int): [Product!]!
    "One product by id, or null."
    product(id: ID!): Product
  }

  "A product of the catalog."
  type Product @key(fields: "id") {
    id: ID!
    title: String!
    "The product's photo: the catalog stores only its key."
    photo: ImageScore
  }

  type ImageScore @key(fields: "projectName sourceUri", resolvable: false) {
    projectName: String!
    sourceUri: String!
  }
`);

/** A running catalog subgraph on 127.0.0.1. */
export interface RunningSubgraph {
  url: string;
  close(): Promise<void>;
}

/** Starts the catalog subgraph over `products` on a free loopback port. */
export async function startCatalogSubgraph(products: readonly Product[]): Promise<RunningSubgraph> {
  const schema = buildSubgraphSchema({
    typeDefs: CATALOG_TYPE_DEFS,
    resolvers: {
      Query: {
        products: (_source: unknown, { first }: { first?: number | null }) =>
          products.slice(0, first ?? undefined),
        product: (_source: unknown, { id }: { id: string }) => products.find((p) => p.id === id) ?? null,
      },
      Product: {
        __resolveReference: ({ id }: { id: string }) => products.find((p) => p.id === id) ?? null,
      },
    },
  });
  const server = new ApolloServer({ schema, logger: silentLogger });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return { url, close: () => server.stop() };
}
