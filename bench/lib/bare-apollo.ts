import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import Fastify from 'fastify';

const typeDefs = /* GraphQL */ `
  type ImageScore { projectName: String! sourceUri: String! overallQualityScore: Float! requestId: String! }
  type Query { imageScore(projectName: String!, sourceUri: String!): ImageScore }
`;

/**
 * The baseline for the overhead figure: Apollo Server 5 on the same Fastify integration,
 * answering `imageScore` from a constant resolver, with nothing else (no cache, auth, limits,
 * metrics, logs).
 */
export async function startBareApollo(): Promise<{ url: string; close(): Promise<void> }> {
  const app = Fastify();
  const apollo = new ApolloServer({
    typeDefs,
    plugins: [fastifyApolloDrainPlugin(app)],
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
  await app.register(fastifyApollo(apollo));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    // The drain plugin closes the Fastify app.
    close: () => apollo.stop(),
  };
}
