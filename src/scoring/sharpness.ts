import type { StepProfiles } from './blockiness';
import type { LumaRaster } from './raster';
import * as math from './math';

// Module constants, read once: see math.ts.
const { abs, fround, max, min, toNumber } = math;

const REBLUR = 9;
const R = REBLUR >> 1;

/**
 * Crété-Roffet sharpness at one scale, both directions: the share of edge strength that a
 * 9-tap re-blur destroys (sharp edges lose most; an already blurred edge loses little). It is a
 * ratio, so contrast cancels. Only steps well above the noise count, so noise is not read as
 * detail: the "credit sharpness only where noise is low" gate. Works row by row with running
 * sums (no full-size blurred copy), since this is the scorer's hottest loop.
 *
 * Branch-free: whether a step is an edge, and its sign, follow the photo, so branches on them
 * were mispredicted about as often as taken; abs (one instruction) and 0/1 factors replace
 * them. Adding 0 or multiplying by 1 is exact, so the sums are the branchy ones bit for bit.
 * Per row, one loop does the horizontal box and steps (no row buffer: fround rounds the box sum
 * as the Float32Array buffer did) and the vertical steps and the update of the vertical sums
 * (two arrays swapped instead of a copy), with the same float operations in the same order as
 * before (each sum is one direction's, so interleaving the two directions reorders none). No
 * division per pixel: a step's gain is kept as 9 x step - |change of the 9-tap box sum| (the
 * sum, not the mean) and its positive part as gain + |gain| (max compiled to branches), and the
 * two scale factors are divided out of the totals once. Only rounding
 * differs, by under 1e-13 on the fingerprinted images. What each step saved is in
 * docs/scorer.md, "Speed work".
 * @returns [horizontal share, vertical share]
 */
function reblurShares(luma: LumaRaster, noiseSigma: number, profiles?: StepProfiles): [number, number] {
  const { data: d, width: w, height: h } = luma;
  // The step sums go to `profiles` or, at the scales that need none, to a throwaway row: one
  // loop body for every scale, no test per pixel. The last row's horizontal steps are not in
  // the column sums (stepProfiles stops a row short), so that row writes to the throwaway too.
  const sink = new Float64Array(max(w, h));
  const columns = profiles?.columns ?? sink;
  const rows = profiles?.rows ?? sink;
  const threshold = 2 + 4 * noiseSigma;
  // Row y with R clamped copies of its edge pixels on each side: the box needs no edge tests.
  const padded = new Float64Array(w + 2 * R);
  // Vertical sums of the 9 rows around row y (edges clamped), and of the rows around y - 1;
  // the latter is overwritten with row y + 1's sums as it is read, then the two swap.
  let colSum = new Float32Array(w);
  let prevV = new Float32Array(w);
  for (let k = -R; k <= R; k++) {
    const base = min(h - 1, max(0, k)) * w;
    for (let x = 0; x < w; x++) colSum[x]! += d[base + x]!;
  }
  let hD = 0;
  let hV = 0;
  let vD = 0;
  let vV = 0;
  const last = w - 1;
  for (let y = 0; y < h; y++) {
    const row = y * w;
    // Row 0 has no row above: it is its own, so its vertical steps are 0, not edges, and add
    // exactly 0 to the sums (and its row step sum is not kept).
    const up = y > 0 ? row - w : row;
    const addRow = min(h - 1, y + R + 1) * w;
    const subRow = max(0, y - R) * w;
    const first = d[row]!;
    for (let k = 0; k < R; k++) {
      padded[k] = first;
      padded[w + R + k] = d[row + last]!;
    }
    padded.set(d.subarray(row, row + w), R);
    let s = 0;
    for (let k = 0; k <= 2 * R; k++) s += padded[k]!;
    let blurLeft = fround(s);
    let left = first;
    const stepSums = y < h - 1 ? columns : sink;
    let rowSteps = 0;
    // One loop for both directions: the vertical step at x (to the row above), then the
    // horizontal step from x to x + 1. Each sum still takes its terms in the order the two
    // loops took them (every sum is one direction's), so the results are the same bits; the
    // two directions share the loop and the load of the pixel at x.
    for (let x = 0; x < last; x++) {
      const v = colSum[x]!;
      const dv = abs(left - d[up + x]!);
      rowSteps += dv;
      const gv = REBLUR * dv - abs(v - prevV[x]!);
      const ev = toNumber(dv > threshold);
      vD += ev * dv;
      vV += ev * (gv + abs(gv));
      prevV[x] = v + (d[addRow + x]! - d[subRow + x]!);
      const here = padded[R + x + 1]!;
      s += padded[x + 1 + 2 * R]! - padded[x]!;
      const blur = fround(s);
      const di = abs(here - left);
      stepSums[x]! += di;
      const gain = REBLUR * di - abs(blur - blurLeft);
      const edge = toNumber(di > threshold);
      hD += edge * di;
      hV += edge * (gain + abs(gain));
      blurLeft = blur;
      left = here;
    }
    // The row's step sum leaves out the last column, as stepProfiles does: that column's
    // vertical step is the loop's once more, after the sum is stored.
    if (y > 0) rows[y - 1] = rowSteps;
    const v = colSum[last]!;
    const dv = abs(d[row + last]! - d[up + last]!);
    const gv = REBLUR * dv - abs(v - prevV[last]!);
    const ev = toNumber(dv > threshold);
    vD += ev * dv;
    vV += ev * (gv + abs(gv));
    prevV[last] = v + (d[addRow + last]! - d[subRow + last]!);
    const spare = prevV;
    prevV = colSum;
    colSum = spare;
  }
  return [hD > 0 ? hV / (2 * REBLUR * hD) : 0, vD > 0 ? vV / (2 * REBLUR * vD) : 0];
}

