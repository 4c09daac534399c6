import { halve, type LumaRaster, type RgbRaster } from './raster';
import * as math from './math';

// Module constants, read once: see math.ts.
const { abs, log, max, min, sqrt } = math;

/** Half-scale opponent chroma planes, R-G and (R+G)/2-B, each the 2x2 mean (as `halve` makes luma). */
export interface ChromaHalves {
  readonly rg: Float32Array;
  readonly yb: Float32Array;
  readonly width: number;
  readonly height: number;
}

/**
 * The opponent chroma planes of an RGB raster at half scale (2x2 means, odd last row/column
 * dropped, as `halve` drops them), so that they line up pixel for pixel with half-scale luma.
 * The scorer takes them from `rgbPass` (rgb-pass.ts); this is the reference that one is tested
 * against.
 * @param rg where to write R-G ((width >> 1) x (height >> 1) long).
 * @param yb where to write (R+G)/2-B, as long.
 */
export function chromaHalves(rgb: RgbRaster, rg: Float32Array, yb: Float32Array): ChromaHalves {
  const width = rgb.width >> 1;
  const height = rgb.height >> 1;
  chromaHalvesLoop(rgb.data, rgb.width, width, height, rg, yb);
  return { rg, yb, width, height };
}

/** The loop of `chromaHalves` (typed arrays and numbers only: see `firstPassLoop`). */
function chromaHalvesLoop(d: Uint8Array, sw: number, width: number, height: number, rg: Float32Array, yb: Float32Array): void {
  for (let y = 0; y < height; y++) {
    let j0 = 6 * y * sw;
    let j1 = j0 + 3 * sw;
    const o = y * width;
    for (let x = 0; x < width; x++, j0 += 6, j1 += 6) {
      const r = d[j0]! + d[j0 + 3]! + d[j1]! + d[j1 + 3]!;
      const g = d[j0 + 1]! + d[j0 + 4]! + d[j1 + 1]! + d[j1 + 4]!;
      const b = d[j0 + 2]! + d[j0 + 5]! + d[j1 + 2]! + d[j1 + 5]!;
      rg[o + x] = 0.25 * (r - g);
      yb[o + x] = 0.25 * (0.5 * (r + g) - b);
    }
  }
}

/**
 * Spans, in pixels of the scale read, over which the change across an edge is measured: the
 * edge's own step, the edge with its near flanks, and with its far flanks. An edge sharp in luma
 * and chroma alike puts about the same share of its change in the short spans for both; a chroma
 * blurred apart from luma spreads its change over the longer ones.
 */
export interface BleedSpans {
  readonly narrow: number;
  readonly wide: number;
  readonly far: number;
  /** Luma step (levels, before the noise's share) over which a pixel is on a luma edge. */
  readonly edgeStep: number;
}

/** At half scale: 3, 8 and 24 px (6, 16 and 48 px of the 768 px raster). */
export const HALF_SPANS: BleedSpans = { narrow: 2, wide: 4, far: 12, edgeStep: 12 };
/**
 * At quarter scale: 1, 6 and 18 px (4, 24 and 72 px of the raster): a wide bleed is linear over
 * the half scale's spans, whose ratios then stop falling; these keep falling with it.
 */
export const QUARTER_SPANS: BleedSpans = { narrow: 1, wide: 3, far: 9, edgeStep: 8 };

/**
 * Sums over the luma-edge pixels of `bleedSums`: the luma and chroma change across the edge over
 * each span, and how many pixels were read.
 */
export interface BleedSums {
  readonly lumaNarrow: number;
  readonly lumaWide: number;
  readonly lumaFar: number;
  readonly chromaNarrow: number;
  readonly chromaWide: number;
  readonly chromaFar: number;
  readonly edges: number;
}

/**
 * Luma and chroma change across the luma edges of one scale, over three spans, both directions,
 * every other pixel of every row (alternating, a checkerboard). A pixel is on an edge where its
 * luma step to the previous pixel exceeds `spans.edgeStep` plus four noise sigmas of that scale
 * (so noise is not read as edges, as sharpness gates it); luma is what colour bleeding leaves
 * sharp, so the edges are found where they still are.
 * @param luma luma of the scale (`halve` of the one above).
 * @param chroma chroma of the same pixels (`chromaHalves`, then `halve` of each plane).
 * @param noiseSigma luma noise sigma at full scale, from `estimateNoise`.
 * @param step 2 at half scale, 4 at quarter: 2x2 averaging halves the noise sigma at each.
 */
