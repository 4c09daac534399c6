import type { RgbRaster } from './raster';

/** Channel range (max - min, 0..255) over which a pixel counts as a saturated colour. */
const SATURATED = 64;

/**
 * Share of pixels (every other pixel of every other row: a global share needs no more) that are
 * saturated colours with a channel clipped at 0 or 255: pushing saturation past the gamut (an
 * oversaturation slider, a strong "vivid" filter, KADID's Lab a*b* gain) clips one channel of
 * every strong colour, so flowers and skies turn into flat slabs of pure hue. Greys and whites are
 * not counted (a blown highlight is the exposure term's), so a black-and-white photo has none.
 */
export function gamutClipShare(rgb: RgbRaster): number {
  const { data, width, height } = rgb;
  let clipped = 0;
  let count = 0;
  for (let y = 0; y < height; y += 2) {
    for (let j = 3 * y * width, end = j + 3 * width; j < end; j += 6) {
      const r = data[j]!;
      const g = data[j + 1]!;
      const b = data[j + 2]!;
      const hi = r > g ? (r > b ? r : b) : g > b ? g : b;
      const lo = r < g ? (r < b ? r : b) : g < b ? g : b;
      if (hi - lo > SATURATED && (lo === 0 || hi === 255)) clipped++;
      count++;
    }
  }
  return count === 0 ? 0 : clipped / count;
}

/**
 * Gamut-clip score in [0, 1] (1 = none) from `gamutClipShare`. Cameras clip vivid colours too:
 * the tuning set's honest photos reach 12% (a saturated sky and sunset), so the knee sits at 15%.
 */
export function gamutClipScore(share: number): number {
  const excess = Math.max(0, share - 0.15);
  return 1 / (1 + (excess / 0.2) ** 2);
}
