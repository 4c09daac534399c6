import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { operationProjects } from '../auth/operation-projects';
import { GatewayErrorCode } from '../errors';
import { edgeError } from './edge-error';
import type { ServerContext } from './server-context';

/**
 * Refuses, before execution, an operation that names a project outside the caller's key
 * (a `projectName` argument anywhere, or a federation `_entities` representation). Nothing is
 * scored or billed for a refused operation. A no-op when auth is off (no principal).
 */
export function useProjectAccess(): ApolloServerPlugin<ServerContext> {
  // One listener for every request: it keeps no per-request state, so none is allocated.
  const listener: GraphQLRequestListener<ServerContext> = {
    async didResolveOperation({ contextValue, schema, document, operation, request }) {
      const { principal } = contextValue;
      if (!principal) return;
      const projects = operationProjects(schema, document, operation, request.variables ?? {});
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
