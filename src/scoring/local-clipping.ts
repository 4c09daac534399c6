import type { RgbRaster } from './raster';
import * as math from './math';

// Module constants, read once: see math.ts.
const { log2, min } = math;

/** How near (pixels along a row) the opposite clip must be for a clipped value to count. */
const REACH = 8;

/**
 * Share of channel values (every other row) clipped at 0 or 255 with the same channel clipped at
 * the other end within `REACH` pixels before it on the row: black and white side by side.
 *
 * Clipping alone is no fault: a sky blows out, a shadow goes black, and each is a broad region
 * at one end. Both ends a few pixels apart is what local contrast pushed far past the gamut
 * leaves: an unsharp mask of a large amount overshoots to white on the bright side of every
 * strong edge and to black on the dark side (KADID's K24 at x3-x12), and heavy salt-and-pepper
 * noise or an oversaturation clips neighbours at both ends too. A photograph's own black and
 * white meet through antialiased, blurred edges, so the tuning and held-out originals have
 * 0.00-0.06% of values so placed, while over-sharpening's share keeps rising with the amount
 * (~0.1% at KADID's x1, ~10% at x12 on a typical photo), where the halo share, which amplified
 * texture dilutes, falls again.
 */
export function localClippingShare(raster: RgbRaster): number {
  const { data: d, width: w, height: h } = raster;
  if (w < 2 || h < 1) return 0;
  // Where each channel was last 0 and last 255, as pixel indices on the row being read.
  const last = new Int32Array(6);
  let count = 0;
  let read = 0;
  for (let y = 0; y < h; y += 2) {
    last.fill(-REACH - 1);
    count += clipPairsInRow(d, 3 * y * w, w, last);
    read += 3 * w;
  }
  return count / read;
}

/**
 * Channel values of one row (`start` its first index) that close a pair; `last` holds, per
 * channel, the index of its last 0 (slot c) and last 255 (slot 3 + c).
 */
function clipPairsInRow(d: Uint8Array, start: number, w: number, last: Int32Array): number {
  let count = 0;
  for (let x = 0; x < w; x++) {
    const i = start + 3 * x;
    const r = d[i]!;
    const g = d[i + 1]!;
    const b = d[i + 2]!;
    // (v + 1) & 255 is 0 for 255 and 1 for 0: one test for the pixel, and most pixels stop here.
    if (min((r + 1) & 255, (g + 1) & 255, (b + 1) & 255) > 1) continue;
    count += clipPair(r, 0, x, last) + clipPair(g, 1, x, last) + clipPair(b, 2, x, last);
  }
  return count;
}

/** 1 when channel `c`'s value `v` at `x` is clipped with the other end within REACH before it. */
function clipPair(v: number, c: number, x: number, last: Int32Array): number {
  if (v === 0) {
    last[c] = x;
    return x - last[3 + c]! <= REACH ? 1 : 0;
  }
  if (v === 255) {
    last[3 + c] = x;
    return x - last[c]! <= REACH ? 1 : 0;
  }
  return 0;
}

/**
 * Knee and scale, in doublings. The knee sits above every original of the tuning and held-out
 * sets (up to 0.06%: a butterfly's black and white wing patches, which meet crisply); above it
 * the score falls by the number of doublings, 1/(1 + (log2(share / knee) / 1.5)²): local
 * clipping spans two decades across an over-sharpening ladder, and each doubling must still
 * cost something.
 */
const KNEE = 0.001;
const DOUBLINGS = 1.5;

/** Local-clipping score in [0, 1] (1 = none) from `localClippingShare`. */
export function localClippingScore(share: number): number {
  if (share <= KNEE) return 1;
  // Past the knee the logarithm is positive: no clamp needed.
  const e = log2(share / KNEE) / DOUBLINGS;
  return 1 / (1 + e * e);
}
