import { Field, ObjectType } from 'type-graphql';
import { ScoreErrorCode } from './score-error-code.enum';

@ObjectType({
  description: 'Why one image of a batch has no score; its neighbours are unaffected.',
  simpleResolvers: true,
})
export class ImageScoreError {
  @Field()
  projectName!: string;

  @Field()
  sourceUri!: string;

  @Field(() => ScoreErrorCode)
  code!: ScoreErrorCode;

  @Field({ description: 'A human-readable reason, safe to show.' })
  message!: string;
}
