import { percentile, type Histogram } from './histogram';

/** CIE L* (0..100) of an 8-bit sRGB-encoded luma level. */
function lightness(level: number): number {
  const v = Math.min(1, Math.max(0, level / 255));
  const y = v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  const f = y > 216 / 24389 ? Math.cbrt(y) : (24389 / 27 * y + 16) / 116;
  return 116 * f - 16;
}

/**
 * Global contrast in [0, 1] from the 5th-95th percentile spread of luma, measured in CIE
 * lightness: robust to a few specular or black pixels, unlike min-max, and perceptual, so that a
 * uniform brightness shift (which moves both percentiles alike in L*) is not read as a change of
 * contrast. Saturates smoothly, so every loss of contrast still lowers it.
 */
export function contrastScore(hist: Histogram): number {
  const spread = (lightness(percentile(hist, 0.95)) - lightness(percentile(hist, 0.05))) / 100;
  return 1 - Math.exp(-Math.max(0, spread) / 0.3);
}
