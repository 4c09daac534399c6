import { buildSubgraphSchema } from '@apollo/subgraph';
// The package's index does not re-export this type; the path is its published typings.
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import type { GraphQLResolveInfo, GraphQLSchema } from 'graphql';
import { parse } from 'graphql';
import { createResolversMap } from 'type-graphql';

/**
 * The Federation spec the subgraph links. v2.0 is the oldest Federation 2 spec and has all this
 * subgraph uses (`@key`), so every Federation 2 router and gateway can compose it.
 */
export const FEDERATION_SPEC_URL = 'https://specs.apollo.dev/federation/v2.0';

/** A `__resolveReference` per entity type name, as `@apollo/subgraph` takes them. */
export type ReferenceResolvers = Record<
  string,
  // `never` parameters accept a resolver of any reference and context type: @apollo/subgraph
  // passes both through unchecked, so the resolver itself states what it expects.
  (reference: never, context: never, info: GraphQLResolveInfo) => unknown
>;

/**
 * Turns a type-graphql schema into a Federation 2 subgraph schema, as type-graphql's
 * `apollo-federation-2` example does: `@apollo/subgraph` builds from SDL, so the schema is
 * printed with its directives (graphql-js's own printer drops `@key`), prefixed with the
 * `@link` to the Federation spec, and given back type-graphql's resolvers plus the reference
 * resolvers. The result adds `_service { sdl }` and `_entities` to Query and nothing else.
 */
export function toSubgraphSchema(
  schema: GraphQLSchema,
  referenceResolvers: ReferenceResolvers,
): GraphQLSchema {
  const typeDefs = parse(
    `extend schema @link(url: "${FEDERATION_SPEC_URL}", import: ["@key"])\n\n` +
      printSchemaWithDirectives(schema),
  );
  const resolvers: Record<string, object> = { ...createResolversMap(schema) };
  for (const [typeName, resolveReference] of Object.entries(referenceResolvers)) {
    resolvers[typeName] = { ...resolvers[typeName], __resolveReference: resolveReference };
  }
  return buildSubgraphSchema({
    typeDefs,
    // type-graphql's map is looser than @apollo/subgraph's type; the shapes are the same.
    resolvers: resolvers as GraphQLResolverMap<unknown>,
  });
}
