import { halve, type LumaRaster } from './raster';

const REBLUR = 9;

/** Running 9-tap box filter along rows (`alongRows`) or columns, edges clamped. */
function boxBlur(luma: LumaRaster, alongRows: boolean): Float32Array {
  const { data: d, width: w, height: h } = luma;
  const out = new Float32Array(d.length);
  const r = REBLUR >> 1;
  const len = alongRows ? w : h;
  const count = alongRows ? h : w;
  const step = alongRows ? 1 : w;
  const lineStep = alongRows ? w : 1;
  for (let line = 0; line < count; line++) {
    const base = line * lineStep;
    let s = 0;
    for (let k = -r; k <= r; k++) s += d[base + Math.min(len - 1, Math.max(0, k)) * step]!;
    for (let t = 0; t < len; t++) {
      out[base + t * step] = s / REBLUR;
      const add = Math.min(len - 1, t + r + 1);
      const sub = Math.max(0, t - r);
      s += d[base + add * step]! - d[base + sub * step]!;
    }
  }
  return out;
}

/**
 * Crété-Roffet sharpness at one scale, in one direction: the share of edge strength that a
 * 9-tap re-blur destroys (sharp edges lose most; an already blurred edge loses little). It is a
 * ratio, so contrast cancels. Only steps well above the noise count, so noise is not read as
 * detail: the "credit sharpness only where noise is low" gate.
 */
function reblurShare(luma: LumaRaster, alongRows: boolean, noiseSigma: number): number {
  const { data: d, width: w, height: h } = luma;
  const b = boxBlur(luma, alongRows);
  const off = alongRows ? 1 : w;
  const threshold = 2 + 4 * noiseSigma;
  let sumD = 0;
  let sumV = 0;
  const y0 = alongRows ? 0 : 1;
  for (let y = y0; y < h; y++) {
    const row = y * w;
    for (let x = alongRows ? 1 : 0; x < w; x++) {
      const i = row + x;
      let di = d[i]! - d[i - off]!;
      if (di < 0) di = -di;
      if (di <= threshold) continue;
      let db = b[i]! - b[i - off]!;
      if (db < 0) db = -db;
      sumD += di;
      if (di > db) sumV += di - db;
    }
  }
  return sumD > 0 ? sumV / sumD : 0;
}

/** Sharpness of one scale: the blurrier direction decides, so motion blur is caught. */
function scaleSharpness(luma: LumaRaster, noiseSigma: number): number {
  return Math.min(reblurShare(luma, true, noiseSigma), reblurShare(luma, false, noiseSigma));
}

/** Per-scale raw sharpness (full, half, quarter resolution) and the coarse raster for reuse. */
export interface SharpnessScales {
  readonly scales: readonly number[];
  readonly quarter: LumaRaster;
}

/**
 * Re-blur sharpness at three scales. Fine scales tell a sharp photo from a slightly soft one;
 * coarse scales keep telling a blurred photo from a more blurred one after the fine ones bottom out.
 * @param noiseSigma luma noise sigma at full scale (0..255), from `estimateNoise`.
 */
export function sharpnessScales(luma: LumaRaster, noiseSigma: number): SharpnessScales {
  const half = halve(luma);
  const quarter = halve(half);
  return {
    scales: [
      scaleSharpness(luma, noiseSigma),
      scaleSharpness(half, noiseSigma / 2),
      scaleSharpness(quarter, noiseSigma / 4),
    ],
    quarter,
  };
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
