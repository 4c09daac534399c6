import type { ChromaHalves } from './chroma-bleed';
import type { LumaRaster } from './raster';
import * as math from './math';

// Module constants, read once: see math.ts.
const { abs, floor, max, min, sqrt } = math;

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

/** Block side of the chroma estimate, in quarter-scale pixels (32 px of the scorer's raster). */
const CHROMA_BLOCK = 8;

/** Immerkaer's mask [1 -2 1; -2 4 -2; 1 -2 1] at pixel `i` of a plane `w` wide. */
function mask(p: Float32Array, i: number, w: number): number {
  const a = p[i - w - 1]! - 2 * p[i - w]! + p[i - w + 1]!;
  const b = p[i - 1]! - 2 * p[i]! + p[i + 1]!;
  const c = p[i + w - 1]! - 2 * p[i + w]! + p[i + w + 1]!;
  return a - 2 * b + c;
}

/**
 * How many times luma's sigma the chroma sigma of noise added to each channel alone can be:
 * R-G and (R+G)/2-B carry sqrt(2 + 1.5) of one channel's sigma, luma 0.668 of it (2.8), and
 * removing the part of chroma that follows luma leaves ~90% of that. Chroma that varies more
 * than this over luma this flat is a colour gradient or a colour texture, not blotches.
 */
const MOTTLE_RATIO = 3;

/**
 * Colour mottling: the sigma of quarter-scale opponent chroma (R-G and (R+G)/2-B,
 * `chromaQuarters` in chroma-bleed.ts) that luma does not explain, in the flattest tenth of
 * 8x8 blocks by luma. Noise added to each channel alone and then smoothed (a denoiser, a
 * median, a blur) leaves blotches of colour a few pixels wide: gone from the full scale that
 * `estimateNoise` reads, but still there at a quarter, and stronger in chroma than in luma.
 *
 * Texture is read out three ways. Within each block, the part of each chroma plane's high-pass
 * (Immerkaer's mask) that is a multiple of luma's is removed (least squares): where a surface is
 * shaded, or two materials meet (leaves on soil), chroma changes in step with luma, whatever
 * the colours. Then luma's own sigma in those blocks is subtracted: a photo of dense foliage has
 * no flat block, and its chroma texture comes with more luma texture than blotches do. And the
 * result is capped at what channel noise could give over that luma (`MOTTLE_RATIO`), so a
 * smooth colour gradient (a green bokeh) with flat luma is not blotches. A blur, a JPEG, a
 * desaturation or a contrast cut only lower it.
 * @param luma quarter-scale luma, the same pixels as `quarters`.
 */
export function estimateChromaNoise(quarters: ChromaHalves, luma: LumaRaster): number {
  const { rg, yb, width: w, height: h } = quarters;
  const y = luma.data;
  const bw = floor((w - 2) / CHROMA_BLOCK);
  const bh = floor((h - 2) / CHROMA_BLOCK);
  if (bw < 1 || bh < 1) return 0;
  const n = bw * bh;
  const chromaEnergy = new Float64Array(n);
  const lumaEnergy = new Float64Array(n);
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      let yy = 0;
      let rr = 0;
      let bb = 0;
      let ry = 0;
      let byy = 0;
      for (let row = 1 + by * CHROMA_BLOCK; row < 1 + (by + 1) * CHROMA_BLOCK; row++) {
        for (let i = row * w + 1 + bx * CHROMA_BLOCK, end = i + CHROMA_BLOCK; i < end; i++) {
          const hy = mask(y, i, w);
          const hr = mask(rg, i, w);
          const hb = mask(yb, i, w);
          yy += hy * hy;
          rr += hr * hr;
          bb += hb * hb;
          ry += hr * hy;
          byy += hb * hy;
        }
      }
      const followsLuma = yy > 0 ? (ry * ry + byy * byy) / yy : 0;
      chromaEnergy[by * bw + bx] = max(0, rr + bb - followsLuma);
      lumaEnergy[by * bw + bx] = yy;
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => lumaEnergy[a]! - lumaEnergy[b]!);
  const k = max(1, floor(0.1 * n));
  let chroma = 0;
  let lumaSigma = 0;
  for (let j = 0; j < k; j++) {
    chroma += sqrt(chromaEnergy[order[j]!]!);
    lumaSigma += sqrt(lumaEnergy[order[j]!]!);
  }
  // Means of the blocks' sigmas; the mask's squared taps sum to 36 (response = 36 sigma²).
  const norm = 1 / (k * sqrt(36 * CHROMA_BLOCK * CHROMA_BLOCK));
  return max(0, min(chroma, MOTTLE_RATIO * lumaSigma) - lumaSigma) * norm;
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
 * Mottling (`estimateChromaNoise`) over which it counts: over every tuning original (0.00-0.78,
 * Plasma's BytheWater the highest), under the first level of the eval's denoise ladder on all
 * but one of them (1.07-1.84).
 */
export const MOTTLE_KNEE = 1.2;
/** Mottling past the knee that halves the term. */
const MOTTLE_SCALE = 1;

/**
 * Blockiness that halves the block term, and how sharply it turns: flat below ~0.15 (faint
 * blocking that a quality-70 encode leaves and a viewer does not see, which an exponential
 * charged a tenth of the score for, so that a mild blur that smeared the grid scored above a
 * small JPEG original) and steep past ~0.5 (a quality-25 encode and worse, charged as before).
 */
const BLOCK_HALF = 0.35;
const BLOCK_POWER = 3;

/**
 * Clean-ness in [0, 1] (1 = clean) from the luma noise sigma, JPEG blockiness and colour
 * mottling. The noise term has a knee at the grain of a clean camera photo (~1.5 of 255), so
 * denoising by blur or compression earns nothing, while any added noise costs; the mottling
 * term is what a denoiser leaves of the noise it smoothed (`estimateChromaNoise`).
 * @param mottling `estimateChromaNoise`; 0 (none) when not read.
 */
export function noiseScore(sigma: number, blockiness: number, mottling = 0): number {
  const excess = max(0, sigma - 1.2);
  const noiseTerm = 1 / (1 + (excess / 5) ** 1.5);
  const blockTerm = 1 / (1 + (blockiness / BLOCK_HALF) ** BLOCK_POWER);
  const mottle = max(0, mottling - MOTTLE_KNEE) / MOTTLE_SCALE;
  return (noiseTerm * blockTerm) / (1 + mottle * mottle);
}
