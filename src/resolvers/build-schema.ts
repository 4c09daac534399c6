import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { specifiedDirectives } from 'graphql';
import { buildSchema } from 'type-graphql';
import { cacheControlDirective } from '../schema/cache-control.directive';
import { toSubgraphSchema } from '../schema/subgraph-schema';
import { imageScoreReferenceResolver } from './image-score.reference';
import type { ImageScoreResolverOptions } from './image-score.resolver';
import { ImageScoreResolver } from './image-score.resolver';

/** What the schema needs to know of the configuration. */
export type SchemaOptions = ImageScoreResolverOptions;

/**
 * Builds the plain API schema from the type-graphql classes: what frontends see and generate
 * clients from (`schema.graphql`). Resolvers get their options through the constructor, so the
 * schema holds no global state and tests can build several with different limits.
 */
export async function buildApiSchema(options: SchemaOptions): Promise<GraphQLSchema> {
  const instances = new Map<unknown, unknown>([
    [ImageScoreResolver, new ImageScoreResolver(options)],
  ]);
  return buildSchema({
    resolvers: [ImageScoreResolver],
    container: {
      get(someClass: unknown) {
        if (!instances.has(someClass)) throw new Error('No instance registered for a resolver class');
        return instances.get(someClass);
      },
    },
    directives: [...specifiedDirectives, cacheControlDirective],
    validate: false,
  });
}

/**
 * Builds the schema the gateway serves: the API schema as a Federation 2 subgraph, with
 * `ImageScore` an entity keyed by `projectName sourceUri`. Plain clients see the same Query
 * plus the federation fields `_service` and `_entities`.
 */
export async function buildGatewaySchema(options: SchemaOptions): Promise<GraphQLSchema> {
  return toSubgraphSchema(await buildApiSchema(options), {
    ImageScore: imageScoreReferenceResolver(options),
  });
}
