import type { Histogram } from './histogram';
import * as math from './math';

// Module constants, read once: see math.ts.
const { max } = math;

/** Half-width of the neighbourhood a level's count is compared with. */
const REACH = 4;
/** Fewest pixels a level's neighbours must hold on average for the level to be judged. */
const MIN_EXPECTED = 8;
/** A level holding under this share of its neighbours' mean count is a gap. */
const GAP = 0.25;

/**
 * Level gaps: the share of 8-bit levels of the green channel, among those whose neighbours
 * (four either side) are well filled, that are empty or nearly so. A gain above 1, a levels
 * stretch or a tone curve steeper than 1 spreads the 8-bit levels apart and leaves every
 * 1/(gain - 1)-th level empty (a gain of 1.15 empties about 13% of them, 2.2 about 55%): detail
 * the edit could not make, and what a brightened photo has lost even where nothing clipped. It
 * reads what the edit destroyed, not where the tones sit, so a dark photo is not a fault and a
 * brightened one is, wherever it started. A camera JPEG's DCT noise, sensor noise and any
 * resample fill the gaps of a smooth histogram, so honest photos have at most a few (the tuning
 * photos 0-6%), and the gaps of an edit that was then resampled or JPEG-compressed are filled
 * too: the feature reads the edit only where the pixels are the edited ones. Green, because it
 * carries most of luma and a black-and-white photo has it too; luma itself would not do, its
 * weighted sum fills the channels' gaps.
 */
export function levelGapShare(green: Histogram): number {
  const bins = green.bins;
  let judged = 0;
  let gaps = 0;
  for (let v = REACH; v < 256 - REACH; v++) {
    let around = 0;
    for (let d = 1; d <= REACH; d++) around += bins[v - d]! + bins[v + d]!;
    const expected = around / (2 * REACH);
    if (expected < MIN_EXPECTED) continue;
    judged++;
    if (bins[v]! < GAP * expected) gaps++;
  }
  return judged === 0 ? 0 : gaps / judged;
}

/**
 * Level-gap score in [0, 1] (1 = none) from `levelGapShare`. The knee (7%) sits above the
 * honest photos of the tuning set (up to 5.6%, a dark photo whose few bright pixels leave gaps).
 */
export function levelGapScore(share: number): number {
  const excess = max(0, share - 0.07);
  return 1 / (1 + (excess / 0.08) ** 2);
}
