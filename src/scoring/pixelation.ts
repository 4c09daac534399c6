import type { StepProfiles } from './blockiness';

/** The 90th percentile: the reference step, which repeated columns (up to ~75%) cannot pull down. */
function upperStep(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.floor(0.9 * (sorted.length - 1))] ?? 0;
}

/** Columns (or rows) whose total step to the next is under this share of the reference one's. */
const DUPLICATE = 0.03;

/**
 * A repeated column must also sit beside a real step: within `REACH` columns (rows) either side,
 * one whose step is over `1 / BESIDE` times its own (the next block's edge). A pixelated block is
 * a run of exact repeats ended by an edge (K21's blocks are 1-4 px, a `REACH` of 4 covers 9);
 * a smooth background's columns (a blurred ripple, bokeh) are small steps among small steps, and a
 * JPEG re-encode's smoothing pushed many of those under `DUPLICATE` alone.
 */
const REACH = 4;
const BESIDE = 0.25;

/**
 * Pixelation and nearest-neighbour enlargement: the share of columns and rows that repeat
 * their neighbour, judged by the summed luma step to the next column (row; `stepProfiles`,
 * which blockiness reads too) against the
 * image's 90th-percentile one. A natural photo's adjacent columns always differ somewhere along their
 * length; enlarging by pixel repetition (a pixelate filter, a "nearest" upscale) repeats whole
 * columns and rows, at every level of strength, so the share rises from ~10% (mild) to over 70%
 * (3-4 px blocks). Only a repeat beside a real step counts (`REACH`, `BESIDE`). 0 for a nearly flat image, which has no step to compare against.
 */
export function duplicateShare(profiles: StepProfiles): number {
  const { columns, rows } = profiles;
  if (columns.length < 8 || rows.length < 8) return 0;
  const share = (steps: Float64Array, length: number): number => {
    const m = upperStep(steps);
    // Under a tenth of a level per pixel: a flat image, nothing to judge.
    if (m < 0.1 * length) return 0;
    let dup = 0;
    const last = steps.length - 1;
    for (let i = 0; i <= last; i++) {
      const s = steps[i]!;
      if (!(s < DUPLICATE * m)) continue;
      let near = 0;
      for (let j = Math.max(0, i - REACH), end = Math.min(last, i + REACH); j <= end; j++) near = Math.max(near, steps[j]!);
      dup += Number(s < BESIDE * near);
    }
    return dup / steps.length;
  };
  // A column's sum runs over the rows (rows.length of them), a row's over the columns.
  return 0.5 * (share(columns, rows.length) + share(rows, columns.length));
}

/** Pixelation score in [0, 1] (1 = none) from `duplicateShare`. */
export function pixelationScore(share: number): number {
  return 1 / (1 + (share / 0.2) ** 1.5);
}
