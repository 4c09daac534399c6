import type { ChromaHalves } from './chroma-bleed';
import type { LumaRaster } from './raster';
import * as math from './math';

// Module constants, read once: see math.ts.
const { abs, max, min, sqrt } = math;

/**
 * Each channel's difference from the mean of the other two, as a combination of the opponent
 * planes (rg = R-G, yb = (R+G)/2-B): R - (G+B)/2 = 3/4 rg + 1/2 yb, G - (R+B)/2 = -3/4 rg + 1/2 yb,
 * B - (R+G)/2 = -yb. One channel moved off the other two shows in its own difference.
 */
const CHANNELS: readonly (readonly [number, number])[] = [
  [0.75, 0.5],
  [-0.75, 0.5],
  [0, -1],
];

/** Planes a reading needs, each as long as the scale's pixels: see `channelShift`. */
export type ShiftBuffer = (slot: number, length: number) => Float32Array;

/**
 * How far one colour channel sits displaced from the other two, at one scale: the largest
 * correlation, over channels and over lags t with 1 <= |t| <= `maxLag` (Chebyshev, pixels of
 * this scale), between the channel's difference from the other two and the *odd part* of the
 * luma around it, Y(x - t) - Y(x + t), over the pixels where chroma changes (`activePixels`). The
 * difference has its local mean taken off (`highPass`); the odd part needs none. In [-1, 1], per
 * channel and lag: channel-major, lags in the order of `lags`.
 *
 * Why the odd part: a channel moved by s turns each edge into a fringe, its difference from the
 * others becoming the edge's own profile at s less the profile at 0, and that correlates with
 * Y(x - s) - Y(x + s). A photo's own colour lies on both sides of its edges alike: a coloured
 * object's difference steps where its luma steps, and periodic texture repeats both ways, so
 * whatever the difference shares with the luma is even in t and cancels in the odd part. The
 * correlation, not the covariance, so that the amount of colour does not move the reading:
 * desaturating a photo scales the difference and leaves this as it was.
 * @param luma luma of the scale (`halve` of the one above).
 * @param chroma opponent planes of the same pixels.
 */
export function shiftCorrelations(luma: LumaRaster, chroma: ChromaHalves, maxLag: number, step: 1 | 2, buffer: ShiftBuffer): Float64Array {
  const { width: w, height: h } = luma;
  const margin = max(2, maxLag + 1);
  const lagsRead = lagCount(maxLag);
  const out = new Float64Array(3 * lagsRead);
  if (w <= 2 * margin || h <= 2 * margin) return out;
  const n = w * h;
  const a = buffer(0, n);
  const b = buffer(1, n);
  highPass(chroma.rg, w, h, margin, step, a);
  highPass(chroma.yb, w, h, margin, step, b);
  const list = activePixels(a, b, w, h, margin, step);
  const energy = new Float64Array(3);
  energiesOf(a, b, list, energy);
  const [aa, bb, ab] = energy as unknown as [number, number, number];
  const odd = new Float64Array(3);
  let k = 0;
  for (let ty = 0; ty <= maxLag; ty++) {
    for (let tx = -maxLag; tx <= maxLag; tx++) {
      // Half the lags: t and -t give the same odd part with the sign turned.
      if (ty === 0 && tx <= 0) continue;
      oddSumsOf(luma.data, a, b, list, ty * w + tx, odd);
      const dd = odd[2]!;
      for (let c = 0; c < 3; c++) {
        const [p, q] = CHANNELS[c]!;
        const cc = p * p * aa + 2 * p * q * ab + q * q * bb;
        out[c * lagsRead + k] = cc > 0 && dd > 0 ? (p * odd[0]! + q * odd[1]!) / sqrt(cc * dd) : 0;
      }
      k++;
    }
  }
  return out;
}

/** `activePixels`'s list, kept and grown as scratch.ts keeps planes (and for the same reason). */
let pixelList = new Int32Array(0);

/**
 * The pixels read (`margin` or more from every border; at `step` 2, every other row and every
 * other pixel of it, alternating) whose chroma, high-passed, is at least its mean over those
 * pixels (|A| + |B|). A fringe is chroma that changes, so the correlation is taken where chroma
 * changes; flat colour only dilutes it (and costs time: this keeps about a third of the pixels).
 */
