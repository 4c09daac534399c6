import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import type { ImageScoreResolverOptions } from '../resolvers/image-score.resolver';
import { ImageScoreResolver } from '../resolvers/image-score.resolver';

/** What the schema needs to know of the configuration. */
export type SchemaOptions = ImageScoreResolverOptions;

/**
 * Builds the executable GraphQL schema from the type-graphql classes. Resolvers get their
 * options through the constructor, so the schema holds no global state and tests can build
 * several with different limits.
 */
export async function buildGatewaySchema(options: SchemaOptions): Promise<GraphQLSchema> {
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
    validate: false,
  });
}
