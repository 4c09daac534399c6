import * as banding from './banding';
import * as copied from './copied-patches';
import * as impulse from './impulse';
import type { LumaRaster } from './raster';
import * as math from './math';

// Module constants, read once: see math.ts (the same holds for functions of other modules).
const { abs, toNumber } = math;
const { bandEdge, bandingFraction } = banding;
const { copiedPatchShare, copiedShare, followPeak, peakTable } = copied;
const { impulseAt, impulseCount, impulseFraction } = impulse;

/** Rise above each of the four neighbours that makes a pixel a candidate peak (as copied-patches.ts). */
const PROMINENCE = 0.5;
/** Luma levels within which of its left neighbour a pixel is no impulse (as impulse.ts). */
const MIN_EXCESS = 24;

/** The three full-scale luma shares that `lumaRowShares` reads in one pass. */
export interface LumaRowShares {
  /** `copiedPatchShare(luma)`. */
  readonly copiedPatches: number;
  /** `bandingFraction(luma)`. */
  readonly banding: number;
  /** `impulseFraction(luma)`. */
  readonly impulse: number;
}

/**
 * `copiedPatchShare`, `bandingFraction` and `impulseFraction` of full-scale luma in one read of
 * its rows. The copied-patch peak test reads every row, with each pixel's four neighbours; banding
 * reads the steps along the even rows and the impulse test the odd rows' pixels with the same
 * four neighbours, so on the rows the peak test reads (all but two at each end) the other two
 * take what it has loaded, in the same loop, instead of a loop and loads of their own. The shares
 * are the three functions' bit for bit: banding and impulses are counts (integers, exact in any
 * split), the peaks are followed in the same raster order, and each test is the same code
 * (`bandEdge`, `impulseAt`, `followPeak`) on the same values. test/scoring/shared-passes.test.ts
 * checks this against the three.
 */
export function lumaRowShares(luma: LumaRaster): LumaRowShares {
  const { data: d, width: w, height: h } = luma;
  // Under 8 px on a side banding reads nothing and the fused rows would not hold their loops'
  // margins: the three passes as they are.
  if (w < 8 || h < 8) {
    return { copiedPatches: copiedPatchShare(luma), banding: bandingFraction(luma), impulse: impulseFraction(luma) };
  }
  const seen = peakTable();
  const counts = new Float64Array(2);
  let bands = 0;
  let bandRead = 0;
  let impulses = 0;
  let impulseRead = 0;
  for (let y = 0; y < h; y++) {
    const row = y * w;
    const odd = (y & 1) === 1;
    // Impulses are read on the odd rows but the last, banding on the even rows.
    if (odd && y === h - 1) continue;
    if (odd) impulseRead += w - 2;
    else bandRead += w - 5;
    if (y < 2 || y >= h - 2) {
      // Outside the peak test's rows.
      if (odd) impulses += impulseCount(d, w, row, 1, w - 1);
      else bands += banding.rowBandEdges(d, row, w);
    } else if (odd) {
      impulses += impulseCount(d, w, row, 1, 2) + oddRow(d, w, row, y, seen, counts) + impulseCount(d, w, row, w - 2, w - 1);
    } else {
      bands += evenRow(d, w, row, y, seen, counts);
    }
  }
  return { copiedPatches: copiedShare(counts), banding: bands / bandRead, impulse: impulses / impulseRead };
}


/**
 * One even row inside the peak test's rows: the peak test on pixels 2 to w - 3 (as in
 * `copiedPatchShare`), and banding's steps, the step out of each pixel being the one the peak
 * test takes (|fall|). Returns banding's count for the row.
 */
function evenRow(d: Float32Array, w: number, row: number, y: number, seen: Int32Array, counts: Float64Array): number {
  let count = 0;
  // Banding's last four steps before the pixel's own: the first two of the row here, so that
  // its test starts at pixel 4 with steps 0-1 to 4-5, as in bandingFraction.
  let d0 = 0;
  let d1 = 0;
  let d2 = abs(d[row + 1]! - d[row]!);
  let d3 = abs(d[row + 2]! - d[row + 1]!);
  let right = d[row + 2]!;
  let rise = right - d[row + 1]!;
  for (let x = 2; x < w - 2; x++) {
    const i = row + x;
    const c = right;
    right = d[i + 1]!;
    const fall = c - right;
    const u = d[i - w]!;
    const v = d[i + w]!;
    const peak =
      toNumber(rise >= PROMINENCE) & toNumber(fall >= PROMINENCE) & toNumber(c - u >= PROMINENCE) & toNumber(c - v >= PROMINENCE);
    rise = -fall;
    const d4 = abs(fall);
    count += toNumber(x >= 4) * bandEdge(d0, d1, d2, d3, d4);
    d0 = d1;
    d1 = d2;
    d2 = d3;
    d3 = d4;
    if (peak !== 0) followPeak(d, w, i, x, y, seen, counts);
  }
  // Banding's last step, w - 2 to w - 1, past the peak test's pixels.
  return count + bandEdge(d0, d1, d2, d3, abs(d[row + w - 1]! - d[row + w - 2]!));
}

/**
 * One odd row inside the peak test's rows: the peak test on pixels 2 to w - 3 and the impulse
 * test on the same pixels, with the neighbours the peak test loads. Returns the impulse count.
 */
function oddRow(d: Float32Array, w: number, row: number, y: number, seen: Int32Array, counts: Float64Array): number {
  let count = 0;
  let left = d[row + 1]!;
  let right = d[row + 2]!;
  let rise = right - left;
  for (let x = 2; x < w - 2; x++) {
    const i = row + x;
    const a = left;
    const c = right;
    right = d[i + 1]!;
    left = c;
    const fall = c - right;
    const u = d[i - w]!;
    const v = d[i + w]!;
    const peak =
      toNumber(rise >= PROMINENCE) & toNumber(fall >= PROMINENCE) & toNumber(c - u >= PROMINENCE) & toNumber(c - v >= PROMINENCE);
    rise = -fall;
    // As in impulseCount: most pixels are within MIN_EXCESS of their left neighbour.
    if (abs(c - a) > MIN_EXCESS) count += impulseAt(c, a, right, u, v);
    if (peak !== 0) followPeak(d, w, i, x, y, seen, counts);
  }
  return count;
}
