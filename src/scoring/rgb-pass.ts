import type { ChromaHalves } from './chroma-bleed';
import * as cast from './colour-cast';
import type { ColourSample } from './colour-sample';
import type { FirstPass } from './first-pass';
import * as gamut from './gamut-clip';
import type { LumaRaster, RgbRaster } from './raster';
import * as math from './math';

// Module constants, read once: see math.ts.
const { abs, fround, toNumber } = math;
const { NEUTRAL } = cast;
const { SATURATED } = gamut;

// The accumulators in `acc`: firstPass's colour sums, then colourSample's sums.
const S_RG = 0;
const S_YB = 1;
const Q_RG = 2;
const Q_YB = 3;
const TINTED = 4;
const WEIGHT = 5;
const CAST_RG = 6;
const CAST_YB = 7;
const NEUTRALS = 8;
const SAMPLED = 9;
const CLIPPED = 10;
const SATURATED_COUNT = 11;
const ACCUMULATORS = 12;

/** Everything the scorer reads from the decoded RGB pixels themselves, from one read of them. */
export interface RgbPass extends FirstPass {
  /** `halve(luma)`. */
  readonly half: LumaRaster;
  /** `chromaHalves(rgb)`. */
  readonly chroma: ChromaHalves;
  /** `colourSample(rgb)`. */
  readonly sample: ColourSample;
}

/** Where `rgbPass` writes its planes: full-size luma, and the three half-size planes. */
export interface RgbPassBuffers {
  readonly luma: Float32Array;
  readonly half: Float32Array;
  readonly rg: Float32Array;
  readonly yb: Float32Array;
}

/**
 * `firstPass`, `halve` of its luma, `chromaHalves` and `colourSample` in one read of the RGB
 * pixels, two rows at a time (2x2 blocks): each of the four was a loop of its own over the same
 * buffer (or over luma just written), and together they were bound by reading the pixels again
 * and by each loop's overhead. Bit for bit the same results: every plane value is computed with
 * the same float operations from the same inputs; the colour sample visits its pixels (every
 * other pixel of every other row) in the same order; and `firstPass`'s sums, though added in
 * another order here, are sums of integers and halves and quarters of integers, which float64
 * adds exactly in any order at these sizes (under 2^35 for a 768 px raster). The reference
 * passes stay, and test/scoring/shared-passes.test.ts checks this against them.
 */
export function rgbPass(rgb: RgbRaster, buffers: RgbPassBuffers): RgbPass {
  const { data, width, height } = rgb;
  const n = width * height;
  const hw = width >> 1;
  const hh = height >> 1;
  const bins = new Uint32Array(256);
  const greenBins = new Uint32Array(256);
  const acc = new Float64Array(ACCUMULATORS);
  const { luma, half, rg, yb } = buffers;
  for (let y = 0; y < hh; y++) {
    const i0 = 2 * y * width;
    rowPairLoop(data, width, i0, y * hw, hw, luma, half, rg, yb, bins, greenBins, acc);
    if (width & 1) {
      // The odd last column (even, so sampled on the even row): before the next pair, so the
      // colour sample keeps its order.
      singlePixels(data, i0 + width - 1, i0 + width, 1, luma, bins, greenBins, acc);
      singlePixels(data, i0 + 2 * width - 1, i0 + 2 * width, 0, luma, bins, greenBins, acc);
    }
  }
  // The odd last row (even: sampled).
  if (height & 1) singlePixels(data, n - width, n, 1, luma, bins, greenBins, acc);
  const count = acc[SAMPLED]!;
  return {
    luma: { data: luma, width, height },
    hist: { bins, total: n },
    green: { bins: greenBins, total: n },
    colour: { sRg: acc[S_RG]!, sYb: acc[S_YB]!, qRg: acc[Q_RG]!, qYb: acc[Q_YB]!, tinted: acc[TINTED]!, count: n },
    half: { data: half, width: hw, height: hh },
    chroma: { rg, yb, width: hw, height: hh },
    sample: {
      cast: { weight: acc[WEIGHT]!, rg: acc[CAST_RG]!, yb: acc[CAST_YB]!, neutral: acc[NEUTRALS]!, count },
      gamut: { clipped: acc[CLIPPED]!, saturated: acc[SATURATED_COUNT]!, count },
    },
  };
}

