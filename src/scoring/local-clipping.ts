import type { RgbRaster } from './raster';
import * as math from './math';

// Module constants, read once: see math.ts.
const { log2, max } = math;

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
  let count = 0;
  let read = 0;
  for (let y = 0; y < h; y += 2) {
    const row = 3 * y * w;
    for (let c = 0; c < 3; c++) count += clipPairsInRow(d, row + c, w);
    read += 3 * w;
  }
  return count / read;
}

/** Values of one channel of one row (`start` its first index, stride 3) that close a pair. */
function clipPairsInRow(d: Uint8Array, start: number, w: number): number {
  let count = 0;
  // Where the channel was last 0 and last 255 (far before the row when not yet seen).
  let last0 = -REACH - 1;
  let last255 = -REACH - 1;
  for (let x = 0; x < w; x++) {
    const v = d[start + 3 * x]!;
    // Most values are neither: one branch, predicted.
    if (v !== 0 && v !== 255) continue;
    if (v === 0) {
      if (x - last255 <= REACH) count++;
      last0 = x;
    } else {
      if (x - last0 <= REACH) count++;
      last255 = x;
    }
  }
  return count;
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
  const e = max(0, log2(share / KNEE)) / DOUBLINGS;
  return 1 / (1 + e * e);
}
