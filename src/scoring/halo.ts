import type { LumaRaster } from './raster';
import * as math from './math';

// Module constants, read once: see math.ts.
const { abs, max, min, toNumber } = math;

/**
 * Where `haloShare` looks beside an edge centre, in pixels of the plane it reads: the near band
 * (where a halo's peak sits) spans `near` pixels from the centre, the far plateau `far` pixels
 * starting `gap` pixels beyond it on each side. `every`: read every row and column (1) or every
 * other one (2); a share needs no more, and a textured photo has a candidate edge at a third
 * of the half plane's pixels.
 */
export interface HaloGeometry {
  readonly near: number;
  readonly gap: number;
  readonly far: number;
  readonly every: number;
}

/**
 * The wide halo, read on the quarter-scale plane: an unsharp mask of radius ~4-8 px at 768 px
 * (KADID's K24, a "large radius" slider) leaves a band 1-2 quarter pixels wide beside the edge,
 * and the plateau is back at its level 3-4 quarter pixels out. At this scale the texture the
 * mask also amplifies is averaged away, so the share keeps rising with the amount.
 */
export const WIDE_HALO: HaloGeometry = { near: 2, gap: 3, far: 2, every: 1 };

/**
 * The narrow halo, read on the half-scale plane: an unsharp mask of radius 1-3 px at 768 px (the
 * usual "sharpen" of an editor) leaves a band one half-scale pixel wide and the plateau two out.
 * Camera sharpening, a halo under a pixel at 768 px, is averaged away at this scale.
 */
export const NARROW_HALO: HaloGeometry = { near: 1, gap: 2, far: 2, every: 2 };

/** Luma levels between the two pixels of an edge centre (a local maximum of the step). */
const MIN_STEP = 12;
/** Luma levels between the far plateaus on either side: only strong edges are judged. */
const MIN_PLATEAU = 30;
/** Overshoot on each side, as a share of the step (or of the room to 0 or 255), that is a halo. */
const OVERSHOOT = 0.15;
/**
 * Levels added to the room between a plateau and 0 or 255: an overshoot clipped at white beside
 * a bright plateau is as much a halo as a large one, but a few levels of texture on a plateau
 * next to white are not.
 */
const ROOM = 40;
/** Fewer judged edges than this and there is no evidence either way: the share is 0. */
const MIN_EDGES = 50;

/**
 * Counts, along one line of a plane (a row, or a column when `stride` is the width), the strong
 * edges judged and those with a halo on both sides, into `counts` [edges, halos]. An edge is a
 * local maximum of the step between neighbours, of `MIN_STEP` or more, whose far plateaus differ
 * by `MIN_PLATEAU` or more, each plateau's own range under that step (a plateau, not texture).
 * Its halo: the near band on the bright side rises above the bright plateau, and the near band on
 * the dark side falls below the dark plateau, each by `OVERSHOOT` of the step or of the room left
 * to 255 (0) plus `ROOM`, whichever is less. Both sides must overshoot: a thin bright line beside
 * the edge, or a shaded surface, overshoots on one side only. Works in the edge's own direction
 * (`s` = +1 rising, -1 falling), so bright means "toward the higher plateau".
 */
