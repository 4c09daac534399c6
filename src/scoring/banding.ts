import type { LumaRaster } from './raster';
import * as math from './math';

// Module constants, read once: see math.ts.
const { abs, max, toNumber } = math;

/** Luma levels of a step that counts as a visible band edge. */
const STEP = 3;
/** Sum of the four flank steps' magnitudes under which both flanks are flat. */
const FLAT = 1;

/**
 * Banding (posterisation, colour or level quantisation): the fraction of horizontal pixel pairs
 * (on every other row; bands cross rows as often as columns, and the vertical pass doubled the
 * cost)
 * where a step of 3 luma levels or more sits between two flat runs of at least three pixels,
 * the flat areas broken by steps that a quantised image is made of. Natural edges ramp over a
 * pixel or two and their flanks carry texture or grain, and a smooth natural gradient steps by
 * a level at a time, so neither counts; a sky cut to a few dozen colours counts along every band.
 */
export function bandingFraction(luma: LumaRaster): number {
  const { data: d, width: w, height: h } = luma;
  if (w < 8 || h < 8) return 0;
  let count = 0;
  let read = 0;
  // Every other row: a share needs no more, and this halves the cost.
  for (let y = 0; y < h; y += 2) {
    read += w - 5;
    count += rowBandEdges(d, y * w, w);
  }
  return count / read;
}

/**
 * Band edges along one row (starting at index `row`, `w` pixels), steps 4 to w - 1 judged: the
 * loop of `bandingFraction`, which the fused luma-row pass (luma-rows.ts) also calls for the rows
 * its peak test does not read.
 */
export function rowBandEdges(d: Float32Array, row: number, w: number): number {
  let count = 0;
  let d0 = abs(d[row + 1]! - d[row]!);
  let d1 = abs(d[row + 2]! - d[row + 1]!);
  let d2 = abs(d[row + 3]! - d[row + 2]!);
  let d3 = abs(d[row + 4]! - d[row + 3]!);
  // The pixel is carried as the next step's left end: one load a pixel.
  let left = d[row + 4]!;
  for (let x = 4; x < w - 1; x++) {
    const right = d[row + x + 1]!;
    const d4 = abs(right - left);
    left = right;
    count += bandEdge(d0, d1, d2, d3, d4);
    d0 = d1;
    d1 = d2;
    d2 = d3;
    d3 = d4;
  }
  return count;
}

/**
 * 1 when the step `d2` (absolute, between two pixels) is a band edge between flat runs, given the
 * two steps before it (`d0`, `d1`) and the two after (`d3`, `d4`), else 0. No branch on the image.
 */
export function bandEdge(d0: number, d1: number, d2: number, d3: number, d4: number): number {
  return toNumber(d2 >= STEP) * toNumber(d0 + d1 + d3 + d4 < FLAT);
}

/**
 * Banding score in [0, 1] (1 = none) from `bandingFraction`. Graphics, letterbox bars and
 * clipped skies next to flat areas give a little: the knee sits at 0.1% of pixel pairs.
 */
export function bandingScore(fraction: number): number {
  const excess = max(0, fraction - 0.001);
  return 1 / (1 + (excess / 0.006) ** 1.5);
}
