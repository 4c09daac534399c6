import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { GatewayErrorCode } from '../errors';
import { edgeError } from '../graphql-errors';
import type { GatewayContext } from '../schema/context.type';

/**
 * Refuses to register an automatic persisted query longer than `maxBytes` (UTF-8): HTTP 400
 * `PERSISTED_QUERY_TOO_LARGE`, and nothing is stored. The query may still be sent in full,
 * without the `persistedQuery` extension; only its registration is bounded, so that one client
 * cannot fill the persisted-query store with a few huge documents. Runs when Apollo has
 * resolved the operation, the last step before it stores the registration.
 */
export function usePersistedQueryLimit(maxBytes: number): ApolloServerPlugin<GatewayContext> {
  const listener: GraphQLRequestListener<GatewayContext> = {
    async didResolveOperation({ metrics, source }) {
      if (!metrics.persistedQueryRegister) return;
      const bytes = Buffer.byteLength(source, 'utf8');
      if (bytes > maxBytes) {
        throw edgeError(
          GatewayErrorCode.PERSISTED_QUERY_TOO_LARGE,
          `This query is ${bytes} bytes; persisted queries may be at most ${maxBytes} bytes. ` +
            'Send it without the persistedQuery extension.',
        );
      }
    },
  };
  return { requestDidStart: async () => listener };
}
