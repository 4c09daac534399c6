import { type CastSums, NEUTRAL } from './colour-cast';
import { type GamutClipCount, SATURATED } from './gamut-clip';
import type { RgbRaster } from './raster';
import * as math from './math';

// Module constants, read once: see math.ts.
const { abs, toNumber } = math;

/** What one read of every other pixel of every other row yields for two colour detectors. */
export interface ColourSample {
  readonly cast: CastSums;
  readonly gamut: GamutClipCount;
}

/**
 * The colour cast's sums and the gamut-clip count over the same sample of the decoded pixels
 * (every other pixel of every other row: both are global shares, which need no more), in one
 * read instead of two: each loop was bound by reading the pixels, not by its arithmetic. The scorer
 * takes it from `rgbPass` (rgb-pass.ts); this is the reference that one is tested against.
 */
export function colourSample(rgb: RgbRaster): ColourSample {
  const sums = new Float64Array(7);
  colourSampleLoop(rgb.data, rgb.width, rgb.height, sums);
  const [weight, rg, yb, neutral, count, clipped, saturated] = sums as unknown as [number, number, number, number, number, number, number];
  return { cast: { weight, rg, yb, neutral, count }, gamut: { clipped, saturated, count } };
}

/**
 * The loop of `colourSample`, apart from the objects it returns (typed arrays and numbers only,
 * for the reason `firstPassLoop` gives in first-pass.ts).
 *
 * Cast: each pixel weighs NEUTRAL - chroma where that is positive (|x| + x, no branch), plus 1 so
 * that an image with no near-neutral pixel at all falls back on its mean chroma, times luma,
 * since a cast shows on whites and light greys rather than in the shadows.
 * Gamut: a saturated colour (channel range over SATURATED) with a channel at exactly 0 or 255.
 */
function colourSampleLoop(data: Uint8Array, width: number, height: number, out: Float64Array): void {
  let weight = 0;
  let sRg = 0;
  let sYb = 0;
  let neutral = 0;
  let count = 0;
  let clipped = 0;
  let saturated = 0;
  for (let y = 0; y < height; y += 2) {
    for (let j = 3 * y * width, end = j + 3 * width; j < end; j += 6) {
      const r = data[j]!;
      const g = data[j + 1]!;
      const b = data[j + 2]!;
      const rg = r - g;
      const yb = 0.5 * (r + g) - b;
      const off = NEUTRAL - abs(rg) - abs(yb);
      neutral += toNumber(off > 0);
      count++;
      const w = (off + abs(off) + 1) * (0.299 * r + 0.587 * g + 0.114 * b);
      weight += w;
      sRg += w * rg;
      sYb += w * yb;
      const hi = r > g ? (r > b ? r : b) : g > b ? g : b;
      const lo = r < g ? (r < b ? r : b) : g < b ? g : b;
      saturated += toNumber(hi - lo > SATURATED);
      if (hi - lo > SATURATED && (lo === 0 || hi === 255)) clipped++;
    }
  }
  out[0] = weight;
  out[1] = sRg;
  out[2] = sYb;
  out[3] = neutral;
  out[4] = count;
  out[5] = clipped;
  out[6] = saturated;
}
