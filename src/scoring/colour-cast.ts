import type { ColourSums } from './colourfulness';
import * as math from './math';

// Module constants, read once: see math.ts.
const { max, sqrt } = math;

/** Opponent chroma (|R-G| + |(R+G)/2-B|) under which a pixel counts as near-neutral. */
export const NEUTRAL = 48;

/**
 * Share of sampled pixels that must be near-neutral (under `NEUTRAL`) for a cast to be judged at
 * all; under it the judgement fades linearly to none. A photo with no near-neutral pixel (a frame
 * filled by a meadow, a flower, blinds lit orange) shows only its own colour: Gasparini &
 * Schettini's "intrinsic cast", content rather than a fault. Half a percent: a strong
 * white-balance error (R x1.2, B x0.8) still leaves that many near-neutral pixels in a photo with
 * whites and greys (0.6% on aloeL); a frame of one saturated colour leaves none.
 */
const NEUTRAL_SHARE = 0.005;

/**
 * Opponent chroma added to the spread before the ratio: a tint is seen against the photo's own
 * colour variety plus about the smallest chroma offset that shows on a grey. Without it (it was
 * 1, for rounding noise only) a desaturated photo, whose spread shrinks with its tint, read a
 * weak tint as a strong cast, so the later levels of a desaturation ladder scored higher.
 */
const VISIBLE_CHROMA = 12;

/** Weighted opponent-chroma sums over near-neutral pixels (read by `colourSample`). */
export interface CastSums {
  readonly weight: number;
  readonly rg: number;
  readonly yb: number;
  /** Sampled pixels whose opponent chroma is under `NEUTRAL`. */
  readonly neutral: number;
  /** Sampled pixels. */
  readonly count: number;
}

/**
 * Colour cast: the mean opponent chroma (R-G and (R+G)/2-B) of the image's near-neutral pixels,
 * weighted by how neutral and how light each is, over the spread (standard deviation) of the
 * opponent chroma of the whole image. Greys, whites and overcast skies average out near neutral
 * in a photo with balanced white; a white-balance error or a tint moves all of them the same
 * way (Gasparini & Schettini's cast detection reads the same region, against the same spread).
 * A bright red flower does not count: it is not near-neutral. The ratio is what makes it fair to
 * saturation: desaturating or saturating a photo scales the near-neutral offset and the spread
 * alike, so neither moves it, and a black-and-white photo (both 0) has none. The ratio is scaled
 * by how much of the photo is near-neutral (up to `NEUTRAL_SHARE`): a tint is judged where
 * neutral surfaces show it, and a photo without them keeps its colour as the scene's (Gasparini &
 * Schettini's rule for an intrinsic cast). Without that, a frame of one hue read as a strong cast,
 * and desaturating such a photo, which fades that "cast", raised its score.
 * @param colour the first pass's opponent-channel sums, for the spread.
 */
export function castStrength(sums: CastSums, colour: ColourSums): number {
  if (!(sums.weight > 0) || colour.count === 0) return 0;
  const rg = sums.rg / sums.weight;
  const yb = sums.yb / sums.weight;
  const n = colour.count;
  const spread = sqrt(
    max(0, colour.qRg / n - (colour.sRg / n) ** 2 + colour.qYb / n - (colour.sYb / n) ** 2),
  );
  const confidence = sums.count > 0 ? Math.min(1, sums.neutral / sums.count / NEUTRAL_SHARE) : 0;
  return (confidence * sqrt(rg * rg + yb * yb)) / (spread + VISIBLE_CHROMA);
}

/**
 * Colour-cast score in [0, 1] (1 = neutral greys) from `castStrength`. Warm evening light, an
 * orange cat filling the frame or beige and olive surfaces (inside the near-neutral window) give
 * ratios up to ~1.4 on honest photos, so the knee sits at 1.5: only a cast that outweighs the
 * photo's own colour spread costs.
 */
export function colourCastScore(strength: number): number {
  const excess = max(0, strength - 1.5);
  return 1 / (1 + excess ** 2);
}
