import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import fastifyApollo from '@as-integrations/fastify';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import Fastify from 'fastify';
import mercurius from 'mercurius';

/** The gateway's `imageScore` shape, without its resolvers: what every bare server answers. */
export const BARE_TYPE_DEFS = /* GraphQL */ `
  type ImageScore { projectName: String! sourceUri: String! overallQualityScore: Float! requestId: String! }
  type Query { imageScore(projectName: String!, sourceUri: String!): ImageScore }
`;

/** A constant resolver: the bare servers measure the HTTP and GraphQL stack, not scoring. */
export const BARE_RESOLVERS = {
  Query: {
    imageScore: (_root: unknown, args: { projectName: string; sourceUri: string }) => ({
      ...args,
      overallQualityScore: 0.5,
      requestId: 'constant',
    }),
  },
};

/** A bare server listening on 127.0.0.1. */
export interface BareServer {
  url: string;
  close(): Promise<void>;
}

const graphqlUrl = (port: number) => `http://127.0.0.1:${port}/graphql`;

function bareApolloServer(): ApolloServer {
  return new ApolloServer({ typeDefs: BARE_TYPE_DEFS, resolvers: BARE_RESOLVERS });
}

/** Apollo Server 5 on Express 5 through `@as-integrations/express5`, same schema. */
export async function startBareApolloExpress(): Promise<BareServer> {
  const apollo = bareApolloServer();
  await apollo.start();
  const app = express();
  app.use('/graphql', express.json({ limit: '1mb' }), expressMiddleware(apollo));
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: graphqlUrl(port),
    close: async () => {
      await apollo.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Apollo Server 5's own `startStandaloneServer` (node:http, no framework), same schema. */
export async function startBareApolloStandalone(): Promise<BareServer> {
  const apollo = bareApolloServer();
  const { url } = await startStandaloneServer(apollo, { listen: { port: 0, host: '127.0.0.1' } });
  return { url: `${url.replace(/\/$/, '')}/graphql`, close: () => apollo.stop() };
}

/** Apollo Server 5 on Fastify 5 through `@as-integrations/fastify`, same schema. */
export async function startBareApolloFastify(): Promise<BareServer> {
  const apollo = bareApolloServer();
  await apollo.start();
  const app = Fastify();
  await app.register(fastifyApollo(apollo));
  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: graphqlUrl((app.server.address() as AddressInfo).port),
    close: async () => {
      await app.close();
      await apollo.stop();
    },
  };
}

/** Mercurius on Fastify 5, queries compiled by graphql-jit from their first use, same schema. */
export async function startBareMercurius(): Promise<BareServer> {
  const app = Fastify();
  await app.register(mercurius, { schema: BARE_TYPE_DEFS, resolvers: BARE_RESOLVERS, jit: 1 });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { url: graphqlUrl((app.server.address() as AddressInfo).port), close: () => app.close() };
}

/**
 * The baseline for bench:load's overhead figure: Apollo Server 5 on the gateway's own HTTP
 * integration (Fastify), answering `imageScore` from a constant resolver, with nothing else (no
 * cache, auth, limits, metrics, logs).
 */
export const startBareApollo = startBareApolloFastify;
