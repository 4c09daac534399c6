import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { metricLabelOf } from '../errors';
import { errorCodeOf } from '../graphql-errors';
import type { GatewayMetrics } from '../observability/metrics';
import type { GatewayContext } from '../schema/context.type';

/**
 * Records each response's GraphQL errors, by their label in the error table (`metricLabelOf`), and the request's dedupe ratio. Refusals made
 * before a request reaches the pipeline count too: the context function's (401, 429) and
 * Apollo's bad-request answers (CSRF prevention, a malformed GET).
 */
export function useMetrics(metrics: GatewayMetrics): ApolloServerPlugin<GatewayContext> {
  const count = (error: unknown) => {
    const code = error instanceof GraphQLError ? errorCodeOf(error.message, error.extensions.code) : undefined;
    const label = code === undefined ? 'INTERNAL_SERVER_ERROR' : metricLabelOf(code, (error as GraphQLError).extensions.reason);
    metrics.graphqlErrors.inc({ code: label });
  };
  // One listener for every request: it keeps no per-request state, so none is allocated.
  const listener: GraphQLRequestListener<GatewayContext> = {
    async didEncounterErrors({ errors }) {
      for (const error of errors) count(error);
    },
    async willSendResponse({ contextValue }) {
      // Absent when an in-process `executeOperation` passes a context of its own.
      const stats = contextValue?.stats;
      if (stats && stats.requested > 0) metrics.dedupeRatio.observe(stats.distinct / stats.requested);
    },
  };
  return {
    requestDidStart: async () => listener,
    contextCreationDidFail: async ({ error }) => count(error),
    invalidRequestWasReceived: async ({ error }) => count(error),
  };
}
