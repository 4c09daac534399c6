import type { GraphQLResolveInfo } from 'graphql';
import type { ImageRef } from '../datasources/score-source';
import { badUserInput, toGraphQLError } from '../graphql-errors';
import type { GatewayContext } from '../schema/context.type';
import type { ImageScore } from '../schema/image-score.type';
import type { HttpCachePolicy } from './cache-hint';
import { hintScores, NO_HTTP_CACHE } from './cache-hint';
import { toImageScore } from './image-score.resolver';
import { assertProjectName, sourceUriProblem } from './validate';

/**
 * An `ImageScore` representation as the router sends it in `_entities`: the `@key` fields, as
 * another subgraph stored them. They arrive as the `_Any` scalar, so nothing about them is
 * checked by GraphQL itself.
 */
export interface ImageScoreReference {
  __typename: 'ImageScore';
  projectName?: unknown;
  sourceUri?: unknown;
}

/** Options of {@link imageScoreReferenceResolver}. */
export interface ImageScoreReferenceOptions {
  /** HTTP caching of `_entities` answers that hold only scores. @default NO_HTTP_CACHE */
  httpCache?: HttpCachePolicy;
}

/**
 * The `ImageScore` reference resolver (`__resolveReference`). It goes through the request's own
 * score loader, so every representation of one `_entities` call lands in one batch and
 * duplicates are scored once, as in `imageScores`; the answer's cache hint is the smallest of
 * its scores', so a router may cache it as long as `imageScores` would be.
 *
 * A representation that cannot be scored rejects: the router gets `null` for that entity and an
 * error in `errors` whose `extensions.code` is the ScoreErrorCode (or `BAD_USER_INPUT` for keys
 * that break the contract), exactly as `imageScore` reports it. Its neighbours are unaffected.
 */
export function imageScoreReferenceResolver(options: ImageScoreReferenceOptions = {}) {
  const httpCache = options.httpCache ?? NO_HTTP_CACHE;
  return async (
    reference: ImageScoreReference,
    { loaders }: GatewayContext,
    info: GraphQLResolveInfo,
  ): Promise<ImageScore> => {
    const ref = toImageRef(reference);
    try {
      const entry = await loaders.score.load(ref);
      hintScores(info, [entry], httpCache);
      return toImageScore(ref, entry);
    } catch (error) {
      throw toGraphQLError(error);
    }
  };
}

function toImageRef({ projectName, sourceUri }: ImageScoreReference): ImageRef {
  if (typeof projectName !== 'string' || typeof sourceUri !== 'string') {
    throw badUserInput('An ImageScore representation needs projectName and sourceUri strings.');
  }
  assertProjectName(projectName);
  const problem = sourceUriProblem(sourceUri);
  if (problem) throw badUserInput(problem.message, problem.code);
  return { projectName, sourceUri };
}
