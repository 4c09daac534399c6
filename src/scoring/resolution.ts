/** Megapixels at which resolution scores 0 and 1: a thumbnail and a good phone photo. */
const FLOOR_MP = 0.01;
const FULL_MP = 8;

/**
 * Resolution in [0, 1] on a log scale of megapixels of the original: 0.01 MP (100x100) is 0,
 * 8 MP and above is 1, a 512x512 image about 0.5. Log, because each doubling of pixels is worth
 * about the same to a viewer.
 */
export function resolutionScore(width: number, height: number): number {
  const mp = (width * height) / 1e6;
  if (mp <= FLOOR_MP) return 0;
  const r = Math.log(mp / FLOOR_MP) / Math.log(FULL_MP / FLOOR_MP);
  return Math.min(1, r);
}
