import type { LumaRaster } from './raster';

const BLOCK = 16;

/**
 * Noise sigma of luma (0..255 scale) by Immerkaer's (1996) operator, taken over the flattest
 * blocks only: on a whole textured photo the operator reads texture as noise, while the
 * flattest tenth of 16x16 blocks holds mostly sky, walls and skin, where only noise remains.
 */
export function estimateNoise(luma: LumaRaster): number {
  const { data: d, width: w, height: h } = luma;
  const bw = Math.floor((w - 2) / BLOCK);
  const bh = Math.floor((h - 2) / BLOCK);
  if (bw < 1 || bh < 1) return 0;
  const sums = new Float64Array(bw * bh);
  for (let by = 0; by < bh; by++) {
    for (let y = 1 + by * BLOCK; y < 1 + (by + 1) * BLOCK; y++) {
      const row = y * w;
      for (let bx = 0; bx < bw; bx++) {
        let s = 0;
        const x1 = 1 + (bx + 1) * BLOCK;
        for (let x = 1 + bx * BLOCK; x < x1; x++) {
          const i = row + x;
          // Immerkaer's mask [1 -2 1; -2 4 -2; 1 -2 1]: the difference of two Laplacians, blind
          // to linear ramps, so only noise and fine texture answer it.
          const v =
            d[i - w - 1]! - 2 * d[i - w]! + d[i - w + 1]! -
            2 * d[i - 1]! + 4 * d[i]! - 2 * d[i + 1]! +
            d[i + w - 1]! - 2 * d[i + w]! + d[i + w + 1]!;
          s += v < 0 ? -v : v;
        }
        sums[by * bw + bx]! += s;
      }
    }
  }
  sums.sort();
  // The 10th-percentile block, averaged with its neighbours to steady it.
  const k = Math.floor(0.1 * sums.length);
  const lo = Math.max(0, k - 2);
  const hi = Math.min(sums.length, k + 3);
  let acc = 0;
  for (let i = lo; i < hi; i++) acc += sums[i]!;
  const meanAbs = acc / (hi - lo) / (BLOCK * BLOCK);
  return (Math.sqrt(Math.PI / 2) / 6) * meanAbs;
}

/**
 * Clean-ness in [0, 1] (1 = clean) from the luma noise sigma and JPEG blockiness. The noise
 * term has a knee at the grain of a clean camera photo (~1.5 of 255), so denoising by blur or
 * compression earns nothing, while any added noise costs.
 */
export function noiseScore(sigma: number, blockiness: number): number {
  const excess = Math.max(0, sigma - 1.2);
  const noiseTerm = 1 / (1 + (excess / 5) ** 1.5);
  const blockTerm = Math.exp(-blockiness / 0.35);
  return noiseTerm * blockTerm;
}
