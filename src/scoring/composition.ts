import type { LumaRaster } from './raster';

const THIRDS = [1 / 3, 2 / 3] as const;

/**
 * Composition in [0.5, 1] from where the picture's weight sits: the centroid of each coarse
 * pixel's departure from mean luma (a cheap saliency), compared with the rule-of-thirds
 * intersections and with the centre (a symmetric subject is a fair choice too). Read at a
 * coarse scale so that noise, blur, compression and global tone changes barely move it:
 * composition is a property of the scene, not of its degradation.
 */
export function compositionScore(coarse: LumaRaster): number {
  const { data: d, width: w, height: h } = coarse;
  if (w < 3 || h < 3) return 0.75;
  let m = 0;
  for (let i = 0; i < d.length; i++) m += d[i]!;
  m /= d.length;
  let sw = 0;
  let sx = 0;
  let sy = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = d[y * w + x]! - m;
      const wt = v < 0 ? -v : v;
      sw += wt;
      sx += wt * x;
      sy += wt * y;
    }
  }
  if (sw <= 0) return 0.75;
  const cx = sx / sw / (w - 1);
  const cy = sy / sw / (h - 1);
  let nearThird = Infinity;
  for (const tx of THIRDS) {
    for (const ty of THIRDS) nearThird = Math.min(nearThird, Math.hypot(cx - tx, cy - ty));
  }
  const thirds = Math.exp(-((nearThird / 0.18) ** 2));
  const centre = 0.85 * Math.exp(-((Math.hypot(cx - 0.5, cy - 0.5) / 0.12) ** 2));
  return 0.5 + 0.5 * Math.max(thirds, centre);
}
