import type { LumaRaster } from './raster';
import * as math from './math';

// Module constants, read once: see math.ts.
const { abs, exp, floor, max, min, sqrt } = math;

const BLOCK = 16;
/** Luma bands (terciles of the blocks by mean luma) in which the noise is also estimated. */
const BANDS = 3;
/**
 * What a band's sigma (0..255) must exceed the whole image's by before it counts: a band's
 * flattest tenth is a smaller, more textured sample than the image's, and the offset keeps
 * clean photos' estimate where the whole-image one put it (set on the tuning photos).
 */
const BAND_OFFSET = 2.4;
/** Above any block index (2^20 blocks of 16x16 is 268 MP), so a sort key keeps it below its luma. */
const INDEX_SPAN = 2 ** 20;

/**
 * Noise sigma of luma (0..255 scale) by Immerkaer's (1996) operator, taken over the flattest
 * blocks only: on a whole textured photo the operator reads texture as noise, while the
 * flattest tenth of 16x16 blocks holds mostly sky, walls and skin, where only noise remains.
 * Noise that grows with the signal (shot noise, speckle) hides there when those blocks are
 * deep shadow or near white, so the same estimate is also taken within each tercile of block
 * luma, and the largest, less `bandOffset`, is kept when it is above the whole image's.
 * @param bandOffset how far a band's sigma must pass the whole image's to count.
 *   @default 2.4 (`Infinity` gives the whole-image estimate alone)
 */
export function estimateNoise(luma: LumaRaster, bandOffset = BAND_OFFSET): number {
  const { sums, levels } = blockSums(luma, BLOCK);
  if (sums.length === 0) return 0;
  const flat = flattestMean(Float64Array.from(sums));
  // Blocks ranked by mean luma, then each third's own flattest tenth. The rank is a native
  // numeric sort of keys that carry the block's luma (in 1/16 levels) above its index, not a
  // sort through a comparator.
  const n = sums.length;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = floor(levels[i]! / ((BLOCK * BLOCK) / 16)) * INDEX_SPAN + i;
  keys.sort();
  let banded = 0;
  for (let t = 0; t < BANDS; t++) {
    const from = floor((t * n) / BANDS);
    const to = floor(((t + 1) * n) / BANDS);
    const part = new Float64Array(to - from);
    for (let i = from; i < to; i++) part[i - from] = sums[keys[i]! % INDEX_SPAN]!;
    banded = max(banded, flattestMean(part));
  }
  const scale = sqrt(Math.PI / 2) / 6 / (BLOCK * BLOCK);
  return max(flat, banded - bandOffset / scale) * scale;
}

/**
 * Immerkaer's absolute response summed per `block` x `block` tile, and each tile's luma sum
 * (read one row down, where the loop already loads the pixel: only its rank is used).
 */
function blockSums(luma: LumaRaster, block: number): { sums: Float64Array; levels: Float64Array } {
  const { data: d, width: w, height: h } = luma;
  const bw = floor((w - 2) / block);
  const bh = floor((h - 2) / block);
  if (bw < 1 || bh < 1) return { sums: new Float64Array(0), levels: new Float64Array(0) };
  const sums = new Float64Array(bw * bh);
  const levels = new Float64Array(bw * bh);
  // Immerkaer's mask [1 -2 1; -2 4 -2; 1 -2 1] is the outer product of [1 -2 1] with itself (the
  // difference of two Laplacians, blind to linear ramps, so only noise and fine texture answer
  // it). Applied separably: a horizontal second difference per row, kept for three rows, then
  // the vertical one; three loads a pixel instead of nine. abs, not a test of the sign,
  // which follows the noise and was mispredicted half the time (same sums); and the next row's
  // second difference made in the loop that reads it, not a pass of its own. Figures in
  // docs/scorer.md, "Speed work".
  const span = bw * block;
  let above = new Float64Array(span);
  let here = new Float64Array(span);
  let below = new Float64Array(span);
  const secondDiff = (y: number, out: Float64Array): void => {
    const row = y * w + 1;
    for (let x = 0; x < span; x++) out[x] = d[row + x - 1]! - 2 * d[row + x]! + d[row + x + 1]!;
  };
  secondDiff(0, here);
  secondDiff(1, below);
  for (let y = 1; y < 1 + bh * block; y++) {
    const spare = above;
    above = here;
    here = below;
    below = spare;
    const next = (y + 1) * w + 1;
    const blockRow = floor((y - 1) / block) * bw;
    // The next row's pixels are carried along it (left, centre, right), one load a pixel.
    let left = d[next - 1]!;
    let c = d[next]!;
    for (let bx = 0; bx < bw; bx++) {
      let s = 0;
      let level = 0;
      const end = (bx + 1) * block;
      for (let x = bx * block; x < end; x++) {
        const right = d[next + x + 1]!;
        const b = left - 2 * c + right;
        below[x] = b;
        s += abs(above[x]! - 2 * here[x]! + b);
        level += c;
        left = c;
        c = right;
      }
      sums[blockRow + bx]! += s;
      levels[blockRow + bx]! += level;
    }
  }
  return { sums, levels };
}

/** The 10th-percentile value of block sums, averaged with its neighbours to steady it (sorts `sums`). */
function flattestMean(sums: Float64Array): number {
  if (sums.length === 0) return 0;
  sums.sort();
  const k = floor(0.1 * sums.length);
  const lo = max(0, k - 2);
  const hi = min(sums.length, k + 3);
  let acc = 0;
  for (let i = lo; i < hi; i++) acc += sums[i]!;
  return acc / (hi - lo);
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