/**
 * One pair of rows (starting at pixel `i0`), two columns at a time: the four pixels' luma,
 * histograms and colour sums, their half-scale luma and chroma (at `o`), and the colour sample of
 * the top-left one. Typed arrays and numbers only, for the reason `firstPassLoop` gives; the sums
 * are carried in locals and stored back to `acc` once per pair of rows.
 */
function rowPairLoop(
  data: Uint8Array,
  w: number,
  i0: number,
  o: number,
  hw: number,
  luma: Float32Array,
  half: Float32Array,
  rgPlane: Float32Array,
  ybPlane: Float32Array,
  bins: Uint32Array,
  greenBins: Uint32Array,
  acc: Float64Array,
): void {
  let sRg = acc[S_RG]!;
  let sYb = acc[S_YB]!;
  let qRg = acc[Q_RG]!;
  let qYb = acc[Q_YB]!;
  let tinted = acc[TINTED]!;
  let weight = acc[WEIGHT]!;
  let cRg = acc[CAST_RG]!;
  let cYb = acc[CAST_YB]!;
  let neutral = acc[NEUTRALS]!;
  let clipped = acc[CLIPPED]!;
  let saturated = acc[SATURATED_COUNT]!;
  for (let x = 0; x < hw; x++) {
    // a, b: the block's top-left and bottom-left pixels.
    const a = i0 + 2 * x;
    const b = a + w;
    const ja = 3 * a;
    const jb = 3 * b;
    const r0 = data[ja]!;
    const g0 = data[ja + 1]!;
    const b0 = data[ja + 2]!;
    const r1 = data[ja + 3]!;
    const g1 = data[ja + 4]!;
    const b1 = data[ja + 5]!;
    const r2 = data[jb]!;
    const g2 = data[jb + 1]!;
    const b2 = data[jb + 2]!;
    const r3 = data[jb + 3]!;
    const g3 = data[jb + 4]!;
    const b3 = data[jb + 5]!;
    // Luma as firstPass rounds it (see firstPassLoop), the top-left one also unrounded for the
    // colour sample, as colourSampleLoop computes it.
    const m0 = 0.299 * r0 + 0.587 * g0 + 0.114 * b0;
    const l0 = fround(m0);
    const l1 = fround(0.299 * r1 + 0.587 * g1 + 0.114 * b1);
    const l2 = fround(0.299 * r2 + 0.587 * g2 + 0.114 * b2);
    const l3 = fround(0.299 * r3 + 0.587 * g3 + 0.114 * b3);
    luma[a] = l0;
    luma[a + 1] = l1;
    luma[b] = l2;
    luma[b + 1] = l3;
    bins[(l0 + 0.5) | 0]!++;
    bins[(l1 + 0.5) | 0]!++;
    bins[(l2 + 0.5) | 0]!++;
    bins[(l3 + 0.5) | 0]!++;
    greenBins[g0]!++;
    greenBins[g1]!++;
    greenBins[g2]!++;
    greenBins[g3]!++;
    // halve: the four stored (float32) lumas, in its order.
    half[o + x] = 0.25 * (l0 + l1 + l2 + l3);
    // chromaHalves: channel sums in its order.
    const sr = r0 + r1 + r2 + r3;
    const sg = g0 + g1 + g2 + g3;
    const sb = b0 + b1 + b2 + b3;
    rgPlane[o + x] = 0.25 * (sr - sg);
    ybPlane[o + x] = 0.25 * (0.5 * (sr + sg) - sb);
    // firstPass's sums (exact in any order: see rgbPass).
    const rg0 = r0 - g0;
    const rg1 = r1 - g1;
    const rg2 = r2 - g2;
    const rg3 = r3 - g3;
    const yb0 = 0.5 * (r0 + g0) - b0;
    const yb1 = 0.5 * (r1 + g1) - b1;
    const yb2 = 0.5 * (r2 + g2) - b2;
    const yb3 = 0.5 * (r3 + g3) - b3;
    sRg += rg0 + rg1 + rg2 + rg3;
    sYb += yb0 + yb1 + yb2 + yb3;
    qRg += rg0 * rg0 + rg1 * rg1 + rg2 * rg2 + rg3 * rg3;
    qYb += yb0 * yb0 + yb1 * yb1 + yb2 * yb2 + yb3 * yb3;
    tinted +=
      (((3 - rg0) | (3 + rg0) | (3 - (g0 - b0)) | (3 + (g0 - b0))) >>> 31) +
      (((3 - rg1) | (3 + rg1) | (3 - (g1 - b1)) | (3 + (g1 - b1))) >>> 31) +
      (((3 - rg2) | (3 + rg2) | (3 - (g2 - b2)) | (3 + (g2 - b2))) >>> 31) +
      (((3 - rg3) | (3 + rg3) | (3 - (g3 - b3)) | (3 + (g3 - b3))) >>> 31);
    // colourSample of the top-left pixel (see colourSampleLoop).
    const off = NEUTRAL - abs(rg0) - abs(yb0);
    neutral += toNumber(off > 0);
    const cw = (off + abs(off) + 1) * m0;
    weight += cw;
    cRg += cw * rg0;
    cYb += cw * yb0;
    const hi = r0 > g0 ? (r0 > b0 ? r0 : b0) : g0 > b0 ? g0 : b0;
    const lo = r0 < g0 ? (r0 < b0 ? r0 : b0) : g0 < b0 ? g0 : b0;
    saturated += toNumber(hi - lo > SATURATED);
    if (hi - lo > SATURATED && (lo === 0 || hi === 255)) clipped++;
  }
  acc[S_RG] = sRg;
  acc[S_YB] = sYb;
  acc[Q_RG] = qRg;
  acc[Q_YB] = qYb;
  acc[TINTED] = tinted;
  acc[WEIGHT] = weight;
  acc[CAST_RG] = cRg;
  acc[CAST_YB] = cYb;
  acc[NEUTRALS] = neutral;
  acc[SAMPLED]! += hw;
  acc[CLIPPED] = clipped;
  acc[SATURATED_COUNT] = saturated;
}

