import { Args, Ctx, Query, Resolver } from 'type-graphql';
import { toScoreError } from '../errors';
import type { ImageRef, Score } from '../datasources/score-source';
import type { GatewayContext } from '../schema/context.type';
import { ImageScoreArgs, ImageScoresArgs } from '../schema/image-score.args';
import { ImageScore } from '../schema/image-score.type';
import { ImageScoreError } from '../schema/image-score-error.type';
import { ImageScoreResult } from '../schema/image-score-result.union';
import { badUserInput, toGraphQLError } from './graphql-errors';
import { assertProjectName, sourceUriProblem } from './validate';

/** Limits the resolver enforces before any scoring. */
export interface ImageScoreResolverOptions {
  /** Largest `sourceUris` list. */
  maxBatchSize: number;
}

/** Thin resolvers: validate, hand keys to the per-request loader, shape the results. */
@Resolver(() => ImageScore)
export class ImageScoreResolver {
  constructor(private readonly options: ImageScoreResolverOptions) {}

  @Query(() => ImageScore, {
    nullable: true,
    description:
      'Score one image. Errors come back in `errors` with an extensions.code (a ScoreErrorCode, or BAD_USER_INPUT for a malformed argument).',
  })
  async imageScore(
    @Args() { projectName, sourceUri }: ImageScoreArgs,
    @Ctx() { loaders }: GatewayContext,
  ): Promise<ImageScore> {
    assertProjectName(projectName);
    const problem = sourceUriProblem(sourceUri);
    if (problem) throw badUserInput(problem.message, problem.code);
    try {
      const ref = { projectName, sourceUri };
      return toImageScore(ref, await loaders.score.load(ref));
    } catch (error) {
      throw toGraphQLError(error);
    }
  }

  @Query(() => [ImageScoreResult], {
    description: 'Score many images of one project; one result per input, in input order.',
  })
  async imageScores(
    @Args() { projectName, sourceUris }: ImageScoresArgs,
    @Ctx() { loaders }: GatewayContext,
  ): Promise<Array<ImageScore | ImageScoreError>> {
    assertProjectName(projectName);
    if (sourceUris.length > this.options.maxBatchSize) {
      throw badUserInput(
        `sourceUris has ${sourceUris.length} items; at most ${this.options.maxBatchSize} are allowed.`,
      );
    }
    return Promise.all(
      sourceUris.map(async (sourceUri) => {
        const ref = { projectName, sourceUri };
        const problem = sourceUriProblem(sourceUri);
        if (problem) return toImageScoreError(ref, problem);
        try {
          return toImageScore(ref, await loaders.score.load(ref));
        } catch (error) {
          return toImageScoreError(ref, error);
        }
      }),
    );
  }
}

function toImageScore(ref: ImageRef, score: Score): ImageScore {
  return Object.assign(new ImageScore(), ref, score);
}

function toImageScoreError(ref: ImageRef, error: unknown): ImageScoreError {
  const { code, message } = toScoreError(error);
  return Object.assign(new ImageScoreError(), ref, { code, message });
}