export function bleedSums(luma: LumaRaster, chroma: ChromaHalves, spans: BleedSpans, noiseSigma: number, step: number): BleedSums {
  const sums = new Float64Array(7);
  const threshold = spans.edgeStep + (4 * noiseSigma) / step;
  bleedLoop(luma.data, chroma.rg, chroma.yb, luma.width, luma.height, spans.narrow, spans.wide, spans.far, threshold, sums);
  return {
    lumaNarrow: sums[0]!,
    lumaWide: sums[1]!,
    lumaFar: sums[2]!,
    chromaNarrow: sums[3]!,
    chromaWide: sums[4]!,
    chromaFar: sums[5]!,
    edges: sums[6]!,
  };
}

/** The loop of `bleedSums` (typed arrays and numbers only: see `firstPassLoop`). */
function bleedLoop(
  L: Float32Array,
  A: Float32Array,
  B: Float32Array,
  w: number,
  h: number,
  narrow: number,
  wide: number,
  far: number,
  threshold: number,
  out: Float64Array,
): void {
  let ln = 0;
  let lw = 0;
  let lf = 0;
  let cn = 0;
  let cw = 0;
  let cf = 0;
  let edges = 0;
  // Offsets of each span's ends from the pixel, along a row (times 1) or a column (times w).
  const n1 = narrow - 1;
  const w1 = wide - 1;
  const f1 = far - 1;
  for (let y = far; y < h - far; y++) {
    for (let x = far + (y & 1); x < w - far; x += 2) {
      const i = y * w + x;
      const l = L[i]!;
      // Along the row, then along the column: the two directions written out, not a loop over
      // them, in the same order.
      if (abs(l - L[i - 1]!) > threshold) {
        edges++;
        ln += abs(L[i + n1]! - L[i - narrow]!);
        lw += abs(L[i + w1]! - L[i - wide]!);
        lf += abs(L[i + f1]! - L[i - far]!);
        cn += abs(A[i + n1]! - A[i - narrow]!) + abs(B[i + n1]! - B[i - narrow]!);
        cw += abs(A[i + w1]! - A[i - wide]!) + abs(B[i + w1]! - B[i - wide]!);
        cf += abs(A[i + f1]! - A[i - far]!) + abs(B[i + f1]! - B[i - far]!);
      }
      if (abs(l - L[i - w]!) > threshold) {
        edges++;
        ln += abs(L[i + n1 * w]! - L[i - narrow * w]!);
        lw += abs(L[i + w1 * w]! - L[i - wide * w]!);
        lf += abs(L[i + f1 * w]! - L[i - far * w]!);
        cn += abs(A[i + n1 * w]! - A[i - narrow * w]!) + abs(B[i + n1 * w]! - B[i - narrow * w]!);
        cw += abs(A[i + w1 * w]! - A[i - wide * w]!) + abs(B[i + w1 * w]! - B[i - wide * w]!);
        cf += abs(A[i + f1 * w]! - A[i - far * w]!) + abs(B[i + f1 * w]! - B[i - far * w]!);
      }
    }
  }
  out[0] = ln;
  out[1] = lw;
  out[2] = lf;
  out[3] = cn;
  out[4] = cw;
  out[5] = cf;
  out[6] = edges;
}

/** Chroma's share over luma's share, `part / whole` of each; 1 where either is undefined. */
function relativeShare(chromaPart: number, chromaWhole: number, lumaPart: number, lumaWhole: number): number {
  if (!(chromaWhole > 0 && lumaPart > 0 && lumaWhole > 0)) return 1;
  return chromaPart / chromaWhole / (lumaPart / lumaWhole);
}

/**
 * Mean far-span chroma change across a luma edge (levels of R-G plus (R+G)/2-B) at which the
 * ratio is fully trusted; under it the judgement fades to none. A black-and-white photo has no
 * chroma change at all, and a nearly grey one only rounding noise, whose ratios mean nothing.
 */
const CHROMA_PRESENT = 2;

