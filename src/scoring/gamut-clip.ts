/** Channel range (max - min, 0..255) over which a pixel counts as a saturated colour. */
export const SATURATED = 64;

/** Sampled pixels, and those among them that are saturated colours clipped at 0 or 255 (`colourSample`). */
export interface GamutClipCount {
  readonly clipped: number;
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
 * Gamut-clip score in [0, 1] (1 = none) from `gamutClipShare`. Cameras clip vivid colours too:
 * the tuning set's honest photos reach 12% (a saturated sky and sunset), so the knee sits at 15%.
 */
export function gamutClipScore(share: number): number {
  const excess = Math.max(0, share - 0.15);
  return 1 / (1 + (excess / 0.2) ** 2);
}
