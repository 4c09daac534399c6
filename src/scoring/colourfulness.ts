import type { RgbRaster } from './raster';

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
 * Hasler & Süsstrunk (2003) colourfulness, with the variance that white noise adds to the
 * opponent channels subtracted (rg = R-G gets 2 sigma^2, yb = (R+G)/2-B gets 1.5 sigma^2):
 * without that, noise reads as colour and a noisier copy looks more colourful.
 * @param channelNoise per-channel noise sigma (0..255 scale), e.g. from the luma noise estimate.
 */
export function colourfulness(rgb: RgbRaster, channelNoise: number): Colourfulness {
  const d = rgb.data;
  const n = rgb.width * rgb.height;
  let sRg = 0;
  let sYb = 0;
  let qRg = 0;
  let qYb = 0;
  let tinted = 0;
  for (let j = 0; j < 3 * n; j += 3) {
    const r = d[j]!;
    const g = d[j + 1]!;
    const b = d[j + 2]!;
    const rg = r - g;
    const yb = 0.5 * (r + g) - b;
    sRg += rg;
    sYb += yb;
    qRg += rg * rg;
    qYb += yb * yb;
    // Chroma subsampling and rounding leave grey JPEGs a level or two off neutral.
    if (rg > 3 || rg < -3 || g - b > 3 || b - g > 3) tinted++;
  }
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