/**
 * How crisp the chroma edges are beside the luma edges at the same places, ~1 when they match
 * and falling as chroma is blurred apart from luma (colour bleeding, KADID's colour diffusion).
 * Three readings, each chroma's share of its change within a short span of a longer one over
 * luma's same share: at half scale 3 px of 8 and 8 px of 24, at quarter scale 6 of 18. Each is
 * a ratio, so contrast and saturation cancel, and a blur of the whole photo moves luma and chroma
 * alike. The half scale's short reading sees a small bleed but stops falling (its spans are
 * both inside a wide ramp, and rounding noise lifts it), so it weighs half (its square root);
 * the quarter scale's reading keeps falling with a wide bleed. 1 when there is no chroma to
 * judge: the judgement fades out as the mean far-span chroma change at the half scale's edges
 * falls under `CHROMA_PRESENT`.
 */
export function bleedRatio(half: BleedSums, quarter: BleedSums): number {
  if (half.edges === 0) return 1;
  const short = relativeShare(half.chromaNarrow, half.chromaWide, half.lumaNarrow, half.lumaWide);
  const long = relativeShare(half.chromaWide, half.chromaFar, half.lumaWide, half.lumaFar);
  const coarse = relativeShare(quarter.chromaWide, quarter.chromaFar, quarter.lumaWide, quarter.lumaFar);
  const ratio = sqrt(short) * long * coarse;
  const trust = min(1, half.chromaFar / half.edges / CHROMA_PRESENT);
  return 1 - trust * (1 - ratio);
}

/** Where the chroma planes go: `scratch` in the scorer, fresh arrays by default. */
export type PlaneBuffer = (slot: number, length: number) => Float32Array<ArrayBuffer>;

/**
 * Quarter-scale chroma: `halve` of each half-scale plane. Built once and read twice, by
 * `chromaBleedRatio` and by `estimateChromaNoise` (noise.ts).
 * @param buffer where the two planes go (slots 0 and 1).
 */
export function chromaQuarters(
  chroma: ChromaHalves,
  buffer: PlaneBuffer = (_slot, length) => new Float32Array(length),
): ChromaHalves {
  const plane = (data: Float32Array): LumaRaster => ({ data, width: chroma.width, height: chroma.height });
  const quarterSize = (chroma.width >> 1) * (chroma.height >> 1);
  const rg = halve(plane(chroma.rg), buffer(0, quarterSize));
  const yb = halve(plane(chroma.yb), buffer(1, quarterSize));
  return { rg: rg.data, yb: yb.data, width: rg.width, height: rg.height };
}

/**
 * `bleedRatio` of half-scale chroma (`chromaHalves`) and its quarters (`chromaQuarters`), read
 * against the luma pyramid the sharpness pass already has.
 * @param half half-scale luma (`halve` of the full scale); `quarter` is `halve(half)`.
 * @param noiseSigma luma noise sigma at full scale, from `estimateNoise`.
 */
export function chromaBleedRatio(
  chroma: ChromaHalves,
  coarse: ChromaHalves,
  half: LumaRaster,
  quarter: LumaRaster,
  noiseSigma: number,
): number {
  return bleedRatio(bleedSums(half, chroma, HALF_SPANS, noiseSigma, 2), bleedSums(quarter, coarse, QUARTER_SPANS, noiseSigma, 4));
}

/**
 * Ratio under which chroma counts as bled: under every tuning original (lowest 0.32, a room
 * whose colours are broad walls and furniture; 0.31 after a quality-95 JPEG re-encode at 4:2:0,
 * which halves chroma resolution).
 */
const KNEE = 0.3;
/** How far under the knee, as a log ratio, halves the score: a ratio of half the knee. */
const SCALE = 0.7;

/**
 * Colour-bleeding score in [0, 1] (1 = chroma edges as crisp as the luma's) from `bleedRatio`:
 * knee then 1/(1 + (excess/scale)²), the excess read as a log ratio, since each halving of the
 * ratio is about one more step of bleed.
 */
export function chromaBleedScore(ratio: number): number {
  const excess = ratio > 0 ? max(0, log(KNEE / ratio)) : Infinity;
  return 1 / (1 + (excess / SCALE) ** 2);
}
