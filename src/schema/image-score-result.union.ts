import { createUnionType } from 'type-graphql';
import { ImageScore } from './image-score.type';
import { ImageScoreError } from './image-score-error.type';

export const ImageScoreResult = createUnionType({
  name: 'ImageScoreResult',
  description: 'One entry of a batch: a score, or the error for that image.',
  types: () => [ImageScore, ImageScoreError] as const,
  resolveType: (value) => ('code' in value ? ImageScoreError : ImageScore),
});
