import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import type { GatewayContext } from '../schema/context.type';

/**
 * The Apollo half of the full-response cache, whose store is at the edge
 * (`http/response-cache.ts`): it marks a request's answer reusable once Apollo has resolved the
 * operation, when that operation is a query and the request sends no variable it does not
 * declare. The edge keys entries on the request as sent, so undeclared junk variables would
 * otherwise mint a new entry of an answer already cached, and push other callers' answers out.
 *
 * Runs in `didResolveOperation`, after validation; the refusals of the other plugins (project
 * access, image budget, complexity) throw in the same hook, and an answer holding their error is
 * `no-store`, so it is never kept whatever this says.
 */
export function useResponseCache(): ApolloServerPlugin<GatewayContext> {
  // One listener for every request: it keeps no per-request state.
  const listener: GraphQLRequestListener<GatewayContext> = {
    async didResolveOperation({ contextValue, operation, request }) {
      // Absent when an in-process `executeOperation` passes a context of its own.
      const stats = contextValue?.stats;
      if (!stats || operation?.operation !== 'query') return;
      const sent = request.variables ? Object.keys(request.variables) : [];
      const declared = operation.variableDefinitions ?? [];
      stats.reusable = sent.every((name) => declared.some((definition) => definition.variable.name.value === name));
    },
  };
  return { requestDidStart: async () => listener };
}
