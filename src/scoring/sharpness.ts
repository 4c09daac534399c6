import type { LumaRaster } from './raster';

const REBLUR = 9;
const R = REBLUR >> 1;

/**
 * Crété-Roffet sharpness at one scale, both directions: the share of edge strength that a
 * 9-tap re-blur destroys (sharp edges lose most; an already blurred edge loses little). It is a
 * ratio, so contrast cancels. Only steps well above the noise count, so noise is not read as
 * detail: the "credit sharpness only where noise is low" gate. Works row by row with running
 * sums (no full-size blurred copy), since this is the scorer's hottest loop.
 * @returns [horizontal share, vertical share]
 */
function reblurShares(luma: LumaRaster, noiseSigma: number): [number, number] {
  const { data: d, width: w, height: h } = luma;
  const threshold = 2 + 4 * noiseSigma;
  const rowBlur = new Float32Array(w);
  // Vertical running sum of the 9 rows around the current one (edges clamped), and the
  // previous row's vertical blur.
  const colSum = new Float32Array(w);
  const prevV = new Float32Array(w);
  for (let k = -R; k <= R; k++) {
    const base = Math.min(h - 1, Math.max(0, k)) * w;
    for (let x = 0; x < w; x++) colSum[x]! += d[base + x]!;
  }
  let hD = 0;
  let hV = 0;
  let vD = 0;
  let vV = 0;
  for (let y = 0; y < h; y++) {
    const row = y * w;
    // Horizontal 9-tap box of this row, edges clamped.
    let s = 0;
    for (let k = -R; k <= R; k++) s += d[row + Math.min(w - 1, Math.max(0, k))]!;
    for (let x = 0; x < w; x++) {
      rowBlur[x] = s;
      const add = x + R + 1 < w ? x + R + 1 : w - 1;
      const sub = x - R > 0 ? x - R : 0;
      s += d[row + add]! - d[row + sub]!;
    }
    for (let x = 1; x < w; x++) {
      let di = d[row + x]! - d[row + x - 1]!;
      if (di < 0) di = -di;
      if (di <= threshold) continue;
      let db = (rowBlur[x]! - rowBlur[x - 1]!) / REBLUR;
      if (db < 0) db = -db;
      hD += di;
      if (di > db) hV += di - db;
    }
    // Vertical: colSum holds rows y-R..y+R.
    if (y > 0) {
      const up = row - w;
      for (let x = 0; x < w; x++) {
        let di = d[row + x]! - d[up + x]!;
        if (di < 0) di = -di;
        if (di <= threshold) continue;
        let db = (colSum[x]! - prevV[x]!) / REBLUR;
        if (db < 0) db = -db;
        vD += di;
        if (di > db) vV += di - db;
      }
    }
    prevV.set(colSum);
    const addRow = Math.min(h - 1, y + R + 1) * w;
    const subRow = Math.max(0, y - R) * w;
    for (let x = 0; x < w; x++) colSum[x]! += d[addRow + x]! - d[subRow + x]!;
  }
  return [hD > 0 ? hV / hD : 0, vD > 0 ? vV / vD : 0];
}

/** Sharpness of one scale: the blurrier direction decides, so motion blur is caught. */
function scaleSharpness(luma: LumaRaster, noiseSigma: number): number {
  const [horizontal, vertical] = reblurShares(luma, noiseSigma);
  return Math.min(horizontal, vertical);
}

/**
 * Re-blur sharpness at each scale of a pyramid (full, half, quarter resolution, each made by
 * `halve`). Fine scales tell a sharp photo from a slightly soft one; coarse scales keep telling
 * a blurred photo from a more blurred one after the fine ones bottom out.
 * @param noiseSigma luma noise sigma at full scale (0..255), from `estimateNoise`; 2x2
 *   averaging halves it at each step.
 */
export function sharpnessScales(pyramid: readonly LumaRaster[], noiseSigma: number): number[] {
  return pyramid.map((luma, k) => scaleSharpness(luma, noiseSigma / 2 ** k));
}

/**
 * Sharpness in [0, 1] from the per-scale re-blur shares, discounted by noise: detail under
 * heavy noise is not detail a viewer can use.
 */
export function sharpnessScore(scales: readonly number[], noiseSigma: number): number {
  const weights = [0.5, 0.3, 0.2];
  let s = 0;
  for (let k = 0; k < weights.length; k++) s += weights[k]! * (scales[k] ?? 0);
  const gate = 1 / (1 + (Math.max(0, noiseSigma - 1.2) / 12) ** 2);
    // A crisp photo shares ~0.8 of its edge strength above 1-2 px; a sigma-3 blur ~0.4.
  const credited = Math.min(1, Math.max(0, (s - 0.1) / 0.75));
  return credited * gate;
}