/** Sharpness of one scale: the blurrier direction decides, so motion blur is caught. */
function scaleSharpness(luma: LumaRaster, noiseSigma: number, profiles?: StepProfiles): number {
  const [horizontal, vertical] = reblurShares(luma, noiseSigma, profiles);
  return min(horizontal, vertical);
}

/**
 * Re-blur sharpness at each scale of a pyramid (full, half, quarter resolution, each made by
 * `halve`). Fine scales tell a sharp photo from a slightly soft one; coarse scales keep telling
 * a blurred photo from a more blurred one after the fine ones bottom out.
 * @param noiseSigma luma noise sigma at full scale (0..255), from `estimateNoise`; 2x2
 *   averaging halves it at each step.
 * @param profiles when given (zero-filled, sized as `stepProfiles` sizes them), receives the
 *   full scale's step sums, the same as `stepProfiles(pyramid[0])` bit for bit: the re-blur
 *   takes the same absolute steps, so blockiness and pixelation need no pass of their own.
 */
export function sharpnessScales(pyramid: readonly LumaRaster[], noiseSigma: number, profiles?: StepProfiles): number[] {
  return pyramid.map((luma, k) => scaleSharpness(luma, noiseSigma / 2 ** k, k === 0 ? profiles : undefined));
}

/**
 * Sharpness in [0, 1] from the per-scale re-blur shares, discounted by noise: detail under
 * heavy noise is not detail a viewer can use.
 */
export function sharpnessScore(scales: readonly number[], noiseSigma: number): number {
  const weights = [0.5, 0.3, 0.2];
  let s = 0;
  for (let k = 0; k < weights.length; k++) s += weights[k]! * (scales[k] ?? 0);
  const gate = 1 / (1 + (max(0, noiseSigma - 1.2) / 12) ** 2);
    // A crisp photo shares ~0.8 of its edge strength above 1-2 px; a sigma-3 blur ~0.4.
  const credited = min(1, max(0, (s - 0.1) / 0.75));
  return credited * gate;
}
