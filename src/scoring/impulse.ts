import type { LumaRaster } from './raster';
import * as math from './math';

// Module constants, read once: see math.ts.
const { abs, max, toNumber } = math;

/** Luma levels a pixel must stand beyond all four neighbours to be an impulse. */
const MIN_EXCESS = 24;

/**
 * Impulse ("salt and pepper") noise: the fraction of pixels that stand alone, brighter or
 * darker than all four neighbours by more than 24 luma levels and by more than twice the spread
 * of those neighbours. The second condition keeps Gaussian noise and texture out (there the
 * neighbours disagree as much as the centre does), so only isolated outliers on smooth ground
 * count: dropped-out sensor pixels, transmission errors, salt-and-pepper. Read on every other
 * row, with no branch on the image (a branch on whether a pixel is an outlier would mispredict).
 */
export function impulseFraction(luma: LumaRaster): number {
  const { data: d, width: w, height: h } = luma;
  if (w < 3 || h < 3) return 0;
  let count = 0;
  let read = 0;
  // Every other row: a share needs no more, and this halves the cost.
  for (let y = 1; y < h - 1; y += 2) {
    read += w - 2;
    count += impulseCount(d, w, y * w, 1, w - 1);
  }
  return count / read;
}

/**
 * Impulses among pixels `from` to `to` (exclusive) of the row starting at index `row`, which is
 * neither the first nor the last row; `from` >= 1 and `to` <= width - 1.
 */
export function impulseCount(d: Float32Array, w: number, row: number, from: number, to: number): number {
  let count = 0;
  // The pixel is carried as the next one's left neighbour: one load a pixel on the path most
  // pixels take.
  let c = d[row + from - 1]!;
  for (let x = from; x < to; x++) {
    const i = row + x;
    const a = c;
    c = d[i]!;
    // Within MIN_EXCESS of its left neighbour a pixel cannot be an impulse (it would have
    // to stand beyond that neighbour by more), and on a photo nearly every pixel is: the
    // branch is taken almost always, so it is predicted, and the test below runs only at
    // edges, texture and noise.
    if (abs(c - a) <= MIN_EXCESS) continue;
    count += impulseAt(c, a, d[i + 1]!, d[i - w]!, d[i + w]!);
  }
  return count;
}

/**
 * 1 when a pixel of luma `c` is an impulse among its neighbours `a` (left), `b` (right), `u`
 * (above) and `v` (below), else 0: beyond all four by more than MIN_EXCESS and by twice their
 * spread. No branch on the image.
 */
export function impulseAt(c: number, a: number, b: number, u: number, v: number): number {
  // Branch-free max and min: (p + q + |p - q|) / 2.
  const m1 = a + b + abs(a - b);
  const m2 = u + v + abs(u - v);
  const high = 0.25 * (m1 + m2 + abs(m1 - m2));
  const n1 = a + b - abs(a - b);
  const n2 = u + v - abs(u - v);
  const low = 0.25 * (n1 + n2 - abs(n1 - n2));
  const p = c - high;
  const q = low - c;
  const beyond = 0.5 * (p + q + abs(p - q));
  const limit = MIN_EXCESS + 2 * (high - low);
  return toNumber(beyond > limit);
}

/**
 * Impulse-noise score in [0, 1] (1 = none) from `impulseFraction`. A few isolated points are
 * normal (stars, specular glints): the knee sits at 0.05% of pixels.
 */
export function impulseScore(fraction: number): number {
  const excess = max(0, fraction - 0.0005);
  return 1 / (1 + (excess / 0.002) ** 1.2);
}
