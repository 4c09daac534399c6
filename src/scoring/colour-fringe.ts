import type { ChromaHalves } from './chroma-bleed';
import type { LumaRaster } from './raster';
import * as math from './math';

// Module constants, read once: see math.ts.
const { abs, max, sqrt } = math;

/** Largest displacement looked for, in half-scale pixels (16 px of the 768 px raster). */
const LAGS = 8;

/** Half-scale step of (R+B)/2 (levels, before the noise's share) over which a pixel is on an edge. */
const EDGE_STEP = 8;

/**
 * Edge pixels a direction needs before its centroid is read: a smooth render with a handful of
 * edges (1 and 10 on one held-out wallpaper) gives a centroid of noise, read as a 1.5 px shift.
 */
const MIN_EDGES = 100;

/**
 * How far the green channel sits from red and blue at their edges, in half-scale pixels: the
 * centroid of the cross-correlation between the step of (R+B)/2 at each of its edges and the
 * step of green up to `LAGS` pixels either side, per direction, then the length of the two.
 * Registered channels change together (the correlation peaks at 0 and is symmetric, so the
 * centroid is ~0); a green channel displaced toward some direction (misregistered channels, a
 * shifted colour plane, KADID's colour shift) moves part of its steps there, and the centroid
 * with it, by about the displacement times the share of the edges it reached. Lens lateral
 * chromatic aberration points outward from the centre, opposite ways on opposite sides, so a
 * mild one mostly cancels here. A black-and-white photo has green equal to red and blue: its
 * correlation is green's own autocorrelation, symmetric, so ~0.
 *
 * Every other pixel of every row (a checkerboard), both directions; green and (R+B)/2 come from
 * the half-scale luma and opponent chroma (G = L - 0.356 (R-G) + 0.114 ((R+G)/2-B) for the Rec.
 * 601 weights), so no pass over the full raster is added.
 * @param luma half-scale luma (`halve` of the full scale).
 * @param chroma half-scale chroma of the same pixels (`chromaHalves`).
 * @param noiseSigma luma noise sigma at full scale, from `estimateNoise`.
 * @param green where to write half-scale green (as long as `luma`).
 * @param magenta where to write half-scale (R+B)/2 (as long).
 */
export function greenShift(
  luma: LumaRaster,
  chroma: ChromaHalves,
  noiseSigma: number,
  green: Float32Array,
  magenta: Float32Array,
): number {
  const { width: w, height: h } = luma;
  const n = w * h;
  const L = luma.data;
  const rg = chroma.rg;
  const yb = chroma.yb;
  for (let i = 0; i < n; i++) {
    const g = L[i]! - 0.356 * rg[i]! + 0.114 * yb[i]!;
    green[i] = g;
    magenta[i] = g + 0.75 * rg[i]! - 0.5 * yb[i]!;
  }
  // Half-scale noise is half the full scale's; four sigmas of it, as sharpness gates its edges.
  const threshold = EDGE_STEP + 2 * noiseSigma;
  const correlation = new Float64Array(2 * LAGS + 1);
  const dx = centroid(green, magenta, w, h, 1, threshold, correlation);
  correlation.fill(0);
  const dy = centroid(green, magenta, w, h, w, threshold, correlation);
  return sqrt(dx * dx + dy * dy);
}

/**
 * Centroid, in pixels, of the positive part of the cross-correlation of (R+B)/2's steps at its
 * edges with green's steps `k` pixels along `s` (1: across columns, width: across rows); 0 with
 * under `MIN_EDGES` edges.
 */
function centroid(G: Float32Array, M: Float32Array, w: number, h: number, s: number, threshold: number, a: Float64Array): number {
  const margin = LAGS + 1;
  let edges = 0;
  for (let y = margin; y < h - margin; y++) {
    for (let x = margin + (y & 1); x < w - margin; x += 2) {
      const i = y * w + x;
      const step = M[i]! - M[i - s]!;
      if (!(abs(step) > threshold)) continue;
      edges++;
      for (let k = -LAGS; k <= LAGS; k++) {
        const j = i + k * s;
        a[k + LAGS]! += step * (G[j]! - G[j - s]!);
      }
    }
  }
  // Too few edges and there is no registration to read. (The correlation at lag 0 may be
  // negative: a whole-pixel shift of sharp edges leaves green's steps beside red and blue's.)
  if (edges < MIN_EDGES) return 0;
  let moment = 0;
  let mass = 0;
  for (let k = -LAGS; k <= LAGS; k++) {
    const v = max(0, a[k + LAGS]!);
    moment += k * v;
    mass += v;
  }
  return mass > 0 ? moment / mass : 0;
}

/**
 * Displacement (half-scale pixels) over which green counts as shifted: above every tuning
 * original (0.14 at most; a dark, noisy night photo gave 0.33 before `MIN_EDGES`, 0.21 since).
 */
const KNEE = 0.35;
const SCALE = 0.3;

/**
 * Colour-fringe score in [0, 1] (1 = channels registered) from `greenShift`: knee then
 * 1/(1 + (excess/scale)²).
 */
export function colourFringeScore(shift: number): number {
  const excess = max(0, shift - KNEE);
  return 1 / (1 + (excess / SCALE) ** 2);
}
