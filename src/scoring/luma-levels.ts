import type { Histogram } from './histogram';
import * as math from './math';

// Module constants, read once: see math.ts.
const { log2, max } = math;

/** Share of pixels left out at each end of the range the occupancy is read over. */
const TAIL = 0.005;
/**
 * Mean pixels per level of that range under which the occupancy is not judged: a small image
 * spread over many levels leaves some empty by chance.
 */
const MIN_PER_LEVEL = 32;

/**
 * Share of the 8-bit luma levels between the 0.5th and 99.5th percentile that hold any pixel.
 * A photograph fills its luma range level by level, whatever its exposure or contrast, because
 * luma mixes three channels and grain, demosaicing and resampling dither every one of them (a
 * black-and-white photo too: its greys come from the same dither); a dark or flat photo just has
 * a shorter range. Cutting the colours or levels (a palette of 64 colours, posterisation, a
 * GIF export) leaves only as many luma levels as colours, so the share falls with every halving.
 * A lossy re-encode after the cut fills the levels again, as it fills `levelGaps`' gaps.
 * @returns 1 for a range too thin to judge (see `MIN_PER_LEVEL`).
 */
export function lumaLevelShare(hist: Histogram): number {
  const { bins, total } = hist;
  if (total === 0) return 1;
  let lo = 0;
  for (let seen = 0; lo < 255; lo++) {
    seen += bins[lo]!;
    if (seen > TAIL * total) break;
  }
  let hi = 255;
  for (let seen = 0; hi > lo; hi--) {
    seen += bins[hi]!;
    if (seen > TAIL * total) break;
  }
  const span = hi - lo + 1;
  if (total / span < MIN_PER_LEVEL) return 1;
  let used = 0;
  for (let v = lo; v <= hi; v++) used += bins[v]! > 0 ? 1 : 0;
  return used / span;
}

/** Occupancy under which missing levels count: honest photos fill their range (see docs/scorer.md). */
const KNEE = 0.9;
/** Halvings of the occupancy below the knee that halve the score. */
const SCALE = 2;

/**
 * Luma-level score in [0, 1] (1 = the range is filled) from `lumaLevelShare`, graded by halvings
 * of the occupancy below the knee, so that 64, 32, 16 and 8 colours each score lower than the
 * last instead of all sitting at the floor.
 */
export function lumaLevelScore(share: number): number {
  const excess = share > 0 ? max(0, log2(KNEE / share)) : Infinity;
  return 1 / (1 + (excess / SCALE) ** 2);
}