function activePixels(a: Float32Array, b: Float32Array, w: number, h: number, margin: number, step: number): Int32Array {
  let sum = 0;
  let n = 0;
  for (let r = margin; r < h - margin; r += step) {
    for (let i = r * w + margin + ((r >> 1) & (step - 1)), end = r * w + w - margin; i < end; i += step) {
      sum += abs(a[i]!) + abs(b[i]!);
      n++;
    }
  }
  const t = n > 0 ? sum / n : 0;
  if (pixelList.length < n) pixelList = new Int32Array(n);
  const list = pixelList;
  let k = 0;
  for (let r = margin; r < h - margin; r += step) {
    for (let i = r * w + margin + ((r >> 1) & (step - 1)), end = r * w + w - margin; i < end; i += step) {
      if (abs(a[i]!) + abs(b[i]!) >= t) list[k++] = i;
    }
  }
  return list.subarray(0, k);
}

/** Sums of A², B² and A·B over `list`. */
function energiesOf(a: Float32Array, b: Float32Array, list: Int32Array, out: Float64Array): void {
  let aa = 0;
  let bb = 0;
  let ab = 0;
  for (let k = 0; k < list.length; k++) {
    const i = list[k]!;
    const ai = a[i]!;
    const bi = b[i]!;
    aa += ai * ai;
    bb += bi * bi;
    ab += ai * bi;
  }
  out[0] = aa;
  out[1] = bb;
  out[2] = ab;
}

/** Over `list`, with d = Y(x - o) - Y(x + o): the sums of A·d, B·d and d². */
function oddSumsOf(y: Float32Array, a: Float32Array, b: Float32Array, list: Int32Array, o: number, out: Float64Array): void {
  let sa = 0;
  let sb = 0;
  let dd = 0;
  for (let k = 0; k < list.length; k++) {
    const i = list[k]!;
    const d = y[i - o]! - y[i + o]!;
    sa += a[i]! * d;
    sb += b[i]! * d;
    dd += d * d;
  }
  out[0] = sa;
  out[1] = sb;
  out[2] = dd;
}

/** How many lags `shiftCorrelations` reads: half of the (2 maxLag + 1)² square less its centre. */
export function lagCount(maxLag: number): number {
  return ((2 * maxLag + 1) ** 2 - 1) / 2;
}

/** The lags of `shiftCorrelations`, in its order, as [tx, ty] in pixels of the scale read. */
export function lags(maxLag: number): [number, number][] {
  const out: [number, number][] = [];
  for (let ty = 0; ty <= maxLag; ty++) for (let tx = -maxLag; tx <= maxLag; tx++) if (ty > 0 || tx > 0) out.push([tx, ty]);
  return out;
}

/**
 * Writes each pixel of `src` that `activePixels` chooses among less the mean of the four
 * pixels two away from it, up, down, left and right, into `out`. It takes off the local mean and
 * any linear ramp, and a step's own pixels keep its odd shape: on an edge the two neighbours across
 * it average to the edge's middle, the two along it are the pixel's own value.
 */
function highPass(src: Float32Array, w: number, h: number, margin: number, step: number, out: Float32Array): void {
  const up = 2 * w;
  for (let r = margin; r < h - margin; r += step) {
    for (let i = r * w + margin + ((r >> 1) & (step - 1)), end = r * w + w - margin; i < end; i += step) {
      out[i] = src[i]! - 0.25 * (src[i - 2]! + src[i + 2]! + src[i - up]! + src[i + up]!);
    }
  }
}

/** Lags read at half scale (up to 2 px = 4 px of the 768 px raster) and at quarter (3 px = 12). */
export const HALF_LAG = 2;
export const QUARTER_LAG = 3;
const HALF_LAGS = lags(HALF_LAG);
const QUARTER_LAGS = lags(QUARTER_LAG);

