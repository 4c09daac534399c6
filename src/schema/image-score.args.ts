import { ArgsType, Field } from 'type-graphql';

// Arguments as classes, not one @Arg per parameter: type-graphql applies parameter decorators
// last to first, which would print `imageScore(sourceUri, projectName)` against the contract.

@ArgsType()
export class ImageScoreArgs {
  @Field({ description: 'The IMM project (or local project) to score in.' })
  projectName!: string;

  @Field({ description: 'The image, as oss://<bucket>/<key>.' })
  sourceUri!: string;
}

@ArgsType()
export class ImageScoresArgs {
  @Field({ description: 'The IMM project (or local project) to score in.' })
  projectName!: string;

  @Field(() => [String], {
    description: 'The images, as oss://<bucket>/<key>; at most MAX_BATCH_SIZE, duplicates allowed.',
  })
  sourceUris!: string[];
}
