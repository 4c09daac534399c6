/** A 256-bin histogram of luma rounded to 8 bits, and its pixel count (`firstPass` makes it). */
export interface Histogram {
  readonly bins: Uint32Array;
  readonly total: number;
}

/** The luma level (0..255) below which fraction `p` of the pixels lie, interpolated in-bin. */
export function percentile(hist: Histogram, p: number): number {
  const target = p * hist.total;
  let acc = 0;
  for (let v = 0; v < 256; v++) {
    const c = hist.bins[v]!;
    if (acc + c >= target && c > 0) return v - 0.5 + (target - acc) / c;
    acc += c;
  }
  return 255;
}

/** Mean luma, 0..255. */
export function mean(hist: Histogram): number {
  let s = 0;
  for (let v = 0; v < 256; v++) s += v * hist.bins[v]!;
  return s / hist.total;
}

/** Fraction of pixels with luma in [lo, hi]. */
export function fractionBetween(hist: Histogram, lo: number, hi: number): number {
  let c = 0;
  for (let v = lo; v <= hi; v++) c += hist.bins[v]!;
  return c / hist.total;
}
