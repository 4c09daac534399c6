import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { operationProjects } from '../auth/operation-projects';
import { GatewayErrorCode } from '../errors';
import { coercedVariables } from '../limits/coerced-variables';
import { edgeError } from '../graphql-errors';
import type { GatewayContext } from '../schema/context.type';

/**
 * Refuses, before execution, an operation that names a project outside the caller's key
 * (a `projectName` argument anywhere, or a federation `_entities` representation), read on the
 * coerced variables execution will use. Nothing is scored or billed for a refused operation.
 * A no-op when auth is off (no principal). The score loader checks each image again
 * (defence in depth), so a path this walk missed would still get FORBIDDEN.
 */
export function useProjectAccess(): ApolloServerPlugin<GatewayContext> {
  // One listener for every request: it keeps no per-request state, so none is allocated.
  const listener: GraphQLRequestListener<GatewayContext> = {
    async didResolveOperation({ contextValue, schema, document, operation, request }) {
      const { principal } = contextValue;
      if (!principal) return;
      const variables = coercedVariables(request, schema, operation, request.variables);
      // Variables that do not coerce stop execution before any resolver (Apollo's 400).
      if (!variables) return;
      const projects = operationProjects(schema, document, operation, variables);
      const denied = projects.filter((project) => !principal.mayAccess(project));
      if (denied.length > 0) {
        contextValue.logger.info({ keyId: principal.keyId, denied }, 'project access denied');
        throw edgeError(
          GatewayErrorCode.FORBIDDEN,
          `This API key may not use project ${denied.map((p) => JSON.stringify(p)).join(', ')}.`,
        );
      }
    },
  };
  return { requestDidStart: async () => listener };
}