function scanLine(
  d: Float32Array,
  base: number,
  stride: number,
  n: number,
  near: number,
  gap: number,
  far: number,
  counts: Float64Array,
): void {
  const span = gap + far;
  let edges = 0;
  let halos = 0;
  // The line's pixels are carried along it (before, a0, a1, after): one load a pixel.
  let before = d[base + (span - 1) * stride]!;
  let a0 = d[base + span * stride]!;
  let a1 = d[base + (span + 1) * stride]!;
  let after = a1;
  for (let x = span; x < n - span - 1; x++, before = a0, a0 = a1, a1 = after) {
    const i = base + x * stride;
    after = d[i + 2 * stride]!;
    const step = abs(a1 - a0);
    // Most pixels stop here: no strong step, or not the largest of its neighbours'. One branch
    // on the three tests, not one each: a photo's steps pass the first about as often as not,
    // so a branch on it alone was often mispredicted.
    const centre = toNumber(step >= MIN_STEP) & toNumber(abs(a0 - before) <= step) & toNumber(abs(after - a1) < step);
    if (centre === 0) continue;
    // +1 rising, -1 falling: from the comparison, not a branch on it.
    const s = 2 * toNumber(a1 > a0) - 1;
    let hiSum = 0;
    let loSum = 0;
    let hiMin = Infinity;
    let hiMax = -Infinity;
    let loMin = Infinity;
    let loMax = -Infinity;
    for (let k = 0; k < far; k++) {
      const h = s * d[i + (1 + gap + k) * stride]!;
      const l = s * d[i - (gap + k) * stride]!;
      hiSum += h;
      loSum += l;
      hiMin = min(hiMin, h);
      hiMax = max(hiMax, h);
      loMin = min(loMin, l);
      loMax = max(loMax, l);
    }
    const hi = hiSum / far;
    const lo = loSum / far;
    const plateau = hi - lo;
    if (plateau < MIN_PLATEAU || hiMax - hiMin > plateau || loMax - loMin > plateau) continue;
    edges++;
    let peak = -Infinity;
    let trough = Infinity;
    for (let k = 0; k < near; k++) {
      peak = max(peak, s * d[i + (1 + k) * stride]!);
      trough = min(trough, s * d[i - k * stride]!);
    }
    // Room to the clip on each side, in the edge's direction: 255 - level toward white, level
    // toward black (hi and lo are negated levels when s is -1).
    const hiRoom = s > 0 ? 255 - hi : -hi;
    const loRoom = s > 0 ? lo : 255 + lo;
    const hiOver = peak - hi > OVERSHOOT * min(plateau, hiRoom + ROOM);
    const loOver = lo - trough > OVERSHOOT * min(plateau, loRoom + ROOM);
    if (hiOver && loOver) halos++;
  }
  counts[0]! += edges;
  counts[1]! += halos;
}

/**
 * Share of strong edges (rows and columns of `plane`, every `geometry.every`-th) that carry a sharpening halo: a bright band
 * on the bright side and a dark band on the dark side, with the plateau beyond each band back at
 * its level, so the profile across the edge overshoots on both sides (see `scanLine`). A natural
 * edge, blurred by the optics or sharpened by a camera whose halo is under a pixel at this scale,
 * is monotone and reaches its plateau. 0 when fewer than `MIN_EDGES` edges are judged.
 */
export function haloShare(plane: LumaRaster, geometry: HaloGeometry): number {
  const { data, width: w, height: h } = plane;
  const { near, gap, far, every } = geometry;
  const counts = new Float64Array(2);
  const span = 2 * (gap + far) + 2;
  if (w > span) for (let y = 0; y < h; y += every) scanLine(data, y * w, 1, w, near, gap, far, counts);
  if (h > span) for (let x = 0; x < w; x += every) scanLine(data, x, w, h, near, gap, far, counts);
  return counts[0]! < MIN_EDGES ? 0 : counts[1]! / counts[0]!;
}

/**
 * Knee and scale of each share. The knees sit above the tuning set's originals (wide up to 5.6%:
 * dark gaps between bright leaves, strong edges a camera sharpened; narrow up to 1.5%); KADID's
 * weakest high-sharpen level (USM x1) gives 4-54% wide.
 */
const WIDE_KNEE = 0.07;
const WIDE_SCALE = 0.03;
const NARROW_KNEE = 0.025;
const NARROW_SCALE = 0.03;

/**
 * Over-sharpening score in [0, 1] (1 = no halo) from the wide and narrow `haloShare`s: the
 * worse of the two. Honest photos have some edges that read as halos (a dark gap between two
 * bright objects, camera sharpening on a strong edge), so each share has a knee above the
 * tuning set's originals, then 1/(1 + (excess/scale)²).
 */
export function haloScore(wide: number, narrow: number): number {
  const w = max(0, wide - WIDE_KNEE) / WIDE_SCALE;
  const n = max(0, narrow - NARROW_KNEE) / NARROW_SCALE;
  const e = max(w, n);
  return 1 / (1 + e * e);
}