/**
 * Pixels `from` to `to` of one row outside any 2x2 block (the odd last column or row): their luma,
 * histograms and colour sums, and, when `sampled` is 1, the colour sample of every other one
 * from `from`.
 */
function singlePixels(
  data: Uint8Array,
  from: number,
  to: number,
  sampled: number,
  luma: Float32Array,
  bins: Uint32Array,
  greenBins: Uint32Array,
  acc: Float64Array,
): void {
  for (let i = from; i < to; i++) {
    const j = 3 * i;
    const r = data[j]!;
    const g = data[j + 1]!;
    const b = data[j + 2]!;
    const m = 0.299 * r + 0.587 * g + 0.114 * b;
    const l = fround(m);
    luma[i] = l;
    bins[(l + 0.5) | 0]!++;
    greenBins[g]!++;
    const rg = r - g;
    const yb = 0.5 * (r + g) - b;
    acc[S_RG]! += rg;
    acc[S_YB]! += yb;
    acc[Q_RG]! += rg * rg;
    acc[Q_YB]! += yb * yb;
    acc[TINTED]! += ((3 - rg) | (3 + rg) | (3 - (g - b)) | (3 + (g - b))) >>> 31;
    if (sampled === 0 || ((i - from) & 1) === 1) continue;
    const off = NEUTRAL - abs(rg) - abs(yb);
    acc[NEUTRALS]! += toNumber(off > 0);
    acc[SAMPLED]!++;
    const cw = (off + abs(off) + 1) * m;
    acc[WEIGHT]! += cw;
    acc[CAST_RG]! += cw * rg;
    acc[CAST_YB]! += cw * yb;
    const hi = r > g ? (r > b ? r : b) : g > b ? g : b;
    const lo = r < g ? (r < b ? r : b) : g < b ? g : b;
    acc[SATURATED_COUNT]! += toNumber(hi - lo > SATURATED);
    if (hi - lo > SATURATED && (lo === 0 || hi === 255)) acc[CLIPPED]!++;
  }
}
