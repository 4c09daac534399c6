import { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, Info, Query, Resolver } from 'type-graphql';
import { toScoreError } from '../errors';
import type { ScoreEntry } from '../datasources/score-cache';
import type { ImageRef } from '../datasources/score-source';
import type { GatewayContext } from '../schema/context.type';
import { ImageScoreArgs, ImageScoresArgs } from '../schema/image-score.args';
import { ImageScore } from '../schema/image-score.type';
import { ImageScoreError } from '../schema/image-score-error.type';
import { ImageScoreResult } from '../schema/image-score-result.union';
import type { HttpCachePolicy } from './cache-hint';
import { hintScores, hintUncacheable, NO_HTTP_CACHE } from './cache-hint';
import { badUserInput, toGraphQLError } from '../graphql-errors';
import { assertProjectName, sourceUriProblem } from './validate';

/** Limits the resolver enforces before any scoring. */
export interface ImageScoreResolverOptions {
  /** Largest `sourceUris` list. */
  maxBatchSize: number;
  /** HTTP caching of responses that hold only scores. @default NO_HTTP_CACHE */
  httpCache?: HttpCachePolicy;
}

/**
 * Thin resolvers: validate, hand keys to the per-request loader, shape the results, and say how
 * long the answer may be cached over HTTP (as long as its scores stay in the score cache).
 */
@Resolver(() => ImageScore)
export class ImageScoreResolver {
  private readonly httpCache: HttpCachePolicy;

  constructor(private readonly options: ImageScoreResolverOptions) {
    this.httpCache = options.httpCache ?? NO_HTTP_CACHE;
  }

  @Query(() => ImageScore, {
    nullable: true,
    description:
      'Score one image. Errors come back in `errors` with an extensions.code (a ScoreErrorCode, or BAD_USER_INPUT for a malformed argument).',
  })
  async imageScore(
    @Args() { projectName, sourceUri }: ImageScoreArgs,
    @Ctx() { loaders }: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ImageScore> {
    assertProjectName(projectName);
    const problem = sourceUriProblem(sourceUri);
    if (problem) throw badUserInput(problem.message, problem.code);
    const ref = { projectName, sourceUri };
    let entry: ScoreEntry;
    try {
      entry = await loaders.score.load(ref);
    } catch (error) {
      throw toGraphQLError(error);
    }
    hintScores(info, [entry], this.httpCache);
    return toImageScore(ref, entry);
  }

  @Query(() => [ImageScoreResult], {
    description: 'Score many images of one project; one result per input, in input order.',
  })
  async imageScores(
    @Args() { projectName, sourceUris }: ImageScoresArgs,
    @Ctx() { loaders }: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Array<ImageScore | ImageScoreError>> {
    assertProjectName(projectName);
    if (sourceUris.length > this.options.maxBatchSize) {
      throw badUserInput(
        `sourceUris has ${sourceUris.length} items; at most ${this.options.maxBatchSize} are allowed.`,
      );
    }
    const entries: ScoreEntry[] = [];
    const results = await Promise.all(
      sourceUris.map(async (sourceUri) => {
        const ref = { projectName, sourceUri };
        const problem = sourceUriProblem(sourceUri);
        if (problem) return toImageScoreError(ref, problem);
        try {
          const entry = await loaders.score.load(ref);
          entries.push(entry);
          return toImageScore(ref, entry);
        } catch (error) {
          return toImageScoreError(ref, error);
        }
      }),
    );
    // A per-item error is data, not a GraphQL error, but it may not last (an object that appears
    // later is scored): a batch holding one is not cached.
    if (results.some((result) => result instanceof ImageScoreError)) hintUncacheable(info);
    else hintScores(info, entries, this.httpCache);
    return results;
  }
}

/** An ImageScore of a loaded score. */
export function toImageScore(ref: ImageRef, { score }: ScoreEntry): ImageScore {
  return Object.assign(new ImageScore(), ref, score);
}

function toImageScoreError(ref: ImageRef, error: unknown): ImageScoreError {
  const { code, message } = toScoreError(error);
  return Object.assign(new ImageScoreError(), ref, { code, message });
}
