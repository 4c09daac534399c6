import { Directive, Field, Float, ObjectType } from 'type-graphql';
import type { ScoreBreakdown as ScoreBreakdownShape } from '../scoring/types';

// Part of its score: as cacheable as the score that holds it (without the hint, an object
// field would count as max-age 0 and make every response that selects it uncacheable).
@Directive('@cacheControl(inheritMaxAge: true)')
@ObjectType({
  simpleResolvers: true,
  description:
    'Sub-scores of the local scorer, each in [0, 1] where 1 is best; the overall score is built from them.',
})
export class ScoreBreakdown implements ScoreBreakdownShape {
  @Field(() => Float, { description: 'Mean brightness and clipped highlights and shadows.' })
  exposure!: number;

  @Field(() => Float, { description: 'Spread between dark and light tones.' })
  contrast!: number;

  @Field(() => Float, { description: 'Colourfulness (a grayscale photo is not penalised).' })
  color!: number;

  @Field(() => Float, { description: 'Fine detail, credited only where noise is low.' })
  sharpness!: number;

  @Field(() => Float, { description: '1 for a clean image, falling as noise rises.' })
  noise!: number;

  @Field(() => Float, { description: 'Placement of the subject against the thirds lines.' })
  composition!: number;

  @Field(() => Float, { description: 'Pixel count of the original image.' })
  resolution!: number;

  @Field(() => Float, { description: '1 when greys and whites are neutral, falling with a colour cast.' })
  colorCast!: number;

  @Field(() => Float, { description: '1 without posterisation bands (flat areas broken by steps).' })
  banding!: number;

  @Field(() => Float, { description: '1 without repeated rows and columns (pixelation, nearest-neighbour enlargement).' })
  pixelation!: number;

  @Field(() => Float, { description: '1 without isolated outlier pixels (salt-and-pepper noise).' })
  impulseNoise!: number;

  @Field(() => Float, {
    description: '1 without empty tonal levels (levels a brightness gain or a steep tone curve spread apart).',
  })
  levelGaps!: number;

  @Field(() => Float, {
    description: '1 without saturated colours clipped at 0 or 255 in a channel (oversaturation past the gamut).',
  })
  gamutClip!: number;

  @Field(() => Float, {
    description: '1 without flat rectangles closed on all four sides by crisp steps (blocks of one colour pasted over the image).',
  })
  pastedBlocks!: number;

  @Field(() => Float, {
    description: '1 without textured neighbourhoods repeated exactly a few pixels away (patches of the image copied over nearby places).',
  })
  copiedPatches!: number;

  @Field(() => Float, {
    description: '1 when colour edges are as crisp as the luma edges beside them; lower as colours bleed across edges (chroma blurred apart from luma).',
  })
  colorBleed!: number;

  @Field(() => Float, {
    description: '1 without sharpening halos (a bright and a dark band beside strong edges: over-sharpening).',
  })
  halo!: number;

  @Field(() => Float, {
    description: '1 when luma fills every 8-bit level of its range; lower as levels go missing (colours cut to a small palette, posterisation).',
  })
  lumaLevels!: number;

  @Field(() => Float, {
    description: '1 when strong edges are smooth contours; lower as they turn ragged (pixels displaced at random: jitter).',
  })
  edgeRoughness!: number;

  @Field(() => Float, {
    description: '1 without black and white clipped side by side (local contrast pushed past the gamut: heavy over-sharpening).',
  })
  localClipping!: number;
}
