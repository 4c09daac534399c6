import type { ColourSums } from './colourfulness';
import type { Histogram } from './histogram';
import type { LumaRaster, RgbRaster } from './raster';
import * as math from './math';

// Module constants, read once: see math.ts.
const { fround } = math;

/**
 * What one read of the decoded pixels yields: luma, its histogram, the green channel's
 * histogram (for level gaps) and the colour sums.
 */
export interface FirstPass {
  readonly luma: LumaRaster;
  readonly hist: Histogram;
  readonly green: Histogram;
  readonly colour: ColourSums;
}

/**
 * Rec. 601 luma of an RGB raster (the weights JPEG uses, so luma matches what the codec saw),
 * with the histogram of luma rounded to 8 bits and the opponent-channel sums of
 * `colourfulness`, in one read of the pixels instead of three over the same buffer (faster: see
 * docs/scorer.md, "Speed work"). Each value is computed with the same float operations, in the
 * same order, as the separate passes did.
 * The scorer reads these in `rgbPass` (rgb-pass.ts) with three other passes over the same pixels;
 * this is the reference that one is tested against.
 * @param out where to write luma (width x height long); a new array when omitted.
 */
export function firstPass(rgb: RgbRaster, out = new Float32Array(rgb.width * rgb.height)): FirstPass {
  const { data, width, height } = rgb;
  const n = width * height;
  const bins = new Uint32Array(256);
  const greenBins = new Uint32Array(256);
  const sums = new Float64Array(5);
  firstPassLoop(data, n, out, bins, greenBins, sums);
  return {
    luma: { data: out, width, height },
    hist: { bins, total: n },
    green: { bins: greenBins, total: n },
    colour: { sRg: sums[0]!, sYb: sums[1]!, qRg: sums[2]!, qYb: sums[3]!, tinted: sums[4]!, count: n },
  };
}

/**
 * The pixel loop of `firstPass`, apart from the objects it returns: it takes and writes only
 * typed arrays and numbers, so its optimised code depends on no object's shape. Inside
 * `firstPass`, the code compiled on the first call's loop deoptimised at the object literals
 * after it on every later call, and the loop ran about twice as long (docs/scorer.md, "Speed
 * work"). The sums are float64 in `sums` (rg, yb, their squares, tinted), the same doubles as
 * the local sums they are copied from.
 */
function firstPassLoop(
  data: Uint8Array,
  n: number,
  out: Float32Array,
  bins: Uint32Array,
  greenBins: Uint32Array,
  sums: Float64Array,
): void {
  let sRg = 0;
  let sYb = 0;
  let qRg = 0;
  let qYb = 0;
  let tinted = 0;
  for (let i = 0, j = 0; i < n; i++, j += 3) {
    const r = data[j]!;
    const g = data[j + 1]!;
    const b = data[j + 2]!;
    // Rounded to float32 here, as storing it rounds it, so the histogram bins what is stored.
    const l = fround(0.299 * r + 0.587 * g + 0.114 * b);
    out[i] = l;
    bins[(l + 0.5) | 0]!++;
    greenBins[g]!++;
    const rg = r - g;
    const yb = 0.5 * (r + g) - b;
    sRg += rg;
    sYb += yb;
    qRg += rg * rg;
    qYb += yb * yb;
    // Chroma subsampling and rounding leave grey JPEGs a level or two off neutral. Counted by
    // the sign bit of 3 - |step| for either step, not a branch on them: the steps follow the
    // photo, so such a branch is often mispredicted.
    const gb = g - b;
    tinted += ((3 - rg) | (3 + rg) | (3 - gb) | (3 + gb)) >>> 31;
  }
  sums[0] = sRg;
  sums[1] = sYb;
  sums[2] = qRg;
  sums[3] = qYb;
  sums[4] = tinted;
}
