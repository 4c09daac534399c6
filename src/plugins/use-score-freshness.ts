import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import type { GatewayContext } from '../schema/context.type';

/**
 * Bounds the response's max-age by the earliest expiry of the scores it loaded, measured when the
 * response is sent. The resolvers' hints are in seconds left at the moment each field resolved; in
 * an operation that waits on several batches, the first fields' hints are older than the answer,
 * and an HTTP cache (or the full-response cache) would keep their scores past the score TTL.
 *
 * Its `willSendResponse` must run before the response cache's and the cache-control plugin's:
 * Apollo starts those hooks in plugin order, and each reads the policy synchronously.
 */
export function useScoreFreshness(): ApolloServerPlugin<GatewayContext> {
  // One listener for every request: it keeps no per-request state.
  const listener: GraphQLRequestListener<GatewayContext> = {
    async willSendResponse({ contextValue, overallCachePolicy }) {
      // Absent when an in-process `executeOperation` passes a context of its own.
      const expiresAt = contextValue?.stats?.scoresExpireAt ?? Infinity;
      if (expiresAt === Infinity) return;
      overallCachePolicy.restrict({ maxAge: Math.max(0, Math.floor((expiresAt - Date.now()) / 1000)) });
    },
  };
  return { requestDidStart: async () => listener };
}
