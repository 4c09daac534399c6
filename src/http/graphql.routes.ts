import type { ApolloServer } from '@apollo/server';
import type { ApolloFastifyContextFunction } from '@as-integrations/fastify';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import fastifyEtag from '@fastify/etag';
import type { FastifyPluginAsync } from 'fastify';
import type { GatewayContext } from '../schema/context.type';
import type { ResponseCacheOptions } from './response-cache';
import { responseCache } from './response-cache';

/** Options of {@link graphqlRoutes}. */
export interface GraphQLRoutesOptions {
  /** Started Apollo Server. */
  apollo: ApolloServer<GatewayContext>;
  context: ApolloFastifyContextFunction<GatewayContext>;
  /** The full-response cache in front of both routes; none when undefined. */
  responseCache?: ResponseCacheOptions;
}

/**
 * `POST /graphql` and `GET /graphql` through Apollo's Fastify integration. Only GET carries an
 * ETag and answers 304 to a matching If-None-Match: it is the method browsers and CDNs cache
 * (Apollo sets Cache-Control, never ETag, so the two do not overlap), and @fastify/etag would
 * otherwise also answer 304 to a POST that sent one. A replay from the response cache goes
 * through the same ETag hook.
 */
export const graphqlRoutes: FastifyPluginAsync<GraphQLRoutesOptions> = async (app, { apollo, context, ...options }) => {
  const handler = fastifyApolloHandler<GatewayContext>(apollo, { context });
  // The Accept header picks the answer's content type (and, on GET, the explorer's page over
  // JSON): a browser or CDN that kept one answer must not give it for another Accept.
  app.addHook('onSend', async (_request, reply, payload) => {
    const vary = reply.getHeader('vary');
    if (vary === undefined) reply.header('vary', 'Accept');
    else if (!/(?:^|,)\s*accept\s*(?:,|$)/i.test(String(vary))) reply.header('vary', `${String(vary)}, Accept`);
    return payload;
  });
  if (options.responseCache) await app.register(responseCache, options.responseCache);
  app.post('/graphql', handler);
  await app.register(async (cached) => {
    await cached.register(fastifyEtag);
    cached.get('/graphql', handler);
  });
};
