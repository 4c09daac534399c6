import { DirectiveLocation, GraphQLBoolean, GraphQLDirective, GraphQLEnumType, GraphQLInt } from 'graphql';

/** Who may keep a response: any cache (`PUBLIC`) or only the caller's browser (`PRIVATE`). */
export const CacheControlScope = new GraphQLEnumType({
  name: 'CacheControlScope',
  description: 'Which HTTP caches may keep a response (Apollo cache control).',
  values: {
    PUBLIC: { description: 'Any cache, shared ones (a CDN) included.' },
    PRIVATE: { description: "Only the caller's own cache (its browser)." },
  },
});

/**
 * Apollo's `@cacheControl`, defined as its docs give it, so that the cache-control plugin reads
 * static hints from the schema (types and fields whose own answers never shorten a response's
 * life say `inheritMaxAge`); the scores themselves set dynamic hints in their resolvers.
 */
export const cacheControlDirective = new GraphQLDirective({
  name: 'cacheControl',
  description:
    "How long a field's or type's data may be cached over HTTP (Apollo cache control); a response lives as long as its shortest hint.",
  locations: [
    DirectiveLocation.FIELD_DEFINITION,
    DirectiveLocation.OBJECT,
    DirectiveLocation.INTERFACE,
    DirectiveLocation.UNION,
  ],
  args: {
    maxAge: { type: GraphQLInt },
    scope: { type: CacheControlScope },
    inheritMaxAge: { type: GraphQLBoolean },
  },
});
