import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import type { GatewayMetrics } from '../observability/metrics';
import type { ServerContext } from './server-context';

/** Records each response's GraphQL error codes and the request's dedupe ratio. */
export function useMetrics(metrics: GatewayMetrics): ApolloServerPlugin<ServerContext> {
  // One listener for every request: it keeps no per-request state, so none is allocated.
  const listener: GraphQLRequestListener<ServerContext> = {
    async didEncounterErrors({ errors }) {
      for (const error of errors) {
        const code = error.extensions?.code;
        metrics.graphqlErrors.inc({ code: typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR' });
      }
    },
    async willSendResponse({ contextValue }) {
      // The context is missing when the context function itself refused the request.
      const stats = contextValue?.stats;
      if (stats && stats.requested > 0) metrics.dedupeRatio.observe(stats.distinct / stats.requested);
    },
  };
  return { requestDidStart: async () => listener };
}
