import type { ColourSums } from './colourfulness';
import type { RgbRaster } from './raster';
import { abs, max, sqrt } from './math';

/** Opponent chroma (|R-G| + |(R+G)/2-B|) under which a pixel counts as near-neutral. */
const NEUTRAL = 48;

/** Weighted opponent-chroma sums over near-neutral pixels. */
export interface CastSums {
  readonly weight: number;
  readonly rg: number;
  readonly yb: number;
}

/**
 * The sums `castStrength` reads, over every other pixel of every other row: a global mean
 * needs no more, and the full raster cost as much again as the first pass. Each pixel weighs
 * NEUTRAL - chroma where that is positive (|x| + x, no branch), plus 1 so that an image with no
 * near-neutral pixel at all falls back on its mean chroma, times luma, since a cast shows on
 * whites and light greys rather than in the shadows.
 */
export function castSums(rgb: RgbRaster): CastSums {
  const { data, width, height } = rgb;
  let weight = 0;
  let sRg = 0;
  let sYb = 0;
  for (let y = 0; y < height; y += 2) {
    for (let j = 3 * y * width, end = j + 3 * width; j < end; j += 6) {
      const r = data[j]!;
      const g = data[j + 1]!;
      const b = data[j + 2]!;
      const rg = r - g;
      const yb = 0.5 * (r + g) - b;
      const off = NEUTRAL - abs(rg) - abs(yb);
      const w = (off + abs(off) + 1) * (0.299 * r + 0.587 * g + 0.114 * b);
      weight += w;
      sRg += w * rg;
      sYb += w * yb;
    }
  }
  return { weight, rg: sRg, yb: sYb };
}

/**
 * Colour cast: the mean opponent chroma (R-G and (R+G)/2-B) of the image's near-neutral pixels,
 * weighted by how neutral and how light each is, over the spread (standard deviation) of the
 * opponent chroma of the whole image. Greys, whites and overcast skies average out near neutral
 * in a photo with balanced white; a white-balance error or a tint moves all of them the same
 * way (Gasparini & Schettini's cast detection reads the same region, against the same spread).
 * A bright red flower does not count: it is not near-neutral. The ratio is what makes it fair to
 * saturation: desaturating or saturating a photo scales the near-neutral offset and the spread
 * alike, so neither moves it, and a black-and-white photo (both 0) has none.
 * @param colour the first pass's opponent-channel sums, for the spread.
 */
export function castStrength(sums: CastSums, colour: ColourSums): number {
  if (!(sums.weight > 0) || colour.count === 0) return 0;
  const rg = sums.rg / sums.weight;
  const yb = sums.yb / sums.weight;
  const n = colour.count;
  const spread = sqrt(
    max(0, colour.qRg / n - (colour.sRg / n) ** 2 + colour.qYb / n - (colour.sYb / n) ** 2),
  );
  // The +1 keeps a nearly grey image's rounding noise from dividing by almost nothing.
  return sqrt(rg * rg + yb * yb) / (spread + 1);
}

/**
 * Colour-cast score in [0, 1] (1 = neutral greys) from `castStrength`. Warm evening light, an
 * orange cat filling the frame or beige and olive surfaces (inside the near-neutral window) give
 * ratios up to ~1.4 on honest photos, so the knee sits at 1.5: only a cast that outweighs the
 * photo's own colour spread costs.
 */
export function colourCastScore(strength: number): number {
  const excess = max(0, strength - 1.5);
  return 1 / (1 + excess ** 2);
}
