import type { CompositionResult } from '@apollo/composition';
import { composeServices } from '@apollo/composition';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { parse } from 'graphql';
import { postGraphQL, silentLogger } from './gateway';

/** A subgraph as composition sees it: a name and where the router reaches it. */
export interface SubgraphEndpoint {
  name: string;
  url: string;
}

/**
 * Composes a supergraph the way `rover supergraph compose` does: fetch each subgraph's SDL
 * through `_service { sdl }`, then run Federation 2 composition. The result carries the
 * composition errors, if any, for the test to assert on.
 */
export async function composeSupergraph(subgraphs: readonly SubgraphEndpoint[]): Promise<CompositionResult> {
  const services = await Promise.all(
    subgraphs.map(async ({ name, url }) => {
      const { body } = await postGraphQL<{ _service: { sdl: string } }>(url, '{ _service { sdl } }');
      if (!body.data) throw new Error(`${name} did not answer _service: ${JSON.stringify(body.errors)}`);
      return { name, url, typeDefs: parse(body.data._service.sdl) };
    }),
  );
  return composeServices(services);
}

/** A running Apollo Gateway on 127.0.0.1. */
export interface RunningSupergraph {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves a composed supergraph with `@apollo/gateway` (static `supergraphSdl`, as in
 * production with a file from rover) on Apollo Server, on a free loopback port.
 */
export async function startSupergraphGateway(supergraphSdl: string): Promise<RunningSupergraph> {
  // @apollo/gateway logs its schema updates at info by default; tests stay silent.
  const gateway = new ApolloGateway({ supergraphSdl, logger: silentLogger });
  const server = new ApolloServer({ gateway, logger: silentLogger });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return { url, close: () => server.stop() };
}
