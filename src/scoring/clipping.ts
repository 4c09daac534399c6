import type { RgbRaster } from './raster';

/** A channel at or below this level is clipped at black (one level of rounding allowed). */
const CLIPPED_LEVEL = 1;

/**
 * Fraction of pixels with at least one channel clipped at black: crushed shadows, and colours
 * pushed out of gamut at the dark end. It is the shadow side of blown highlights. Per channel,
 * not per luma, because darkening a saturated colour clips its weakest channel long before
 * its luma reaches zero: the first visible loss, hue and texture flattened, comes there.
 */
export function shadowClipping(rgb: RgbRaster): number {
  const d = rgb.data;
  const n = rgb.width * rgb.height;
  if (n === 0) return 0;
  let clipped = 0;
  for (let j = 0; j < 3 * n; j += 3) {
    if (d[j]! <= CLIPPED_LEVEL || d[j + 1]! <= CLIPPED_LEVEL || d[j + 2]! <= CLIPPED_LEVEL) clipped++;
  }
  return clipped / n;
}
