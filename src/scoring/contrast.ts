import { percentile, type Histogram } from './histogram';

/**
 * Global contrast in [0, 1] from the 5th-95th percentile spread of luma: robust to a few
 * specular or black pixels, unlike min-max, and unlike RMS contrast not fooled by a bimodal
 * sky-and-ground image. Saturates smoothly, so every loss of contrast still lowers it.
 */
export function contrastScore(hist: Histogram): number {
  const spread = (percentile(hist, 0.95) - percentile(hist, 0.05)) / 255;
  return 1 - Math.exp(-Math.max(0, spread) / 0.3);
}
