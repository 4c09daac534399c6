import type { LumaRaster } from './raster';
import * as math from './math';

// Module constants, read once: see math.ts.
const { abs, exp, floor, max, min, sqrt } = math;

const BLOCK = 16;

/**
 * Noise sigma of luma (0..255 scale) by Immerkaer's (1996) operator, taken over the flattest
 * blocks only: on a whole textured photo the operator reads texture as noise, while the
 * flattest tenth of 16x16 blocks holds mostly sky, walls and skin, where only noise remains.
 */
export function estimateNoise(luma: LumaRaster): number {
  const { data: d, width: w, height: h } = luma;
  const bw = floor((w - 2) / BLOCK);
  const bh = floor((h - 2) / BLOCK);
  if (bw < 1 || bh < 1) return 0;
  const sums = new Float64Array(bw * bh);
  // Immerkaer's mask [1 -2 1; -2 4 -2; 1 -2 1] is the outer product of [1 -2 1] with itself (the
  // difference of two Laplacians, blind to linear ramps, so only noise and fine texture answer
  // it). Applied separably: a horizontal second difference per row, kept for three rows, then
  // the vertical one; three loads a pixel instead of nine. abs, not a test of the sign,
  // which follows the noise and was mispredicted half the time (same sums); and the next row's
  // second difference made in the loop that reads it, not a pass of its own. Figures in
  // docs/scorer.md, "Speed work".
  const span = bw * BLOCK;
  let above = new Float64Array(span);
  let here = new Float64Array(span);
  let below = new Float64Array(span);
  const secondDiff = (y: number, out: Float64Array): void => {
    const row = y * w + 1;
    for (let x = 0; x < span; x++) out[x] = d[row + x - 1]! - 2 * d[row + x]! + d[row + x + 1]!;
  };
  secondDiff(0, here);
  secondDiff(1, below);
  for (let y = 1; y < 1 + bh * BLOCK; y++) {
    const spare = above;
    above = here;
    here = below;
    below = spare;
    const next = (y + 1) * w + 1;
    const blockRow = floor((y - 1) / BLOCK) * bw;
    for (let bx = 0; bx < bw; bx++) {
      let s = 0;
      const end = (bx + 1) * BLOCK;
      for (let x = bx * BLOCK; x < end; x++) {
        const b = d[next + x - 1]! - 2 * d[next + x]! + d[next + x + 1]!;
        below[x] = b;
        s += abs(above[x]! - 2 * here[x]! + b);
      }
      sums[blockRow + bx]! += s;
    }
  }
  sums.sort();
  // The 10th-percentile block, averaged with its neighbours to steady it.
  const k = floor(0.1 * sums.length);
  const lo = max(0, k - 2);
  const hi = min(sums.length, k + 3);
  let acc = 0;
  for (let i = lo; i < hi; i++) acc += sums[i]!;
  const meanAbs = acc / (hi - lo) / (BLOCK * BLOCK);
  return (sqrt(Math.PI / 2) / 6) * meanAbs;
}

/**
 * Clean-ness in [0, 1] (1 = clean) from the luma noise sigma and JPEG blockiness. The noise
 * term has a knee at the grain of a clean camera photo (~1.5 of 255), so denoising by blur or
 * compression earns nothing, while any added noise costs.
 */
export function noiseScore(sigma: number, blockiness: number): number {
  const excess = max(0, sigma - 1.2);
  const noiseTerm = 1 / (1 + (excess / 5) ** 1.5);
  const blockTerm = exp(-blockiness / 0.35);
  return noiseTerm * blockTerm;
}
