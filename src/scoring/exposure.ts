import { fractionBetween, mean, percentile, type Histogram } from './histogram';

/**
 * Exposure in [0, 1]: 1 for a photo whose darkest tones reach black and brightest reach white
 * without blowing out. Reads the black point (1st percentile: lifted by over-exposure or a
 * brightness lift), the white point (99th: pulled down by under-exposure), the blown-highlight
 * fraction, and, gently, mean luma. The black point weighs most because washed-out shadows are
 * what a viewer sees first in an over-bright photo. The mean term is gentle because a night sky
 * or a snow field is legitimately dark or bright.
 */
export function exposureScore(hist: Histogram): number {
  const black = percentile(hist, 0.01) / 255;
  const white = percentile(hist, 0.99) / 255;
  const blown = fractionBetween(hist, 251, 255);
  const m = mean(hist) / 255;

  const blackTerm = 1 / (1 + (black / 0.12) ** 2);
  const whiteTerm = 1 / (1 + ((1 - white) / 0.4) ** 2);
  // A few specular highlights are normal; a blown sky is not.
  const blownTerm = Math.exp(-3 * Math.max(0, blown - 0.005));
  const meanTerm = 1 - 0.5 * ((m - 0.5) / 0.5) ** 2;
  return blackTerm * whiteTerm * blownTerm * meanTerm;
}
