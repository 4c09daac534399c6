import type { LumaRaster } from './raster';
import * as math from './math';

// Module constants, read once: see math.ts.
const { abs, imul, max, toNumber } = math;

/** Truncation to a 32-bit integer. */
function toInt(v: number): number {
  return v | 0;
}

/** Scale of luma before hashing: luma is a float32 with about 16 bits below the point at 255. */
const QUANTUM = 4096;

/**
 * Luma levels by which a peak must rise above its four neighbours to be a landmark: half a level,
 * so that a dark or smooth photo still has enough peaks for a share (2 levels left a dark one
 * with a few dozen).
 */
const PROMINENCE = 0.5;
/** Farthest offset, in pixels on either axis, at which a twin counts as a nearby copy. */
const NEAR = 12;
/** Half the side of the window two twins must match in exactly (5 x 5). */
const MATCH = 2;
/** Fewest distinct luma values a matching window must hold (of 25). */
const MIN_DISTINCT = 12;

/**
 * Slots of the table of recent peaks (a power of two). Twins lie within `NEAR` rows of each other,
 * so the table need only hold the last few dozen rows' peaks: a slot is overwritten by a later peak
 * of the same hash, which loses nothing near.
 */
const SLOT_BITS = 14;

/**
 * Copied patches: the share of the image's peaks (pixels half a luma level or more above their
 * four neighbours and above the diagonal ones) whose 5 x 5 neighbourhood appears again, value for
 * value, around another peak at most 12 px away, and holds 12+ distinct values. A patch of the
 * image copied over a nearby place (KADID-10k's non-eccentricity patch, a clone-stamp slip, a
 * dropped tile concealed by its neighbour) duplicates every peak of the part whose source it did
 * not cover, exactly; a photograph never repeats a textured neighbourhood to the last bit
 * (grain, demosaicing and compression differ everywhere), and flat or pixelated areas hold no
 * strict peak. Peaks are indexed by a hash of their cross of five values in a small table of
 * recent peaks; only a hash seen before, near enough, is followed up. Every row is read: a copy
 * moves content by any offset, so a subsample of rows would miss the twins on skipped rows.
 */
export function copiedPatchShare(luma: LumaRaster): number {
  const { data: d, width: w, height: h } = luma;
  if (w < 2 * MATCH + 3 || h < 2 * MATCH + 3) return 0;
  const seen = peakTable();
  const counts = new Float64Array(2);
  for (let y = MATCH; y < h - MATCH; y++) {
    const row = y * w;
    // The step into and out of each pixel along the row, carried from one pixel to the next: a
    // peak rises by half a level or more from each of its four neighbours. Tested as one flag, not
    // a branch per neighbour: the steps follow the photo, so such branches are often mispredicted.
    // The right neighbour is carried as the next pixel's centre: one load fewer a pixel.
    let right = d[row + MATCH]!;
    let rise = right - d[row + MATCH - 1]!;
    for (let x = MATCH; x < w - MATCH; x++) {
      const i = row + x;
      const c = right;
      right = d[i + 1]!;
      const fall = c - right;
      const u = d[i - w]!;
      const v = d[i + w]!;
      const peak =
        toNumber(rise >= PROMINENCE) &
        toNumber(fall >= PROMINENCE) &
        toNumber(c - u >= PROMINENCE) &
        toNumber(c - v >= PROMINENCE);
      rise = -fall;
      if (peak !== 0) followPeak(d, w, i, x, y, seen, counts);
    }
  }
  return copiedShare(counts);
}

/** A new table of recent peaks for `followPeak`: pixel index + 1 of the latest peak per hash slot, 0 = none yet. */
export function peakTable(): Int32Array {
  return new Int32Array(1 << SLOT_BITS);
}

/** The share from `followPeak`'s counts [peaks, twins]. */
export function copiedShare(counts: Float64Array): number {
  const peaks = counts[0]!;
  return peaks === 0 ? 0 : counts[1]! / peaks;
}

/**
 * The rest of the test for pixel `i` (at `x`, `y`), already above its four neighbours by
 * PROMINENCE: above its diagonal ones too, it is a peak, counted in `counts[0]`; its cross of
 * five values is hashed into `seen`, and a twin found there near enough and with the same
 * window is counted in `counts[1]`. Peaks must come in raster order (`seen` keeps the latest).
 */
export function followPeak(d: Float32Array, w: number, i: number, x: number, y: number, seen: Int32Array, counts: Float64Array): void {
  const c = d[i]!;
  if (d[i - w - 1]! >= c || d[i - w + 1]! >= c || d[i + w - 1]! >= c || d[i + w + 1]! >= c) return;
  counts[0]!++;
  const key =
    (imul(toInt(c * QUANTUM), 0x9e3779b1) ^
      imul(toInt(d[i - 1]! * QUANTUM), 0x85ebca6b) ^
      imul(toInt(d[i + 1]! * QUANTUM), 0xc2b2ae35) ^
      imul(toInt(d[i - w]! * QUANTUM), 0x27d4eb2f) ^
      imul(toInt(d[i + w]! * QUANTUM), 0x165667b1)) >>>
    (32 - SLOT_BITS);
  const j = seen[key]! - 1;
  seen[key] = i + 1;
  if (j < 0) return;
  const jy = (j / w) | 0;
  if (abs(jy - y) > NEAR || abs(j - jy * w - x) > NEAR) return;
  counts[1]! += toNumber(sameWindow(d, w, i, j));
}

/** Scratch for the values of one window, for counting the distinct ones. */
const windowValues = new Float32Array((2 * MATCH + 1) ** 2);

/**
 * Whether the 5 x 5 windows around pixels `i` and `j` hold the same values, and enough distinct
 * ones to be texture: a posterised or quantised photo (a few levels) and a lone impulse on flat
 * ground repeat their windows by chance, a copy of texture is the only way to repeat a varied one.
 */
function sameWindow(d: Float32Array, w: number, i: number, j: number): boolean {
  let n = 0;
  let distinct = 0;
  for (let dy = -MATCH; dy <= MATCH; dy++) {
    for (let dx = -MATCH; dx <= MATCH; dx++) {
      const o = dy * w + dx;
      const value = d[i + o]!;
      if (value !== d[j + o]) return false;
      let k = 0;
      while (k < n && windowValues[k] !== value) k++;
      if (k === n) distinct++;
      windowValues[n++] = value;
    }
  }
  return distinct >= MIN_DISTINCT;
}

/**
 * Copied-patch score in [0, 1] (1 = none) from `copiedPatchShare`. The tuning set's photographs
 * repeat no peak at all; the knee (0.02% of peaks) leaves room for a render's repeated motif.
 * Linear above the knee, not squared: a few copies over textured ground move few peaks, and
 * their cost must still outweigh the crisp seams the other sub-scores read as detail.
 */
export function copiedPatchScore(share: number): number {
  const excess = max(0, share - 0.0002);
  return 1 / (1 + excess / 0.01);
}
