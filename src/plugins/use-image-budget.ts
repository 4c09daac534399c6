import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { edgeError } from '../graphql-errors';
import { coercedVariables } from '../limits/coerced-variables';
import { operationImageCount } from '../limits/operation-images';
import type { GatewayContext } from '../schema/context.type';

/** Options of {@link useImageBudget}. */
export interface ImageBudgetOptions {
  /** Images one operation may ask for (`MAX_IMAGES_PER_OPERATION`). */
  maxImages: number;
  /**
   * The resolver's bound on one `sourceUris` list (`MAX_BATCH_SIZE`): a longer list is refused
   * by its field, as the contract says, and so counts no image here.
   */
  maxBatchSize: number;
}

/**
 * Refuses, before anything is scored, an operation that asks for more than `maxImages` images
 * across all its fields (`imageScore`, `imageScores`, `_entities`; aliases and fragments
 * included, counted on coerced variables): MAX_BATCH_SIZE bounds one list, and without this 49
 * aliased batches of 100 would score 4,900 images in one request. HTTP 400 `BAD_USER_INPUT`.
 */
export function useImageBudget(options: ImageBudgetOptions): ApolloServerPlugin<GatewayContext> {
  const { maxImages, maxBatchSize } = options;
  const listener: GraphQLRequestListener<GatewayContext> = {
    async didResolveOperation({ schema, document, operation, request }) {
      const variables = coercedVariables(request, schema, operation, request.variables);
      if (!variables) return;
      const images = operationImageCount(schema, document, operation, variables, maxBatchSize);
      if (images > maxImages) {
        throw edgeError(
          'BAD_USER_INPUT',
          `This operation asks for ${images} images; at most ${maxImages} are allowed in one operation ` +
            '(all imageScore, imageScores and _entities fields together). Split it into several requests.',
        );
      }
    },
  };
  return { requestDidStart: async () => listener };
}
