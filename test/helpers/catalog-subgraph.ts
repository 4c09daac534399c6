import fs from 'node:fs';
import path from 'node:path';
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
 * by the ImageScore key alone (`resolvable: false`: the router must ask the image score
 * subgraph for every other field). Its SDL is the example's, so the rover config in
 * examples/supergraph composes exactly what this test runs.
 */
export const CATALOG_TYPE_DEFS = parse(
  fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'supergraph', 'catalog.graphql'), 'utf8'),
);

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
