import type { ScoreBreakdown } from './types';

/**
 * Weight of each sub-score in the overall score. Sharpness and noise weigh most because blur,
 * noise and compression are what viewers notice first; composition least because a centroid is
 * only a rough proxy for it. The rest are artefact detectors: each is 1 on a natural photo
 * (a knee keeps ordinary content at 1), so they cost nothing until an artefact is there, and
 * their weights set how far a plain case of it pulls the score down. `halo` weighs most of
 * them: over-sharpening also raises sharpness, contrast and the spread of the exposure points,
 * so its penalty must outweigh those gains for a sharpened copy to score below its original.
 */
export const WEIGHTS: Readonly<ScoreBreakdown> = {
  sharpness: 0.24,
  noise: 0.22,
  exposure: 0.16,
  contrast: 0.12,
  color: 0.1,
  resolution: 0.1,
  composition: 0.06,
  colorCast: 0.12,
  banding: 0.14,
  pixelation: 0.14,
  impulseNoise: 0.16,
  levelGaps: 0.1,
  gamutClip: 0.12,
  pastedBlocks: 0.12,
  copiedPatches: 0.12,
  colorBleed: 0.12,
  halo: 0.4,
  lumaLevels: 0.12,
  edgeRoughness: 0.3,
  localClipping: 0.3,
};

/**
 * The overall score in [0, 1]: the weighted geometric mean of the sub-scores. Geometric, so that
 * one bad aspect (a blurred or blown-out photo) pulls the whole down and cannot be bought back by
 * the others, while a sub-score of 0 is floored so that one feature cannot zero the photo.
 */
export function combine(b: ScoreBreakdown): number {
  let logSum = 0;
  for (const key of Object.keys(WEIGHTS) as (keyof ScoreBreakdown)[]) {
    logSum += WEIGHTS[key] * Math.log(Math.max(0.01, b[key]));
  }
  return Math.min(1, Math.max(0, Math.exp(logSum)));
}
