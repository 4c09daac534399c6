/** Colour statistics of an image. */
export interface Colourfulness {
  /** Hasler-Süsstrunk colourfulness (0 for grey; ~33 moderate; ~59 quite; 100+ extreme). */
  readonly metric: number;
  /** True when the image carries no colour at all (a black-and-white photo). */
  readonly grayscale: boolean;
}

/** Colour score of a black-and-white photo, and the floor of every colour photo's score. */
export const GRAYSCALE_COLOR_SCORE = 0.45;

/**
 * Per-pixel sums over the opponent channels rg = R-G and yb = (R+G)/2-B, and the count of
 * visibly tinted pixels: everything `colourfulness` reads from the pixels (`firstPass` makes it).
 */
export interface ColourSums {
  readonly sRg: number;
  readonly sYb: number;
  readonly qRg: number;
  readonly qYb: number;
  /** Pixels with |R-G| or |G-B| above 3 levels. */
  readonly tinted: number;
  readonly count: number;
}

/**
 * Hasler & Süsstrunk (2003) colourfulness, with the variance that white noise adds to the
 * opponent channels subtracted (rg = R-G gets 2 sigma^2, yb = (R+G)/2-B gets 1.5 sigma^2):
 * without that, noise reads as colour and a noisier copy looks more colourful.
 * @param channelNoise per-channel noise sigma (0..255 scale), e.g. from the luma noise estimate.
 */
export function colourfulness(sums: ColourSums, channelNoise: number): Colourfulness {
  const { sRg, sYb, qRg, qYb, tinted, count: n } = sums;
  const mRg = sRg / n;
  const mYb = sYb / n;
  const nv = channelNoise * channelNoise;
  const vRg = Math.max(0, qRg / n - mRg * mRg - 2 * nv);
  const vYb = Math.max(0, qYb / n - mYb * mYb - 1.5 * nv);
  const metric = Math.sqrt(vRg + vYb) + 0.3 * Math.sqrt(mRg * mRg + mYb * mYb);
  return { metric, grayscale: tinted < 0.002 * n };
}

/**
 * Colour score in [GRAYSCALE_COLOR_SCORE, 1]. A black-and-white photo is a choice, not a fault:
 * it gets the floor, not zero, and every desaturation of a colour photo moves toward that floor.
 */
export function colorScore(c: Colourfulness): number {
  if (c.grayscale) return GRAYSCALE_COLOR_SCORE;
  return GRAYSCALE_COLOR_SCORE + (1 - GRAYSCALE_COLOR_SCORE) * (1 - Math.exp(-c.metric / 35));
}