/** What `channelShift` reads of an image. */
export interface ShiftReading {
  /** The strongest correlation of either scale, in [0, 1]: how surely a channel is displaced. */
  readonly correlation: number;
  /** How far, in pixels of the raster: the quarter scale's estimate (see `displacement`). */
  readonly displacement: number;
}

/**
 * Whether one colour channel is displaced from the other two, and by how much. The half scale
 * sees shifts of 1-4 px of the raster, which the quarter scale blurs into its first lag; the
 * quarter scale sees them up to 12 px, past the half scale's lags. The displacement is read at
 * quarter scale alone, where a fringe of any of those widths still lies within the lags.
 */
export function channelShift(
  half: LumaRaster,
  chroma: ChromaHalves,
  quarter: LumaRaster,
  coarse: ChromaHalves,
  buffer: ShiftBuffer,
): ShiftReading {
  const fine = peakOf(shiftCorrelations(half, chroma, HALF_LAG, 2, buffer), HALF_LAGS.length);
  const wide = shiftCorrelations(quarter, coarse, QUARTER_LAG, 1, buffer);
  const peak = peakOf(wide, QUARTER_LAGS.length);
  return { correlation: max(fine.value, peak.value), displacement: 4 * displacement(wide, QUARTER_LAGS, peak) };
}

interface Peak {
  /** |correlation| at the peak. */
  readonly value: number;
  /** The channel whose correlations hold it. */
  readonly channel: number;
  /** +1, or -1 where the peak is negative: it then lies at the opposite lag. */
  readonly sign: number;
}

/** The largest |correlation| of `shiftCorrelations`'s output, with its channel and sign. */
function peakOf(values: Float64Array, lagsRead: number): Peak {
  let value = 0;
  let channel = 0;
  let sign = 1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (abs(v) > value) {
      value = abs(v);
      channel = (i / lagsRead) | 0;
      sign = v < 0 ? -1 : 1;
    }
  }
  return { value, channel, sign };
}

/** The share of the peak a lag must reach to count towards the displacement's centroid. */
const CENTROID_SHARE = 0.5;

/**
 * The length of the centroid of the peak channel's correlation over the whole plane of lags
 * (c(-t) = -c(t): the odd part turns its sign), counting each lag by how far it rises over half
 * the peak: in pixels of the scale read. A displaced channel's correlation is one lobe around its
 * displacement, so the centroid lands between the lags, and grows with the displacement where
 * the peak lag alone would stay on one lag across a range of shifts.
 */
function displacement(values: Float64Array, lagList: readonly (readonly [number, number])[], peak: Peak): number {
  if (peak.value <= 0) return 0;
  const base = peak.channel * lagList.length;
  const floor = CENTROID_SHARE * peak.value;
  let weight = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < lagList.length; i++) {
    const [tx, ty] = lagList[i]!;
    const v = peak.sign * values[base + i]!;
    // The lag itself, or its opposite where the correlation is negative there.
    const excess = abs(v) - floor;
    if (excess <= 0) continue;
    const side = v > 0 ? 1 : -1;
    weight += excess;
    sx += side * excess * tx;
    sy += side * excess * ty;
  }
  return weight > 0 ? sqrt(sx * sx + sy * sy) / weight : 0;
}

/**
 * Correlation over which a channel counts as displaced: over every tuning original (highest
 * 0.21, see docs/scorer.md), reached by a 1 px shift of green on all but one tuning photo.
 */
const KNEE = 0.22;
/** Correlation over the knee at which the displacement counts in full. */
const RAMP = 0.05;
/** Displacement, px of the raster, that halves the score once the correlation is past the ramp. */
const SCALE = 16;

/**
 * Channel-registration score in [0, 1] (1 = the channels line up) from `channelShift`: the
 * displacement, counted in the measure that the correlation is past its knee, then
 * 1/(1 + (d/scale)²). Graded by the displacement, not the correlation: a wider fringe is worse,
 * but its correlation is no higher than a 1 px one's.
 */
export function channelShiftScore(reading: ShiftReading): number {
  const confidence = min(1, max(0, (reading.correlation - KNEE) / RAMP));
  const x = (confidence * reading.displacement) / SCALE;
  return 1 / (1 + x * x);
}
