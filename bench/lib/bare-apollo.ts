import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';

const typeDefs = /* GraphQL */ `
  type ImageScore { projectName: String! sourceUri: String! overallQualityScore: Float! requestId: String! }
  type Query { imageScore(projectName: String!, sourceUri: String!): ImageScore }
`;

/**
 * The baseline for the overhead figure: Apollo Server 5 on the same Express 5 integration,
 * answering `imageScore` from a constant resolver, with nothing else (no cache, auth, limits,
 * metrics, logs).
 */
export async function startBareApollo(): Promise<{ url: string; close(): Promise<void> }> {
  const apollo = new ApolloServer({
    typeDefs,
    resolvers: {
      Query: {
        imageScore: (_root: unknown, args: { projectName: string; sourceUri: string }) => ({
          ...args,
          overallQualityScore: 0.5,
          requestId: 'constant',
        }),
      },
    },
  });
  await apollo.start();
  const app = express();
  app.use('/graphql', express.json({ limit: '1mb' }), expressMiddleware(apollo));
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    close: async () => {
      await apollo.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
