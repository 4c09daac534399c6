import type { LumaRaster } from './raster';
import * as math from './math';

// Module constants, read once: see math.ts.
const { abs, floor, max } = math;

const PERIOD = 8;
/** Luma levels added to the mean step: steps this small are invisible, blocky or not. */
const STEP_FLOOR = 1;
/**
 * Luma levels of grid-phase excess that count as nothing. A quality-95 re-encode leaves a
 * rounding step of a few tenths of a level on the block grid; on a smooth dark photo, whose
 * other steps are near zero too, that alone read as strong blockiness. Real blocking (quality
 * 70 and below) steps by whole levels.
 */
const INVISIBLE_EXCESS = 0.5;

function excess(phases: Float64Array, counts: Float64Array): number {
  let strongest = 0;
  let total = 0;
  for (let p = 0; p < PERIOD; p++) {
    const m = phases[p]! / max(1, counts[p]!);
    total += m;
    if (m > strongest) strongest = m;
  }
  const others = (total - strongest) / (PERIOD - 1);
  // The floor keeps a flat dark gradient, whose steps are all near zero, from dividing a
  // fraction of a level by almost nothing.
  return max(0, (strongest - others - INVISIBLE_EXCESS) / (others + STEP_FLOOR));
}

/**
 * Summed absolute luma steps per column (between x and x + 1, over every row but the last) and
 * per row (between y and y + 1, over every column but the last): what blockiness folds into
 * grid phases, and what `duplicateShare` compares columns and rows by.
 */
export interface StepProfiles {
  readonly columns: Float64Array;
  readonly rows: Float64Array;
}

/** Zeroed step sums for a `width` x `height` raster, to be filled by `sharpnessScales`. */
export function emptyStepProfiles(width: number, height: number): StepProfiles {
  return { columns: new Float64Array(max(0, width - 1)), rows: new Float64Array(max(0, height - 1)) };
}

/**
 * The per-column and per-row step sums of `luma`, in one read (see `StepProfiles`). The scorer
 * has `sharpnessScales` fill them as its re-blur reads the same steps; this pass is the
 * reference that one is tested against.
 */
export function stepProfiles(luma: LumaRaster): StepProfiles {
  const { data: d, width: w, height: h } = luma;
  // abs, not a test of the sign: a step's sign follows the photo, so a branch on it is
  // mispredicted about half the time (same sums; each is a non-negative float). Figures in
  // docs/scorer.md, "Speed work".
  const { columns, rows } = emptyStepProfiles(w, h);
  for (let y = 0; y < h - 1; y++) {
    const row = y * w;
    let vs = 0;
    for (let x = 0; x < w - 1; x++) {
      const i = row + x;
      const a = d[i]!;
      columns[x]! += abs(d[i + 1]! - a);
      vs += abs(d[i + w]! - a);
    }
    rows[y] = vs;
  }
  return { columns, rows };
}

/**
 * JPEG blockiness: how much stronger luma steps are across one phase of an 8-pixel grid than
 * across the other seven, horizontally and vertically (0 = none; ~1 = blocks plainly visible).
 * Any phase counts, so a crop or a rotation that shifts the grid is still caught. A natural
 * photo has no preferred phase; a heavily compressed one has flat blocks with steps between.
 * @param profiles the step sums of `luma`, when the caller already has them.
 */
export function blockiness(luma: LumaRaster, profiles: StepProfiles = stepProfiles(luma)): number {
  const { width: w, height: h } = luma;
  if (w < 4 * PERIOD || h < 4 * PERIOD) return 0;
  const hp = new Float64Array(PERIOD);
  const hc = new Float64Array(PERIOD);
  const vp = new Float64Array(PERIOD);
  const vc = new Float64Array(PERIOD);
  // Horizontal steps summed per column first and folded into phases once at the end: a
  // modulo per pixel cost as much as the steps themselves.
  const { columns, rows } = profiles;
  for (let y = 0; y < h - 1; y++) {
    vp[y % PERIOD]! += rows[y]!;
    vc[y % PERIOD]! += w - 1;
  }
  for (let x = 0; x < w - 1; x++) hp[x % PERIOD]! += columns[x]!;
  for (let p = 0; p < PERIOD; p++) hc[p] = (floor((w - 2 - p) / PERIOD) + 1) * (h - 1);
  return 0.5 * (excess(hp, hc) + excess(vp, vc));
}
