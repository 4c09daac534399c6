/** Channel range (max - min, 0..255) over which a pixel counts as a saturated colour. */
export const SATURATED = 64;

/**
 * Sampled pixels, those among them that are saturated colours, and the saturated colours with a
 * channel clipped at 0 or 255 (`colourSample`).
 */
export interface GamutClipCount {
  readonly clipped: number;
  readonly saturated: number;
  readonly count: number;
}

/**
 * Share of sampled pixels that are saturated colours with a channel clipped at 0 or 255:
 * pushing saturation past the gamut (an oversaturation slider, a strong "vivid" filter, KADID's
 * Lab a*b* gain) clips one channel of every strong colour, so flowers and skies turn into flat
 * slabs of pure hue. Greys and whites are not counted (a blown highlight is the exposure term's),
 * so a black-and-white photo has none.
 */
export function gamutClipShare({ clipped, count }: GamutClipCount): number {
  return count === 0 ? 0 : clipped / count;
}

/**
 * Share of the saturated colours (not of all pixels) with a channel clipped: how much of what
 * colour the photo has is pushed past the gamut, so a muted photo whose few strong colours all
 * clip reads as clipped too.
 */
export function saturatedClipShare({ clipped, saturated }: GamutClipCount): number {
  return saturated === 0 ? 0 : clipped / saturated;
}

/** Knee of the share of all pixels: the tuning set's honest photos reach 12% (a saturated sky and sunset). */
const KNEE = 0.15;
/**
 * Knee of the share of saturated colours: cameras clip vivid colours too (the tuning originals
 * up to 15%, a flower or a sunset; the held-out ones up to 44%, a yellow flower, seen after the
 * knee was set on the tuning set). An a*b* gain of x2 takes most photos to 50-100%.
 */
const SATURATED_KNEE = 0.4;
/**
 * Saturated colours must be this share of the sample for their share to be judged fully: under
 * it the reading is scaled down in proportion, so a grey photo's one clipped red light does not
 * count as a clipped photo.
 */
const SATURATED_FLOOR = 0.05;
const SCALE = 0.2;

/**
 * Gamut-clip score in [0, 1] (1 = none): the worse of two readings, each 1/(1 + (excess/0.2)²)
 * above its knee. The share of all pixels catches an oversaturated colourful photo; the share of
 * the saturated colours catches a muted one whose colours were pushed out (KADID K08 at x2-x3,
 * where colourfulness rises and nothing else read the fault).
 */
export function gamutClipScore(count: GamutClipCount): number {
  const all = Math.max(0, gamutClipShare(count) - KNEE) / SCALE;
  const confidence = count.count === 0 ? 0 : Math.min(1, count.saturated / count.count / SATURATED_FLOOR);
  const ofSaturated = (Math.max(0, saturatedClipShare(count) - SATURATED_KNEE) / SCALE) * confidence;
  const e = Math.max(all, ofSaturated);
  return 1 / (1 + e * e);
}
