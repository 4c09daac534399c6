import type { ApolloServerPlugin } from '@apollo/server';
import type { ComplexityEstimator } from 'graphql-query-complexity';
import { getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { GatewayErrorCode } from '../errors';
import { edgeError } from './edge-error';
import type { ServerContext } from './server-context';

/**
 * A field taking a list of keys (`sourceUris`, federation `representations`) costs its selection
 * once per item: a 100-image batch is 100 times one image, whatever the query's shape.
 */
const perListItem: ComplexityEstimator = ({ args, childComplexity }) => {
  const list = [args.sourceUris, args.representations].find(Array.isArray) as unknown[] | undefined;
  if (!list) return undefined;
  return 1 + Math.max(list.length, 1) * Math.max(childComplexity, 1);
};

/**
 * Refuses an operation whose cost exceeds `maxComplexity` before it runs. Measured after the
 * operation is resolved, with its variables, since list lengths usually come from variables.
 */
export function useQueryComplexity(maxComplexity: number): ApolloServerPlugin<ServerContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request, operationName }) {
          const complexity = getComplexity({
            schema,
            query: document,
            operationName: operationName ?? undefined,
            variables: request.variables ?? {},
            estimators: [perListItem, simpleEstimator({ defaultComplexity: 1 })],
          });
          if (complexity > maxComplexity) {
            throw edgeError(
              GatewayErrorCode.QUERY_TOO_COMPLEX,
              `Operation complexity ${complexity} exceeds the limit of ${maxComplexity}.`,
            );
          }
        },
      };
    },
  };
}
