import type { LumaRaster } from './raster';
import * as math from './math';

// Module constants, read once: see math.ts.
const { abs, max, sqrt } = math;

/** Luma levels per pixel (central difference) an edge must climb to be read. */
const MIN_GRADIENT = 16;
/** Histogram of curvature: BINS bins of 1 / BINS px⁻¹ each; the last bin holds the rest. */
const BINS = 256;
/** The share of the smoothest edge pixels whose curvature is read (the 25th percentile). */
const QUANTILE = 0.25;
/** Fewer judged edge pixels than this and the image is not judged (its edges say nothing). */
const MIN_EDGES = 200;

/**
 * How ragged the image's strong edges are: the isophote curvature |I_tt| / |∇I| (the second
 * derivative along the edge, over the gradient) at pixels whose gradient is 16+ levels per pixel,
 * its 25th percentile over those pixels, in 1/px. Every other row.
 *
 * An edge in a photograph is a smooth contour: along it the luma changes slowly, whatever the
 * edge's orientation, contrast or blur, so the smoother part of a photo's edges has a small
 * curvature (the originals' 25th percentile: 0.00-0.32 tuning, 0.00-0.27 held out). A per-pixel random displacement
 * (KADID's jitter) moves each pixel along the gradient by its own amount, which adds noise in
 * proportion to the gradient exactly where the edges are, and every edge turns ragged: the
 * percentile rises towards a constant of the displacement (about 0.36 at 0.5 px). A blur lowers
 * it (smoother contours); the quantile, not the mean, keeps the photo's texture, whose contours
 * bend everywhere, out of the reading as far as the photo has some smooth edges at all. Flat
 * regions are never read, so noise on flat ground, which `noise` reads, does not enter.
 */
export function edgeRoughness(luma: LumaRaster): number {
  const { data: d, width: w, height: h } = luma;
  if (w < 3 || h < 3) return 0;
  const hist = new Uint32Array(BINS);
  let edges = 0;
  for (let y = 1; y < h - 1; y += 2) edges += roughnessRow(d, w, y * w, hist);
  if (edges < MIN_EDGES) return 0;
  const target = QUANTILE * edges;
  let seen = 0;
  for (let b = 0; b < BINS; b++) {
    const next = seen + hist[b]!;
    // Linear within the bin, so the percentile moves smoothly with the image, not in bin steps.
    if (next >= target) return (b + (target - seen) / max(1, hist[b]!)) / BINS;
    seen = next;
  }
  return 1;
}

/**
 * Adds the curvature of each strong-edge pixel of one row (neither the first nor the last) to
 * `hist`, and returns how many it added.
 */
function roughnessRow(d: Float32Array, w: number, row: number, hist: Uint32Array): number {
  let n = 0;
  const min2 = 4 * MIN_GRADIENT * MIN_GRADIENT;
  // The row's pixels are carried along it (left, centre, right): one load a pixel of the row.
  let l = d[row]!;
  let c = d[row + 1]!;
  for (let x = 1; x < w - 1; x++) {
    const i = row + x;
    const r = d[i + 1]!;
    const u = d[i - w]!;
    const v = d[i + w]!;
    // Twice the central differences: the threshold is squared and scaled to match.
    const gx2 = r - l;
    const gy2 = v - u;
    const g2 = gx2 * gx2 + gy2 * gy2;
    if (g2 >= min2) {
      const ixx = r - 2 * c + l;
      const iyy = v - 2 * c + u;
      const ixy = 0.25 * (d[i + w + 1]! - d[i + w - 1]! - d[i - w + 1]! + d[i - w - 1]!);
      // I_tt |∇I|² = gy² Ixx - 2 gx gy Ixy + gx² Iyy, with gx = gx2 / 2: the 1/4 cancels
      // against |∇I|³ = (g2 / 4)^1.5 as a factor of 2.
      const itt = gy2 * gy2 * ixx - 2 * gx2 * gy2 * ixy + gx2 * gx2 * iyy;
      // k >= 0 and far below 2^31 / BINS, so | 0 is floor.
      const bin = ((2 * abs(itt)) / (g2 * sqrt(g2))) * BINS | 0;
      hist[bin < BINS ? bin : BINS - 1]!++;
      n++;
    }
    l = c;
    c = r;
  }
  return n;
}

/**
 * Knee and scale of the curvature. The knee sits just above the tuning originals' 25th
 * percentiles (up to 0.32: a path through long grass, where texture leaves few smooth edges);
 * KADID's jitter at sigma 0.5 px gives 0.34-0.39 on every tuning photo and at 1 px 0.39-0.48,
 * whatever the original's own value, so there is little room between the two.
 */
const KNEE = 0.33;
const SCALE = 0.04;

/**
 * Edge-roughness score in [0, 1] (1 = smooth edges) from `edgeRoughness`: 1 up to the knee,
 * then 1/(1 + (excess/scale)²).
 */
export function edgeRoughnessScore(curvature: number): number {
  const excess = max(0, curvature - KNEE);
  return 1 / (1 + (excess / SCALE) ** 2);
}
