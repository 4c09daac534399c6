import type { LumaRaster, RgbRaster } from './raster';
import * as math from './math';

// Module constants, read once: see math.ts.
const { abs, max } = math;

/**
 * Levels by which the pixel beyond a flat run must differ from it in some channel: a crisp
 * border. Read on the colours, not on luma: a random colour often has about the luma of what
 * it covers.
 */
const STEP = 3;
/** Shortest side, in pixels, of a rectangle that counts (JPEG's 8 px blocks stay out). */
const MIN_SIDE = 10;
/** Longest side, in pixels: a letterbox bar or a wide flat wall is not a pasted block. */
const MAX_SIDE = 96;
/** Rows read: every fourth, so a rectangle of `MIN_SIDE` rows holds at least two of them. */
const ROW_STEP = 4;
/** Share of the row beyond the top (bottom) edge that must differ crisply from the flat value. */
const CLOSED = 0.75;
/** Luma under which (over which) a flat run is a clipped shadow (highlight), exposure's concern. */
const CLIPPED_LOW = 4;
const CLIPPED_HIGH = 251;

/** A stack of identical flat runs (same start, end and value) on the rows read. */
interface RunStack {
  readonly start: number;
  readonly end: number;
  readonly value: number;
  rows: number;
  readonly top: number;
  bottom: number;
}

/** Whether row `y` holds exactly `value` over [start, end). */
function rowFlat(d: Float32Array, w: number, h: number, y: number, s: number, e: number, value: number): boolean {
  if (y < 0 || y >= h) return false;
  const row = y * w;
  for (let x = s; x < e; x++) if (d[row + x] !== value) return false;
  return true;
}

/** The largest channel difference between pixels `i` and `j` of an RGB buffer. */
function colourStep(c: Uint8Array, i: number, j: number): number {
  return max(abs(c[3 * i]! - c[3 * j]!), abs(c[3 * i + 1]! - c[3 * j + 1]!), abs(c[3 * i + 2]! - c[3 * j + 2]!));
}

/** Whether row `y` differs from pixel `inside` by a crisp colour step over `CLOSED` of [s, e). */
function rowCrisp(c: Uint8Array, w: number, h: number, y: number, s: number, e: number, inside: number): boolean {
  if (y < 0 || y >= h) return false;
  const row = y * w;
  let crisp = 0;
  for (let x = s; x < e; x++) if (colourStep(c, row + x, inside) >= STEP) crisp++;
  return crisp >= CLOSED * (e - s);
}

/**
 * Pasted blocks: the share of the image's pixels inside flat rectangles closed on all four sides
 * by crisp steps. A block of one colour pasted over a photo (KADID-10k's colour block, a
 * redaction box, a dropped-out tile) is exactly flat inside, 10-96 px on a side, and its border
 * is a 1 px step on every side. Real content does not do that: a clear sky is flat but ends in a
 * gradient or the frame, a wall or window has grain or shading, and a clipped highlight (left
 * out here) is exposure's. On every fourth row, runs of exactly one luma value 10-96 px long with
 * a step of 3+ levels in some channel at both ends are stacked by (start, end, value); a stack on at least two
 * rows read (and half of those between its ends) is followed up and down to its exact top and
 * bottom, and counts when its height is 10-96 px and the rows beyond both differ crisply (in
 * colour) over
 * three quarters of its width. Closed runs are rare in photographs, so the follow-up costs
 * nothing there; the row scan is one compare a pixel on a quarter of the rows.
 */
export function pastedBlockShare(luma: LumaRaster, rgb: RgbRaster): number {
  const { data: d, width: w, height: h } = luma;
  const c = rgb.data;
  if (w < MIN_SIDE + 2 || h < MIN_SIDE + 2) return 0;
  const stacks = new Map<string, RunStack>();
  for (let y = 0; y < h; y += ROW_STEP) {
    const row = y * w;
    let x = 1;
    while (x < w - 1) {
      const value = d[row + x]!;
      let e = x + 1;
      while (e < w && d[row + e] === value) e++;
      const length = e - x;
      if (
        length >= MIN_SIDE &&
        length <= MAX_SIDE &&
        e < w &&
        value >= CLIPPED_LOW &&
        value <= CLIPPED_HIGH &&
        colourStep(c, row + x - 1, row + x) >= STEP &&
        colourStep(c, row + e, row + x) >= STEP
      ) {
        const key = `${x},${e},${value}`;
        const stack = stacks.get(key);
        if (stack) {
          stack.rows++;
          stack.bottom = y;
        } else {
          stacks.set(key, { start: x, end: e, value, rows: 1, top: y, bottom: y });
        }
      }
      x = e;
    }
  }
  let area = 0;
  for (const { start, end, value, rows, top, bottom } of stacks.values()) {
    // One row is a flat stretch between two edges, not a rectangle; a stack with most of its
    // rows missing is the same value recurring by chance.
    if (rows < 2 || rows < 0.5 * ((bottom - top) / ROW_STEP + 1)) continue;
    let y0 = top;
    while (y0 > top - ROW_STEP && rowFlat(d, w, h, y0 - 1, start, end, value)) y0--;
    let y1 = bottom;
    while (y1 < bottom + ROW_STEP && rowFlat(d, w, h, y1 + 1, start, end, value)) y1++;
    const height = y1 - y0 + 1;
    if (height < MIN_SIDE || height > MAX_SIDE) continue;
    const inside = y0 * w + start;
    if (!rowCrisp(c, w, h, y0 - 1, start, end, inside) || !rowCrisp(c, w, h, y1 + 1, start, end, inside)) continue;
    area += (end - start) * height;
  }
  return area / (w * h);
}

/**
 * Pasted-block score in [0, 1] (1 = none) from `pastedBlockShare`. The tuning set's photographs
 * have no closed flat rectangle at all; the knee (0.1%, a 20 x 20 px block on a 768 x 512 image)
 * leaves room for a small flat sign or label, and one 32 px block (~0.26%) already costs.
 */
export function pastedBlockScore(share: number): number {
  const excess = max(0, share - 0.001);
  return 1 / (1 + (excess / 0.01) ** 2);
}
