import { Directive, Field, Float, ObjectType } from 'type-graphql';
import { ScoreBreakdown } from './score-breakdown.type';

// A Federation entity: other subgraphs hold only the two keys and this subgraph scores the image.
@Directive('@key(fields: "projectName sourceUri")')
// simpleResolvers: plain data fields with no middleware, so type-graphql need not wrap each one
// in its resolver pipeline (measured on the cached path by bench:load's overhead figure).
@ObjectType({
  description: 'The quality score of one image, as IMM DetectImageScore defines it.',
  simpleResolvers: true,
})
export class ImageScore {
  @Field({ description: 'The IMM project (or local project) the image was scored in.' })
  projectName!: string;

  @Field({ description: 'The image, as oss://<bucket>/<key>.' })
  sourceUri!: string;

  @Field(() => Float, {
    description:
      'Overall quality in [0, 1]: composition, brightness, contrast, color and resolution.',
  })
  overallQualityScore!: number;

  @Field({ description: "IMM's RequestId, or the local backend's own id." })
  requestId!: string;

  @Field(() => ScoreBreakdown, {
    nullable: true,
    description: 'The sub-scores behind overallQualityScore; null from the imm backend.',
  })
  breakdown!: ScoreBreakdown | null;
}
